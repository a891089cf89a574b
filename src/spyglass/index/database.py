"""The SQLite/FTS5 index that queries read: built from the records, refreshed file by file.

It lives in the cache folder, outside the knowledge base. Every refresh stats the record files
and archived texts; only changed files are read again, and their rows replaced, in one
transaction (BEGIN IMMEDIATE), so that two commands at once never corrupt it. A new INDEX_FORMAT,
or new code deriving its rows, rebuilds it from nothing; so does a damaged index file (garbage
written over it, a truncated copy), found by SQLite's own checks, once, without the user's help.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spyglass.cache import cache_dir, code_fingerprint, load_marshal, save_marshal
from spyglass.index.schema import INDEX_FORMAT, SCHEMA
from spyglass.kb.files import RecordFile, discover
from spyglass.kb.layout import check_root
from spyglass.kb.stat import Stat, Stats, scan, stat_of, unchanged


@dataclass
class Refresh:
    """What one refresh did: files read again, removed, and texts re-anchored."""

    read: int = 0
    removed: int = 0
    texts: int = 0


def index_path(root: Path) -> Path:
    return cache_dir(root) / "index.sqlite"


class Damaged(Exception):
    """The index file fails SQLite's integrity check."""


SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26  # primary result codes: the file is damaged, or not a database


def damaged(exc: BaseException) -> bool:
    """Whether an error means the index file is damaged (not locked, not full: those are the user's to see)."""
    if isinstance(exc, Damaged):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    return (
        isinstance(exc, sqlite3.DatabaseError) and code is not None and code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    )


def open_index(root: Path, workers: int = 1) -> tuple[sqlite3.Connection, Refresh]:
    """The index of `root`, brought up to date with its files; a damaged index is rebuilt once.

    `workers` > 1 proves the quotes of a large refresh on that many forked processes (where no other thread
    runs: spyglass.forks)."""
    check_root(root)
    path = index_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open(root, path, workers)
    except (sqlite3.DatabaseError, Damaged) as exc:
        if not damaged(exc):
            raise
        seen = _file_key(path)
    with _locked(path.with_name(path.name + ".lock")):
        if _file_key(path) == seen:  # not yet replaced by another command that found it damaged too
            _create(path)
    return _open(root, path, workers)


def open_for_answers(root: Path, workers: int = 1) -> sqlite3.Connection:
    """`open_index` for a command: a folder in the index's place, a damaged file, a lock held too long or a
    full disk become an error that says what to do."""
    from spyglass.errors import SpyglassError

    path = index_path(root)
    remove = (
        f"Remove it (rm -r '{path}'); the next command builds it again. Or set SPYGLASS_CACHE_DIR to build elsewhere."
    )
    if path.is_dir():
        raise SpyglassError(f"the index {path} is a folder, not a database file", remove)
    try:
        connection, _ = open_index(root, workers)
    except sqlite3.Error as exc:  # only damage is mended by removing the file; a lock or a full disk is not
        hint = remove if damaged(exc) else "Try again; if it persists, run: spyglass validate"
        raise SpyglassError(f"cannot open the index {path}: {exc}", hint) from None
    return connection


def _open(root: Path, path: Path, workers: int) -> tuple[sqlite3.Connection, Refresh]:
    if not _current(path):
        with _locked(path.with_name(path.name + ".lock")):
            if not _current(path):  # another command may have built it while this one waited
                _create(path)
    connection = _connect(path)
    try:
        return connection, refresh(connection, root, workers)
    except BaseException:
        connection.close()
        raise


def _file_key(path: Path) -> Stat | None:
    """The index file's own stat key: a change that this code did not make calls for a check."""
    return stat_of(path)


