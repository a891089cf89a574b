"""`sources` and `quote`: what the knowledge base cites, how much of it is quoted, and finding text."""

from __future__ import annotations

import difflib
import json
import sqlite3
from typing import Any

from spyglass.errors import NotFound, QuoteTooComplex, SpyglassError, UsageError
from spyglass.index.claim_answers import claims_where
from spyglass.kb.yaml_text import yaml_string
from spyglass.model.vocabulary import ACTORS
from spyglass.query.resolve import SOURCE_FIELDS, known_source
from spyglass.text.placement import ELLIPSIS_GAP
from spyglass.text.quotes import ArchivedText, coverage, quote_parts


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
    row = connection.execute("SELECT body FROM texts WHERE source = ?", (source_id,)).fetchone()
    if row is None or row[0] is None:  # a missing or altered text: the record still answers, no coverage
        return {"source": item, "claims": found, "coverage": None}
    text = ArchivedText(row[0])
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


def _position(text: ArchivedText, start: int, end: int, *, exact: bool = False) -> dict[str, Any]:
    """Offsets, line and column of [start, end), and its text: as archived if `exact`, else white space folded."""
    line, column = text.line_column(start)
    body = text.original[start:end]
    return {
        "start": start,
        "end": end,
        "line": line,
        "column": column,
        "text": body if exact else " ".join(body.split()),
    }


def find_quote(connection: sqlite3.Connection, source_id: str, wanted: str, count: int = 3) -> dict[str, Any]:
    """Where `wanted` occurs in a source (offsets, line, context, each part), or why not and the closest passages."""
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
        "differs_only_in": None,
        "near_match": None,
        "too_far_apart": [],
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
        if len(anchor.parts) > 1:  # a quote without '...' keeps the shape it always had
            result["match"]["parts"] = [_position(text, s, e, exact=True) for s, e in anchor.parts]
        return result
    parts = quote_parts(wanted)
    try:
        loose = text.loose_anchor(wanted)
        links = text.explain_parts(wanted) if len(parts) > 1 else []
    except QuoteTooComplex:  # the exact search kept within its bounds; a looser one that does not explains nothing
        loose, links = None, []
    if loose is not None:
        differs, near = loose
        result["differs_only_in"] = differs
        result["near_match"] = {
            **_position(text, near.start, near.end),
            "parts": [_position(text, s, e, exact=True) for s, e in near.parts],
        }
    if links and all(link.occurs for link in links):
        result["too_far_apart"] = [
            {
                "part": number,
                "text": parts[number - 1],
                "after_part": number - 1,
                "after_text": parts[number - 2],
                "apart": link.apart,
                "limit": ELLIPSIS_GAP,
                "previous": _position(text, *link.previous) if link.previous else None,
                "next": _position(text, *link.span) if link.span else None,
            }
            for number, link in enumerate(links, 1)
            if not link.follows
        ]
    for passage in text.closest(wanted, count):
        where = _position(text, passage.start, passage.end)
        body = where.pop("text")
        result["closest"].append({**where, "similarity": passage.similarity, "text": body})
    return result


def known_speaker(connection: sqlite3.Connection, speaker_id: str) -> None:
    """Refuse a speaker that is not the id of an agency, person or group, suggesting the ids of close ones."""
    row = connection.execute("SELECT kind FROM entities WHERE id = ?", (speaker_id,)).fetchone()
    if row is not None and row[0] in ACTORS:
        return
    if row is not None:
        raise NotFound(
            f"'{speaker_id}' is a {row[0]}; a speaker is an agency, a person or a group",
            "Give the id of whoever says it in the source, or leave --speaker out for the source's own voice.",
        )
    actors = {
        entity: name
        for entity, kind, name in connection.execute("SELECT id, kind, name FROM entities")
        if kind in ACTORS
    }
    names = {f: e for f, e in connection.execute("SELECT folded, entity FROM names ORDER BY entity") if e in actors}
    close = difflib.get_close_matches(speaker_id, sorted(actors), n=3) + [
        names[f] for f in difflib.get_close_matches(speaker_id.casefold(), sorted(names), n=3)
    ]
    ids = list(dict.fromkeys(close))[:3]
    raise NotFound(
        f"no entity '{speaker_id}' to be the speaker",
        ("Did you mean: " + ", ".join(f"{i} ({actors[i]})" for i in ids) + "?")
        if ids
        else "A speaker is an entity's id; find it with: spyglass search NAME",
    )


def evidence_yaml(connection: sqlite3.Connection, result: dict[str, Any], speaker: str | None = None) -> str:
    """A quote that `find_quote` found, as an evidence item to paste under `evidence:`, each part exactly as archived."""
    match = result["match"]
    original = _text(connection, result["source"]).original
    spans = [(part["start"], part["end"]) for part in match.get("parts", [match])]
    return evidence_item(result["source"], [original[start:end] for start, end in spans], speaker)


def evidence_item(source_id: str, parts: list[str], speaker: str | None = None) -> str:
    """The YAML of an evidence item quoting `parts` joined by ' ... ': `- source: "s"\\n  quote: "a ... b"\\n`."""
    from spyglass.model.records import MAX_QUOTE  # here: the models load pydantic, which no other answer needs

    quote = " ... ".join(parts)
    if len(quote) > MAX_QUOTE:
        raise SpyglassError(
            f"the passage found is {len(quote):,} characters long; a quote holds at most {MAX_QUOTE:,}",
            "Quote less of it, or leave out its middle with '...'.",
        )
    lines = [f"- source: {yaml_string(source_id)}", f"  quote: {yaml_string(quote)}"]
    if speaker is not None:
        lines.append(f"  speaker: {yaml_string(speaker)}")
    return "\n".join(lines) + "\n"


def miss(result: dict[str, Any]) -> str:
    """In one line, why a quote was not found: its case or quote marks, parts too far apart, or not there at all."""
    where = result["source"]
    near = result["near_match"]
    if near is not None:
        shown = " ... ".join(" ".join(part["text"].split()) for part in near["parts"])
        return (
            f"not in {where} as typed; found with different {result['differs_only_in']} "
            f'at {near["start"]}-{near["end"]}: "{shown}" in the text'
        )
    if result["too_far_apart"]:
        first = result["too_far_apart"][0]
        reason = (
            f"cannot follow part {first['after_part']} within {first['limit']} characters"
            if first["apart"] is not None
            else f"never occurs after part {first['after_part']}"
        )
        return f"not in {where}: every part occurs, but part {first['part']} {reason}"
    return f"not in {where} (the closest passages are on standard output)"
