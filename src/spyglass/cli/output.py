"""Standard output that fails cleanly: a full disk or an I/O error is a message, a closed pipe a quiet exit."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from spyglass.errors import SpyglassError

PIPE_CLOSED = 141  # 128 + SIGPIPE: what a shell reports for a command whose reader went away


class OutputFailed(SpyglassError):
    """Standard output could not be written: a full disk, an I/O error."""


class PipeClosed(Exception):
    """The reader of standard output went away (`spyglass search x | head -1`)."""


def _stdout_name() -> str:
    """Standard output, with the file it goes to where the system says (Linux's /proc)."""
    try:
        return f"standard output ({os.readlink('/proc/self/fd/1')})"
    except OSError:
        return "standard output"


@contextmanager
def writing() -> Iterator[None]:
    """Turn a failed write to standard output into OutputFailed, or PipeClosed when its reader is gone."""
    try:
        yield
    except BrokenPipeError:
        raise PipeClosed from None
    except OSError as exc:
        raise OutputFailed(
            f"cannot write to {_stdout_name()}: {exc.strerror or exc}",
            "Free some space where the output goes, or send it elsewhere (another file, or a pipe).",
        ) from None


def write(text: str) -> None:
    """Text on stdout, flushed at once so that a failure is reported by the command that wrote."""
    with writing():
        sys.stdout.write(text)
        sys.stdout.flush()


def write_bytes(data: bytes) -> None:
    """Bytes (an export's UTF-8 text) on stdout, flushed at once."""
    with writing():
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def write_json(text: str) -> None:
    """JSON text (indented by 2) on stdout; where stdout's encoding cannot hold it (LC_ALL=C), the same
    JSON written in ASCII escapes, since a backslash-replaced letter would not be JSON any more."""
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        text = json.dumps(json.loads(text), indent=2)
    write(text + "\n")


def tolerate_any_encoding() -> None:
    """Print what stdout's encoding lacks (LC_ALL=C, PYTHONIOENCODING=ascii) as backslash escapes, never fail."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")


def finish() -> None:
    """Flush what is left, so that a failed write is reported here and not ignored at interpreter exit."""
    with writing():
        sys.stdout.flush()


def silence() -> None:
    """Point stdout at the null device, so that the interpreter's last flush cannot fail a second time."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no real file behind stdout (a test's runner): nothing will flush it
        pass