def _current(path: Path) -> bool:
    """Whether an index of this INDEX_FORMAT exists at `path`."""
    if not path.exists():
        return False
    connection = sqlite3.connect(path, timeout=60)
    try:
        if connection.execute("PRAGMA user_version").fetchone()[0] != INDEX_FORMAT:
            return False
        built_by = connection.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
        return built_by is not None and built_by[0] == code_fingerprint()  # rows from other code: rebuild
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock between processes, so that only one of them replaces the index file."""
    import fcntl

    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=60, isolation_level=None)
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA cache_size=-65536")  # 64 MiB: a build touches many index pages
    return connection


def _create(path: Path) -> None:
    """A new, empty index of the current INDEX_FORMAT, put in place with one rename."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    connection = sqlite3.connect(temporary, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")  # kept by the file: readers go on while another command writes
    connection.executescript(SCHEMA + f"PRAGMA user_version={INDEX_FORMAT};")
    connection.execute("INSERT INTO meta VALUES ('code', ?)", (code_fingerprint(),))
    connection.execute("INSERT INTO meta VALUES ('epoch', ?)", (os.urandom(8).hex(),))  # this file's own history
    connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(temporary, path)


def refresh(connection: sqlite3.Connection, root: Path, workers: int = 1) -> Refresh:
    """Bring the index up to date: re-read changed record files and texts, drop removed ones.

    The question "did anything change?" is answered from a small stat manifest beside the index,
    so that a query on an unchanged knowledge base never reads the index's file table.
    """
    path = index_path(root)
    manifest = path.with_suffix(".stat")
    seen = scan(root)
    found = {rel: stat for rel, stat in seen.items() if rel.endswith((".yaml", ".yml"))}
    stored = load_marshal(manifest)
    known = bool(stored) and stored[0] == _file_key(path)  # the manifest names the index file as this code left it
    if known and not _outdated(stored[1:], root, found, seen):
        return Refresh()
    if not known and connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise Damaged(path)  # rebuilt, or written by something else since this code last checked it
    files, _ = discover(root)
    current = {f.rel: found[f.rel] for f in files if f.rel in found}
    refused = len(found.keys() - current.keys()) + len({f.rel for f in files} - current.keys())
    connection.execute("BEGIN IMMEDIATE")  # one writer at a time; the others wait, then find it done
    try:
        done = _apply(connection, root, files, current, refused, workers)
        connection.execute("COMMIT")
    except BaseException:
        with suppress(sqlite3.Error):  # a damaged file may refuse the rollback too; the first error tells
            connection.execute("ROLLBACK")
        raise
    files_seen, texts = _manifest(connection)
    at = time.time_ns()
    files_seen.update({rel: (*found[rel], at) for rel in found.keys() - current.keys()})  # refused: watched too
    # the file as this code left it, before its key is kept; PASSIVE never waits for other readers
    connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    save_marshal(manifest, (_file_key(path), files_seen, texts))
    return done


def _manifest(connection: sqlite3.Connection) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a committed index was built from: record files (size, mtime, indexed at) and texts."""
    files = {
        rel: (size, mtime, ctime, ino, at)
        for rel, size, mtime, ctime, ino, at in connection.execute(
            "SELECT rel, size, mtime, ctime, ino, indexed_at FROM files"
        )
    }
    texts = {row[0]: row[1:] for row in connection.execute("SELECT rel, size, mtime, ctime, ino FROM texts")}
    return files, texts


def _outdated(stored: Any, root: Path, current: Stats, seen: Stats) -> bool:
    """Whether any record file or archived text differs from what was indexed (True without a manifest).

    A record file inside the racy window when it was indexed is read again (and its hash compared).
    """
    if not stored:
        return True
    files, texts = stored
    if files.keys() != current.keys():
        return True
    if not all(unchanged(stat, files[rel][:4], files[rel][4]) for rel, stat in current.items()):
        return True
    for rel, old in texts.items():
        now = seen[rel] if rel in seen else stat_of(root / rel)  # texts beside their records were statted with them
        if not unchanged(now, None if old[0] is None else old):
            return True
    return False


def _apply(
    connection: sqlite3.Connection, root: Path, files: list[RecordFile], current: Stats, refused: int, workers: int
) -> Refresh:
    from spyglass.cache import collector_paused
    from spyglass.index.refresh import apply_changes

    with collector_paused():
        read, removed, texts = apply_changes(connection, root, files, current, refused, workers)
    return Refresh(read, removed, texts)


def meta_problems(connection: sqlite3.Connection) -> dict[str, int]:
    """Counts of what the index could not use, as the last refresh left them."""
    return dict(
        connection.execute("SELECT key, value FROM meta WHERE key IN ('broken_files', 'left_out_claims')").fetchall()
    )
