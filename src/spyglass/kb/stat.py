"""Statting the files of a knowledge base, and the one answer to "did this file change?".

Every cache (parse, verdict, index) trusts a file's size, mtime, ctime and inode only outside the
racy window: a file written less than RACY_NS before its stat was recorded may change again within
the same tick, so it is read (and hashed) again until that window has passed. The ctime is kept
because cp -p, rsync -a and tar x restore an old mtime, and no one can set the ctime back.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from spyglass.kb.layout import FOLDERS

Stat = tuple[int, int, int, int]  # size, mtime ns, ctime ns, inode: a change to any means read again
Stats = dict[str, Stat]
RACY_NS = 2_000_000_000


def stat_of(path: Path | str) -> Stat | None:
    """A file's stat key, or None when it cannot be statted (missing, unreadable folder, link loop)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return key_of(status)


def key_of(status: os.stat_result) -> Stat:
    """The parts of a stat that change whenever a file's content may have changed."""
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def unchanged(now: Stat | None, then: Stat | None, recorded_at_ns: int | None = None) -> bool:
    """Whether a file is surely as it was when `then` was recorded (None: it did not exist).

    With the time of recording, an mtime inside the racy window before it is never trusted.
    """
    if now != then:
        return False
    return now is None or recorded_at_ns is None or now[1] < recorded_at_ns - RACY_NS  # as git: mtime alone


def scan(root: Path) -> Stats:
    """The stat key of every file in the record folders (records and texts), by kb-relative path."""
    stats: Stats = {}
    for folder in FOLDERS:
        try:
            handle = os.open(root / folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            with os.scandir(handle) as entries:  # stat by handle and name: cheaper than by full path
                for entry in entries:
                    if not entry.name.startswith("."):
                        with suppress(OSError):
                            status = entry.stat()
                            stats[f"{folder}/{entry.name}"] = key_of(status)
        finally:
            os.close(handle)
    return stats
