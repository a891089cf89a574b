"""The site's folder: where it may be written, and writing only the pages whose bytes changed."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path

from spyglass.errors import UsageError

_TEMPORARY = re.compile(r"\..+\.[0-9]+\.tmp")  # a page being written: .NAME.PID.tmp, renamed into place once whole
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
        self.manifest = ""  # the sha256 of the record of the last build, as found: is it the one this code left?
        try:
            raw = (folder / MANIFEST).read_bytes()
            self.manifest = hashlib.sha256(raw).hexdigest()
            self.before = dict(json.loads(raw)["pages"])
        except (OSError, ValueError, KeyError, TypeError):
            self.before = {}  # no earlier build, or an unreadable record of it: every page is made
        self.after: dict[str, list[str]] = {}
        self._listed: set[str] | None = None
        self.written = 0

    def kept(self, rel: str, key: str) -> list[str] | None:
        """The record of a page built from inputs `key` that the last build left in place, or None."""
        old = self.before.get(rel)
        return old if old is not None and old[0] == key and (self.folder / rel).is_file() else None

    def write(self, rel: str, data: bytes, key: str = "") -> tuple[list[str], bool]:
        """Write `data` at `rel` unless the same bytes are there from the last build; its record, and whether written.

        Changes nothing but the file, so that forked workers may call it; `record` keeps the outcome.
        """
        digest = hashlib.sha256(data).hexdigest()
        entry = [key or digest, digest]
        old = self.before.get(rel)
        if old is not None and old[1] == digest and (self.folder / rel).is_file():
            return entry, False
        path = self.folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        return entry, True

    def record(self, rel: str, entry: list[str], written: bool) -> None:
        self.after[rel] = entry
        self.written += written

    def page(self, rel: str, data: bytes, key: str = "") -> None:
        """Write a page if its bytes changed, and record it."""
        self.record(rel, *self.write(rel, data, key))

    def carry(self, rel: str) -> bool:
        """Keep a page the last build made, unchanged since; False when it is not there to keep."""
        old = self.before.get(rel)
        listed = rel.startswith(("entity/", "source/"))
        if old is None or not (rel in self._files() if listed else (self.folder / rel).is_file()):
            return False
        self.record(rel, old, False)
        return True

    def _files(self) -> set[str]:
        """The regular files in the folder's page folders, listed once (a listing is ~20x cheaper than a stat each)."""
        if self._listed is None:
            self._listed = set()
            for folder in ("entity", "source"):
                with contextlib.suppress(FileNotFoundError, NotADirectoryError), os.scandir(self.folder / folder) as it:
                    self._listed |= {f"{folder}/{e.name}" for e in it if e.is_file(follow_symlinks=False)}
        return self._listed

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
        self._remove_leftovers()
        # a line per page; json's C encoder writes no indents, and the Python one is ~10x slower
        lines = [f"{json.dumps(rel)}:{json.dumps(entry)}" for rel, entry in sorted(self.after.items())]
        manifest = '{"pages":{\n' + ",\n".join(lines) + "\n}}\n"
        self.page_raw(MANIFEST, manifest.encode())
        self.manifest = hashlib.sha256(manifest.encode()).hexdigest()
        return removed

    def _remove_leftovers(self) -> None:
        """Remove the temporary files of pages being written when a build was stopped (killed, or out of disk)."""
        for folder in (self.folder, *(self.folder / name for name in ("entity", "source", "assets"))):
            with contextlib.suppress(FileNotFoundError, NotADirectoryError), os.scandir(folder) as entries:
                for entry in entries:
                    if _TEMPORARY.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(entry.path)

    def page_raw(self, rel: str, data: bytes) -> None:
        path = self.folder / rel
        if path.is_file() and path.read_bytes() == data:
            return
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
