"""What an import owns: the files its manifest says it wrote, with the sha256 of what it wrote.

The manifest `.spyglass-import-<prefix>.json` at the root of the knowledge base lists every file the
import wrote and the sha256 of the bytes it wrote. A listed file whose bytes no longer match is a
curator's edit: the import refuses to replace or remove it. While an import is putting its files in
place the manifest accepts both the old and the new hash, so that a run stopped midway is completed,
not mistaken for edits, by the next one. A knowledge base imported before manifests existed falls
back to the prefix rule of `owned_by_prefix` (it cannot tell an edit from what the import wrote).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from spyglass.errors import SpyglassError
from spyglass.kb.layout import FOLDERS
from spyglass.kb.model_check import named_text
from spyglass.kb.reading import MAX_TEXT_BYTES, Refused, read_regular

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase


class ImportConflict(SpyglassError):
    """An import would overwrite, remove or shadow a file that a curator wrote or edited."""


@dataclass
class Owned:
    """The files an import owns (kb-relative) with the sha256 values it accepts as its own writing."""

    files: dict[str, set[str]]
    recorded: bool  # False: no manifest, ownership by the prefix rule


def manifest_name(prefix: str) -> str:
    return f".spyglass-import-{prefix}.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(files: dict[str, set[str]], command: str) -> bytes:
    """The manifest as stable JSON: sorted paths, each with its sorted hashes."""
    body = {
        "written_by": command,
        "note": "The files this import wrote and the sha256 of what it wrote; an edited file is a curator's.",
        "files": {rel: sorted(files[rel]) for rel in sorted(files)},
    }
    return (json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _digest(path: Path) -> str | None:
    """The sha256 of a regular file's bytes, or None when it is missing or not one (never read then)."""
    try:
        return sha256(read_regular(path, MAX_TEXT_BYTES))
    except Refused:
        return None


def read_owned(kb: KnowledgeBase, prefix: str) -> Owned:
    """The manifest of `prefix` if there is one, else the prefix rule with today's bytes taken as written."""
    path = kb.root / manifest_name(prefix)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        files = owned_by_prefix(kb, prefix)
        return Owned({rel: {digest} for rel in files if (digest := _digest(kb.root / rel)) is not None}, False)
    try:
        listed = json.loads(raw.decode("utf-8"))["files"]
        owned = {rel: set(hashes) for rel, hashes in listed.items() if _plain(rel) and _hashes(hashes)}
        if len(owned) != len(listed):
            raise ValueError("an entry is not a record file with its hashes")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ImportConflict(
            f"{manifest_name(prefix)} is not a manifest of an import ({exc})",
            f"Restore it from version control; or delete it, and the import then owns the `{prefix}-` files "
            "it finds, edited or not.",
        ) from None
    return Owned(owned, True)


def _plain(rel: object) -> bool:
    """A path the import may write: a file directly in a record folder, never a way out of it."""
    if not isinstance(rel, str):
        return False
    parts = PurePosixPath(rel).parts
    return len(parts) == 2 and parts[0] in FOLDERS and not parts[1].startswith(".") and "\\" not in rel


def _hashes(hashes: object) -> bool:
    return isinstance(hashes, list) and all(isinstance(h, str) for h in hashes)


def owned_by_prefix(kb: KnowledgeBase, prefix: str) -> set[str]:
    """Without a manifest: `<prefix>-` dataset sources, their texts, and entities quoting only those."""
    from spyglass.model.records import Source

    start = f"{prefix}-"
    sources: set[str] = set()
    files: set[str] = set()
    for parsed in kb.records:
        record = parsed.record
        mine = isinstance(record, Source) and record.id.startswith(start) and record.type == "dataset"
        if mine and kb.where.get(record.id) is parsed:
            sources.add(record.id)
            files.add(parsed.file.rel)
            text = named_text(parsed.file, {"text": record.text})
            if text is not None and _plain(text):  # never a path that climbs out of sources/ ('../NOTES.md')
                files.add(text)
    for parsed in kb.records:
        record = parsed.record
        if record is None or isinstance(record, Source) or not record.id.startswith(start) or not record.claims:
            continue
        cited = {e.source for c in record.claims for e in c.evidence}
        # A source of the prefix that is missing (an interrupted import) does not make the file a curator's.
        if kb.where.get(record.id) is parsed and all(
            s in sources or (s.startswith(start) and s not in kb.where) for s in cited
        ):
            files.add(parsed.file.rel)
    return files


def texts_named_by_others(kb: KnowledgeBase, owned: set[str]) -> set[str]:
    """The archived texts that sources outside `owned` name: never the import's to write."""
    from spyglass.model.records import Source

    return {
        (PurePosixPath(p.file.rel).parent / p.record.text).as_posix()
        for p in kb.records
        if isinstance(p.record, Source) and p.file.rel not in owned
    }


def edited(owned: Owned, current: dict[str, bytes | None], wanted: dict[str, bytes]) -> list[str]:
    """The owned files a curator changed that the import would replace or remove."""
    return sorted(
        rel
        for rel, hashes in owned.files.items()
        if (data := current.get(rel)) is not None and sha256(data) not in hashes and wanted.get(rel) != data
    )


def describe(rels: list[str]) -> str:
    """The first three paths, and how many more."""
    more = f" and {len(rels) - 3} more" if len(rels) > 3 else ""
    return f"{', '.join(rels[:3])}{more}"


def outside(root: Path, rels: set[str]) -> list[str]:
    """The paths, and the folders holding them, that links lead out of the knowledge base."""
    import os

    from spyglass.kb.files import inside

    found: set[str] = set()
    for rel in rels:
        path = root / rel
        if os.path.lexists(path.parent) and not inside(root, path.parent):  # a dangling link too
            found.add(f"{PurePosixPath(rel).parent}/")
        elif os.path.lexists(path) and not inside(root, path):
            found.add(rel)
    return sorted(found)
