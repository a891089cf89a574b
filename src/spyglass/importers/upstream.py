"""Upstream JSON as an importer may use it: bounded nesting, Unicode text only, every value checked before use."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from spyglass.errors import UsageError
from spyglass.importers.entries import slugify

MAX_DEPTH = 64  # levels of nesting; the catalogues use fewer than ten
MAX_FILE = 1 << 30  # bytes; ATT&CK's enterprise bundle, the largest, is about 50 MB
MAX_UPSTREAM_ID = 200  # characters of a uuid or STIX id an import relies on
MAX_VERSION = 200  # characters of the version a user gives
_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads pairs the valid ones, so any left is lone


def read_json(path: Path) -> tuple[Any, int]:
    """The JSON data of an upstream file and how many strings in it were not Unicode text (left out)."""
    import json

    try:
        data = json.loads(_read_bytes(path))
    except RecursionError:
        raise UsageError(f"{path} is nested too deeply to read", _DEPTH_HINT) from None
    except ValueError as exc:
        raise UsageError(f"{path} is not JSON: {exc}", "Give the catalogue's JSON file as published.") from None
    return data, _drop_lone_surrogates(data, path)


def _read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE bytes (never a pipe or a device, which may not end)."""
    import stat

    hint = "Give the path of the catalogue's JSON file as published."
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise UsageError(f"{path} is not a regular file", hint)
        if status.st_size > MAX_FILE:
            raise UsageError(f"{path} is larger than {MAX_FILE >> 20} MiB", hint)
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}", "Check the path and that you may read it.") from None


def prose(value: Any) -> str:
    """`value` when it is a string holding more than white space, else ''."""
    return value if isinstance(value, str) and value.strip() else ""


_DEPTH_HINT = f"A catalogue nests its values a few levels deep; this file nests more than {MAX_DEPTH}."


def _drop_lone_surrogates(data: Any, path: Path) -> int:
    """Remove, in place, every string (or key) holding a lone surrogate; refuse nesting past MAX_DEPTH."""
    dropped = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise UsageError(f"{path} nests values more than {MAX_DEPTH} levels deep", _DEPTH_HINT)
        if isinstance(node, dict):
            for key, value in list(node.items()):
                if _SURROGATE.search(key) or (isinstance(value, str) and _SURROGATE.search(value)):
                    del node[key]
                    dropped += 1
                elif isinstance(value, dict | list):
                    stack.append((value, depth + 1))
        elif isinstance(node, list):
            kept = [v for v in node if not (isinstance(v, str) and _SURROGATE.search(v))]
            dropped += len(node) - len(kept)
            node[:] = kept
            stack.extend((v, depth + 1) for v in kept if isinstance(v, dict | list))
    return dropped


def text(value: Any, limit: int) -> str | None:
    """`value` when it is a string holding more than white space and at most `limit` characters."""
    if isinstance(value, str) and value.strip() and len(value) <= limit:
        return value
    return None


def name(value: Any, limit: int) -> str | None:
    """A usable name: text on one line, with at least one letter or digit, at most `limit` characters."""
    found = text(value, limit)
    if found is None or not found.isprintable() or not any(c.isalnum() for c in found):
        return None
    return found


def number(value: Any) -> str | None:
    """A version number as text: a number of at most 20 digits, or a short name ('17.1')."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value) if abs(value) < 10**20 else None  # a float's text is short; an int's may not be
    return name(value, 100)


def upstream_id(value: Any) -> str | None:
    """A uuid or STIX id to rely on: printable, without spaces, at most MAX_UPSTREAM_ID characters."""
    found = text(value, MAX_UPSTREAM_ID)
    return found if found is not None and found.isprintable() and " " not in found else None


def shorten(value: Any, limit: int) -> str | None:
    """Text stripped; when too long, folded and cut at the last word that fits; None when blank or one long token."""
    if not isinstance(value, str):
        return None
    if len(value.strip()) <= limit:
        return value.strip() or None
    folded = " ".join(value.split())
    if len(folded) <= limit:
        return folded
    return folded[: limit + 1].rsplit(" ", 1)[0] if " " in folded[: limit + 1] else None


def short_key(value: str) -> str:
    """Eight characters of slug from an upstream id, or of its digest when it gives none: 'a1b2c3d4'."""
    return slugify(value)[:8].strip("-") or hashlib.sha256(value.encode("utf-8")).hexdigest()[:8]


def label(value: Any) -> str:
    """An upstream value as a report names it: a string cut to 60 characters, anything else by its type."""
    if isinstance(value, str):
        return value if len(value) <= 60 else value[:59] + "…"
    return "null" if value is None else type(value).__name__


def calendar_day(value: str) -> str | None:
    """The date a timestamp starts with ('2019-02-28T...' -> '2019-02-28') when it is a day of the calendar."""
    from datetime import date

    if not re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])", value):
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()  # refuses year 0, 2019-02-29 and 2019-02-30
    except ValueError:
        return None


def check_version(version: str | None) -> None:
    """Refuse a --version that no source record could hold."""
    if version is None:
        return
    if text(version, MAX_VERSION) is None or not version.isprintable():
        raise UsageError(
            f"the version {label(version)!r} is blank, too long or not on one line",
            f"Give the catalogue's version in at most {MAX_VERSION} characters, such as 'v17.1'.",
        )
