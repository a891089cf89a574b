"""Put an import's files in place all together or not at all.

Every new file is first written in full as a hidden temporary file beside its target; only when all
are written are they renamed into place (a rename needs no disk space), then the files the import
dropped are removed. A failure at any step puts back what was there before, from memory.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from spyglass.cache import current_umask, write_atomically
from spyglass.errors import SpyglassError


class ImportFailed(SpyglassError):
    """The system refused a write of an import; what was there before is back in place."""


def commit(
    root: Path,
    changes: dict[str, bytes],
    removals: list[str],
    before: dict[str, bytes | None],
    journal: tuple[str, bytes],
) -> None:
    """Write `changes` in order, then remove `removals`, all or none; `before` holds the old bytes to put back."""
    # The journal (a manifest accepting old and new hashes) goes in once all is staged, before anything is placed.
    created: list[Path] = []
    staged: dict[str, str] = {}
    rel = ""
    try:
        _new_folders(root, changes, created)
        for rel, data in changes.items():
            staged[rel] = stage(root / rel, data)
    except BaseException as exc:
        _discard(staged, created)
        if not isinstance(exc, OSError):
            raise
        raise ImportFailed(
            f"could not write {_where(exc, rel)}: {exc.strerror or exc}; nothing was changed",
            "Free some disk space, or let spyglass write to that folder, then import again.",
        ) from None
    done: list[str] = []
    try:
        rel = journal[0]
        write_atomically(root / rel, journal[1])
        done.append(rel)
        for rel, temporary in staged.items():
            os.replace(temporary, root / rel)
            done.append(rel)
        for rel in removals:
            (root / rel).unlink()
            done.append(rel)
    except BaseException as exc:
        stuck = _undo(root, done, before)
        _discard(staged, created)
        if not isinstance(exc, OSError):
            raise
        if stuck:
            raise ImportFailed(
                f"the import stopped midway ({exc.strerror or exc}) and could not put back {', '.join(stuck)}",
                "Run the same import again once the cause is fixed: it completes what this one began.",
            ) from None
        raise ImportFailed(
            f"could not put {_where(exc, rel)} in place: {exc.strerror or exc}; nothing was changed",
            "Check that spyglass may write to the knowledge base's folders, then import again.",
        ) from None


def stage(path: Path, data: bytes) -> str:
    """A hidden temporary file beside `path` holding `data`, readable as the umask allows."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), 0o666 & ~current_umask())  # mkstemp makes 0600; records are for others too
            out.write(data)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def _new_folders(root: Path, changes: dict[str, bytes], created: list[Path]) -> None:
    """Make the record folders the import needs, noting in `created` the ones to remove if it fails."""
    for folder in dict.fromkeys((root / rel).parent for rel in changes):
        if not folder.exists():
            folder.mkdir()
            created.append(folder)


def _undo(root: Path, done: list[str], before: dict[str, bytes | None]) -> list[str]:
    """Put back the old bytes of every file already replaced or removed; the ones that could not be."""
    stuck: list[str] = []
    for rel in reversed(done):
        old = before.get(rel)
        try:
            if old is None:
                (root / rel).unlink(missing_ok=True)
            else:
                write_atomically(root / rel, old)
        except OSError:
            stuck.append(rel)
    return stuck


def _discard(staged: dict[str, str], created: list[Path]) -> None:
    for temporary in staged.values():
        Path(temporary).unlink(missing_ok=True)
    for folder in reversed(created):
        with contextlib.suppress(OSError):  # not empty: something else wrote there meanwhile
            folder.rmdir()


def _where(exc: OSError, rel: str) -> str:
    """The file the import was at; before the first, the folder the system named."""
    return rel or str(exc.filename or "the knowledge base")
