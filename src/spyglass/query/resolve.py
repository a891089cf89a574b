"""Resolving what a user typed: an entity by id, name or alias (any case), a source by id; misses suggest."""

from __future__ import annotations

import difflib
import json
import sqlite3
from typing import Any

from spyglass.errors import Ambiguous, NotFound, UsageError

# A name counts when it is an entity's own, or an alias whose claim validate would take.
VALID_NAME = "(n.claim IS NULL OR n.claim IN (SELECT rowid FROM claims WHERE ok = 1))"
SOURCE_FIELDS = "id, type, title, authors, publisher, published, url, version, licence, reliability, notes"


def resolve(connection: sqlite3.Connection, name: str) -> str:
    """The id of the entity called `name` (id, name or alias, any case); ambiguity and misses raise."""
    if not name.strip():
        raise UsageError("an empty name names nothing", "Give an id, a name or an alias.")
    folded = name.casefold()
    if connection.execute("SELECT 1 FROM entities WHERE id = ?", (name,)).fetchone():
        return name
    found = connection.execute(
        "SELECT DISTINCT n.entity, e.kind, e.name FROM names n JOIN entities e ON e.id = n.entity "
        f"WHERE n.folded = ? AND {VALID_NAME} ORDER BY n.is_alias, n.entity",
        (folded,),
    ).fetchall()
    if len(found) == 1:
        return str(found[0][0])
    if found:
        exact = [row for row in found if row[2].casefold() == folded]  # a name outranks another's alias
        if len(exact) == 1:
            return str(exact[0][0])
        raise Ambiguous(f"'{name}' names {len(found)} entities", [tuple(row) for row in found])
    suggestions = close_names(connection, folded)
    hint = (
        ("Did you mean: " + ", ".join(suggestions) + "?") if suggestions else "Try: spyglass search " + json.dumps(name)
    )
    raise NotFound(f"no entity called '{name}'", hint, suggestions)


def close_names(connection: sqlite3.Connection, folded: str, count: int = 8) -> list[str]:
    """Up to `count` names, aliases and ids close to `folded`, closest first, each as 'Name (id)'."""
    spelled: dict[str, list[tuple[str, str]]] = {}  # folded -> (as written, entity id), names before aliases
    for entity_id, entity_name in connection.execute("SELECT id, name FROM entities ORDER BY id"):
        spelled.setdefault(entity_name.casefold(), []).append((entity_name, entity_id))
    for entity_id, alias in connection.execute(
        "SELECT subject, value FROM claims WHERE predicate = 'alias' AND value IS NOT NULL AND ok = 1 "
        "ORDER BY subject, position"
    ):
        spelled.setdefault(alias.casefold(), []).append((alias, entity_id))
    for entity_id, entity_name in connection.execute("SELECT id, name FROM entities ORDER BY id"):
        spelled.setdefault(entity_id, []).append((entity_name, entity_id))  # an id stands for its entity's name
    close = difflib.get_close_matches(folded, list(spelled), n=count, cutoff=0.6)
    shown = [f"{written} ({entity_id})" for key in close for written, entity_id in dict.fromkeys(spelled[key])]
    return list(dict.fromkeys(shown))[:count]


def known_source(connection: sqlite3.Connection, source_id: str) -> tuple[Any, ...]:
    row = connection.execute(f"SELECT {SOURCE_FIELDS} FROM sources WHERE id = ?", (source_id,)).fetchone()
    if row is None:
        ids = [r[0] for r in connection.execute("SELECT id FROM sources")]
        close = difflib.get_close_matches(source_id, ids, n=3)
        raise NotFound(
            f"no source '{source_id}'",
            ("Did you mean: " + ", ".join(close) + "?") if close else "List them: spyglass sources",
        )
    return tuple(row)
