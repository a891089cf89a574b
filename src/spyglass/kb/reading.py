"""Reading a record or an archived text: a regular file only, and never more than a limit.

A FIFO would block open() for ever, a device may never end, a link loop fails with ELOOP and a
huge file would exhaust memory: each becomes a refusal that says why, never a hang or a crash.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_TEXT_BYTES = 32 << 20  # an archived text; records have their own, smaller limit (MAX_FILE_BYTES)
_CHUNK = 1 << 20


class Refused(Exception):
    """A file that was not read, with the reason in words (`str(refused)`)."""


class NotRegular(Refused):
    """A FIFO, device, socket or folder where a regular file was expected."""


class TooLarge(Refused):
    """A file larger than its limit; `size` is what it holds, or limit + 1 when it grew while read."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size:,} bytes; the limit is {limit:,}")
        self.size = size
        self.limit = limit


class Unreadable(Refused):
    """A file the system would not open or read; `missing` when there is none at all."""

    def __init__(self, reason: str, *, missing: bool = False) -> None:
        super().__init__(reason)
        self.missing = missing


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def _unreadable(exc: OSError) -> Unreadable:
    if exc.errno == errno.ELOOP:
        return Unreadable("a loop of symbolic links")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return Unreadable("no such file", missing=True)
    return Unreadable(f"cannot read: {exc.strerror or exc}")


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; raises a Refused subclass otherwise."""
    try:
        status = os.stat(path)  # before open: opening a FIFO blocks, opening a device may act
        if not stat.S_ISREG(status.st_mode):
            raise NotRegular(f"{kind_of(status.st_mode)}, not a regular file")
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as exc:
        raise _unreadable(exc) from None
    try:
        status = os.fstat(handle)  # the file opened may not be the one statted
        if not stat.S_ISREG(status.st_mode):
            raise NotRegular(f"{kind_of(status.st_mode)}, not a regular file")
        if status.st_size > limit:
            raise TooLarge(status.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(handle, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooLarge(total, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise _unreadable(exc) from None
    finally:
        os.close(handle)
