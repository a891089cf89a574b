"""Statting the files of a knowledge base: what every query does first, to see what changed."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from spyglass.kb.layout import FOLDERS

Stats = dict[str, tuple[int, int]]


def scan(root: Path) -> Stats:
    """Size and mtime of every file in the record folders (records and texts), by kb-relative path."""
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
                            stats[f"{folder}/{entry.name}"] = (status.st_size, status.st_mtime_ns)
        finally:
            os.close(handle)
    return stats
