"""The site's folder: where it may be written, and writing only the pages whose bytes changed."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from spyglass.errors import UsageError

MANIFEST = ".spyglass-site.json"  # what the last build wrote; also marks the folder as a site Spyglass may rewrite


def site_folder(out: Path, root: Path) -> Path:
    """Where a site may be built: outside the knowledge base, a new, empty or earlier site folder."""
    target = Path(os.path.realpath(out))
    kb = Path(os.path.realpath(root))
    if target.is_relative_to(kb) or kb.is_relative_to(target):
        raise UsageError(
            f"{out} overlaps the knowledge base {root}; a site written there could overwrite its records",
            "Give --out a folder outside the knowledge base, e.g. --out site",
        )
    if not target.parent.is_dir():
        raise UsageError(f"no folder {target.parent} to make {out.name} in", "Create the folder first.")
    if target.exists():
        if not target.is_dir():
            raise UsageError(f"{out} is not a folder; a site is a folder of pages", "Give a folder path.")
        if any(target.iterdir()) and not (target / MANIFEST).is_file():
            raise UsageError(
                f"{out} is not empty and holds no Spyglass site; building there could overwrite your files",
                "Give a new or empty folder, or one that `spyglass site` built before.",
            )
    return target


class Writer:
    """Writes pages whose bytes differ from what the last build wrote, and removes pages no longer built."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.before: dict[str, list[str]] = {}
        try:
            self.before = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["pages"]
        except (OSError, ValueError, KeyError, TypeError):
            self.before = {}  # no earlier build, or an unreadable record of it: every page is written
        self.after: dict[str, list[str]] = {}
        self.written = 0

    def unchanged(self, rel: str, key: str) -> bool:
        """Whether the page built from inputs `key` is already in place as the last build wrote it; kept if so."""
        old = self.before.get(rel)
        if old is None or old[0] != key or not (self.folder / rel).is_file():
            return False
        self.after[rel] = old
        return True

    def page(self, rel: str, data: bytes, key: str = "") -> None:
        """Write `data` at `rel` unless the same bytes are there from the last build."""
        digest = hashlib.sha256(data).hexdigest()
        self.after[rel] = [key or digest, digest]
        old = self.before.get(rel)
        if old is not None and old[1] == digest and (self.folder / rel).is_file():
            return
        path = self.folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        self.written += 1

    def finish(self) -> int:
        """Remove the pages of the last build that this one did not make; record this build. Returns how many went."""
        removed = 0
        for rel in sorted(self.before.keys() - self.after.keys()):
            if Path(rel).is_absolute() or ".." in Path(rel).parts:
                continue  # an edited manifest must never lead outside the folder
            path = self.folder / rel
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed += 1
        manifest = json.dumps({"pages": dict(sorted(self.after.items()))}, indent=0, sort_keys=True) + "\n"
        self.page_raw(MANIFEST, manifest.encode())
        return removed

    def page_raw(self, rel: str, data: bytes) -> None:
        path = self.folder / rel
        if path.is_file() and path.read_bytes() == data:
            return
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
