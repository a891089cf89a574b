"""`sources` and `quote`: what the knowledge base cites, how much of it is quoted, and finding text."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from spyglass.errors import NotFound, UsageError
from spyglass.query.answers import claims_where
from spyglass.query.resolve import SOURCE_FIELDS, known_source
from spyglass.text.quotes import ArchivedText, coverage


def _source_row(row: tuple[Any, ...]) -> dict[str, Any]:
    item = dict(zip(SOURCE_FIELDS.split(", "), row, strict=True))
    item["authors"] = json.loads(item["authors"] or "[]")
    return item


def list_sources(connection: sqlite3.Connection) -> dict[str, Any]:
    """Every source, with how many claims cite it."""
    out = []
    for row in connection.execute(f"SELECT {SOURCE_FIELDS} FROM sources ORDER BY id"):
        item = _source_row(row)
        item["claims"] = connection.execute(
            "SELECT count(DISTINCT e.claim) FROM evidence e JOIN claims c ON c.rowid = e.claim "
            "WHERE e.source = ? AND c.ok = 1",
            (item["id"],),
        ).fetchone()[0]
        out.append(item)
    return {"sources": out}


def _text(connection: sqlite3.Connection, source_id: str) -> ArchivedText:
    row = connection.execute("SELECT body FROM texts WHERE source = ?", (source_id,)).fetchone()
    if row is None or row[0] is None:
        raise NotFound(f"no proved archived text for source '{source_id}'", "Run: spyglass validate")
    return ArchivedText(row[0])


def source_detail(connection: sqlite3.Connection, source_id: str) -> dict[str, Any]:
    """A source's metadata, the claims citing it, and its coverage with the sentences no claim quotes."""
    item = _source_row(known_source(connection, source_id))
    found = claims_where(
        connection, "c.rowid IN (SELECT claim FROM evidence WHERE source = ?)", (source_id,), "c.subject, c.position"
    )
    text = _text(connection, source_id)
    quoted = [
        text.anchor(q)
        for (q,) in connection.execute(
            "SELECT e.quote FROM evidence e JOIN claims c ON c.rowid = e.claim WHERE e.source = ? AND c.ok = 1",
            (source_id,),
        )
    ]
    parts = [part for anchor in quoted if anchor for part in anchor.parts]
    sentences = coverage(text.original, parts)
    covered = sum(1 for *_, ok in sentences if ok)
    unquoted = [
        {"start": s, "end": e, "text": " ".join(text.original[s:e].split())} for s, e, ok in sentences if not ok
    ]
    return {
        "source": item,
        "claims": found,
        "coverage": {
            "sentences": len(sentences),
            "quoted": covered,
            "share": round(covered / len(sentences), 3) if sentences else 0.0,
            "unquoted": unquoted,
        },
    }


def find_quote(connection: sqlite3.Connection, source_id: str, wanted: str, count: int = 3) -> dict[str, Any]:
    """Where `wanted` occurs in a source (offsets, line, context), or the closest passages."""
    known_source(connection, source_id)
    if not wanted.strip():
        raise UsageError("nothing to find: the text is empty", "Give the words to look for.")
    text = _text(connection, source_id)
    anchor = text.anchor(wanted)
    result: dict[str, Any] = {
        "source": source_id,
        "query": wanted,
        "found": anchor is not None,
        "match": None,
        "closest": [],
    }
    if anchor is not None:
        line, column = text.line_column(anchor.start)
        before, body, after = text.context(anchor.start, anchor.end)
        result["match"] = {
            "start": anchor.start,
            "end": anchor.end,
            "line": line,
            "column": column,
            "before": before,
            "text": body,
            "after": after,
        }
        return result
    for passage in text.closest(wanted, count):
        line, column = text.line_column(passage.start)
        result["closest"].append(
            {
                "start": passage.start,
                "end": passage.end,
                "line": line,
                "column": column,
                "similarity": passage.similarity,
                "text": " ".join(text.original[passage.start : passage.end].split()),
            }
        )
    return result
