"""Which pages a rebuild makes again: those the index's change log names since the last build of the folder.

An entity or source page shows its own record and the valid claims that name it (as subject, object,
speaker or cited source), with what those claims name: their names, kinds, titles and grades. So a
page changes only when a claim naming it changes (the log names every id such a claim named, before
and after), or when something it shows of another record changes: that record's face (an entity's
kind or name, a source's title, date, publisher, reliability or text), which reaches every page named
by a claim that names the record.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from spyglass.cache import cache_dir, load_marshal, save_marshal
from spyglass.index.changes import claims_naming, ids_named_by

BUILDS = "site-builds.marshal"  # per site folder: the index state and the code its last build was made from


def last_build(root: Path, folder: Path, manifest: str) -> dict[str, Any]:
    """What the last build of `folder` was made from; {} unless the folder holds the very record it left."""
    builds = load_marshal(cache_dir(root) / BUILDS) or {}
    state = builds.get(str(folder))
    return state if isinstance(state, dict) and manifest and state.get("manifest") == manifest else {}


def remember_build(root: Path, folder: Path, state: dict[str, Any]) -> None:
    path = cache_dir(root) / BUILDS
    builds = load_marshal(path) or {}
    builds[str(folder)] = state
    save_marshal(path, builds)


def changed_since(connection: sqlite3.Connection, last: dict[str, Any], now: dict[str, Any]) -> set[str] | None:
    """The ids whose pages may differ from the last build's; None when every page must be made again
    (another index or other code, a log that no longer reaches back, or a change too large to note)."""
    if not last or any(last.get(key) != now[key] for key in ("epoch", "salt")):
        return None
    since = last.get("generation")
    if not isinstance(since, int) or since > now["generation"]:
        return None
    if since == now["generation"]:
        return set()
    oldest = connection.execute("SELECT min(generation) FROM changes").fetchone()[0]
    if oldest is None or oldest > since + 1:
        return None
    rows = connection.execute("SELECT id, face FROM changes WHERE generation > ?", (since,)).fetchall()
    if any(record_id is None for record_id, _ in rows):
        return None
    pages = {record_id for record_id, _ in rows}
    return pages | _named_with(connection, {record_id for record_id, face in rows if face})


def _named_with(connection: sqlite3.Connection, faces: set[str]) -> set[str]:
    """Every id named by a claim (valid or not) that names one of `faces`."""
    return ids_named_by(connection, claims_naming(connection, faces)) if faces else set()
