"""Where Spyglass keeps what it has proved and indexed: a cache folder outside the knowledge base."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

CACHE_FORMAT = 3  # bump when what the caches hold changes shape (3: stat keys hold ctime and inode)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the garbage collector while many small objects are built: it would triple the cost."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cache_dir(root: Path) -> Path:
    """The cache folder of a knowledge base: $SPYGLASS_CACHE_DIR, else the user's cache folder."""
    base = os.environ.get("SPYGLASS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "spyglass"
    )
    real = os.path.realpath(root)
    key = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(base) / f"{Path(real).name}-{key}"


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, 0o666 & ~current_umask())  # mkstemp makes 0600; a record or an export is for others too
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, whole: a temporary file beside it, then a hard link, which
    fails (FileExistsError) rather than replace a file made in between."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, 0o666 & ~current_umask())
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.link(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What cached results depend on: this cache format, the Python, and every module of the package.

    Hashing all the code (~200 KB, a few milliseconds) means no hand-kept list can leave a rule out:
    a verdict, a parse or an index never outlives the code that computed it.
    """
    package = os.path.dirname(__file__)
    modules = []
    for folder, subfolders, names in os.walk(package):  # os.walk: a third of Path.rglob's cost here
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        modules += [os.path.join(folder, name) for name in names if name.endswith(".py")]
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}".encode())
    for path in sorted(modules):
        digest.update(os.path.relpath(path, package).encode() + b"\0")
        with open(path, "rb") as module:
            digest.update(module.read())
    return digest.hexdigest()


def load_marshal(path: Path) -> Any:
    """Plain cached data (dicts, lists, text), or None; marshal reads it ~5x faster than pickle."""
    try:
        stored = marshal.loads(path.read_bytes())
    except Exception:
        return None
    if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != code_fingerprint():
        return None
    return stored[1]


def save_marshal(path: Path, value: Any) -> None:
    """Store plain data; a cache that cannot be written is not an error for the user."""
    with contextlib.suppress(OSError, ValueError):
        write_atomically(path, marshal.dumps((code_fingerprint(), value)))


def current_umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
