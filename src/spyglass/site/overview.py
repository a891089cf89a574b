"""The pages about the whole knowledge base (home, lists, sources, timeline, search), from the index's counts.

They are made on every build, from aggregates the index answers quickly, so that a rebuild never
needs every claim in memory.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from spyglass.index.claim_answers import answered_where
from spyglass.site.words import date_in_words

if TYPE_CHECKING:
    from spyglass.site.rows import SiteData

KIND_LABELS = {"agency": "Agencies", "person": "People", "target": "Targets", "method": "Methods", "event": "Events"}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.capitalize() + "s")


def counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Valid claims, claims left out, dated valid claims, and record files left out (they have errors)."""
    shown, left_out, dated = connection.execute(
        "SELECT count(*) FILTER (WHERE ok = 1), count(*) FILTER (WHERE ok = 0), "
        "count(*) FILTER (WHERE ok = 1 AND sort_key IS NOT NULL) FROM claims"
    ).fetchone()
    broken = connection.execute("SELECT value FROM meta WHERE key = 'broken_files'").fetchone()
    return {"claims": shown, "left_out": left_out, "dated": dated, "broken": broken[0] if broken else 0}


def _aliases(connection: sqlite3.Connection) -> dict[str, list[str]]:
    aliases: dict[str, list[str]] = {}
    for subject, value in connection.execute(
        "SELECT subject, value FROM claims WHERE ok = 1 AND predicate = 'alias' AND value != '' "
        "ORDER BY subject, position"
    ):
        aliases.setdefault(subject, []).append(value)
    return aliases


def list_pages(connection: sqlite3.Connection, data: SiteData, kinds: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per kind, its entities by name, with their aliases and how many valid claims each has."""
    own = dict(connection.execute("SELECT subject, count(*) FROM claims WHERE ok = 1 GROUP BY subject").fetchall())
    aliases = _aliases(connection)
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    for e in data.entities.values():
        rows[e.kind].append({"id": e.id, "name": e.name, "aliases": aliases.get(e.id, []), "claims": own.get(e.id, 0)})
    for listed in rows.values():
        listed.sort(key=lambda r: (r["name"].casefold(), r["id"]))
    return {kind: {"title": kind_label(kind), "entities": rows[kind]} for kind in kinds}


def sources_page(connection: sqlite3.Connection, data: SiteData) -> dict[str, Any]:
    """Every source, by title, with how many valid claims cite it."""
    cited = dict(
        connection.execute(
            "SELECT e.source, count(DISTINCT e.claim) FROM evidence e JOIN claims c ON c.rowid = e.claim "
            "WHERE c.ok = 1 GROUP BY e.source"
        ).fetchall()
    )
    rows = [
        {
            "id": s.id,
            "title": s.title,
            "byline": ", ".join(filter(None, [s.publisher, s.published])),
            "claims": cited.get(s.id, 0),
        }
        for s in data.sources.values()
    ]
    rows.sort(key=lambda r: (r["title"].casefold(), r["id"]))
    return {"title": "Sources", "sources": rows}


def timeline_page(connection: sqlite3.Connection) -> dict[str, Any]:
    """Dated valid claims in time order (by the earliest day each date can mean), ties by subject and claim id."""
    from spyglass.model.dates import sort_key

    rows = []
    for answered in answered_where(connection, "c.sort_key IS NOT NULL", (), "c.subject, c.position"):
        c = answered.claim
        date = c["when"] or c["value"] or ""
        rows.append(
            {
                "date": date,
                "words": date_in_words(date),
                "subject": c["subject"],
                "subject_name": c["subject_name"],
                "anchor": c["id"],
                "statement": c["statement"],
                "status": c["status"],
            }
        )
    rows.sort(key=lambda r: (sort_key(r["date"]), r["subject"], r["anchor"]))
    return {"title": "Timeline", "rows": rows}


def search_index(connection: sqlite3.Connection, data: SiteData) -> bytes:
    """The search index as a classic script (module scripts and fetch are refused from file://): every entity's
    names, and every valid claim's statement and quotes (each claim's row as the index stores it)."""
    ids = sorted(data.entities)
    number = {entity_id: n for n, entity_id in enumerate(ids)}
    aliases = _aliases(connection)
    entities = [[i, data.entities[i].kind, data.entities[i].name, aliases.get(i, [])] for i in ids]
    names = json.dumps(entities, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")
    rows = ",".join(
        f"[{number[subject]},{row[1:]}"
        for subject, row in connection.execute(
            "SELECT c.subject, a.search_row FROM claims c JOIN answers a ON a.claim = c.rowid "
            "WHERE c.ok = 1 AND a.answer != '' ORDER BY c.subject, c.position"
        )
    )
    return f'window.SPYGLASS_INDEX = {{"entities":{names},"claims":[{rows}]}};\n'.encode()
