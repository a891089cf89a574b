"""Claims in the JSON shape of every answer (DESIGN 5), made once per change and stored with each claim:
what queries and the site show.

Only proved evidence is ever in an answer: a quote whose offsets are unknown is left out, and a
claim with no proved evidence left has no answer ('').
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from spyglass.model.derived import grade, speaker_key, status

if TYPE_CHECKING:
    from spyglass.model.answer_shapes import ClaimJSON, EvidenceJSON

CHUNK = 900  # SQLite's limit on bound parameters is far above this
_CLAIM_COLUMNS = 'c.rowid, c.position, c.id, c.subject, c.predicate, c.object, c.value, c.statement, c."when"'

Parts = tuple[tuple[int, int], ...]  # where each part of a quote lies in its text; one part unless it has `...`


class Answered(NamedTuple):
    """A claim as answered, with where it stands in its record and where each quote's parts lie."""

    rowid: int
    position: int  # the claim's index in its record's list
    claim: ClaimJSON
    parts: list[Parts]  # per piece of evidence, in order


def claims_where(
    connection: sqlite3.Connection, where: str, params: Iterable[Any], order: str = "c.rowid"
) -> list[ClaimJSON]:
    """Claims matching a SQL condition on `c` (claims), with their proved evidence, in order; only the
    claims validate would take (`c.ok`), never one it rejects."""
    return [json.loads(row[2]) for row in answer_rows(connection, where, params, order)]


def answered_where(
    connection: sqlite3.Connection, where: str, params: Iterable[Any], order: str = "c.rowid"
) -> list[Answered]:
    """As `claims_where`, with each claim's position in its record and the parts of its quotes."""
    return [
        Answered(rowid, position, json.loads(answer), _parts(spans))
        for rowid, position, answer, spans in answer_rows(connection, where, params, order)
    ]


def answer_rows(
    connection: sqlite3.Connection, where: str, params: Iterable[Any], order: str = "c.rowid"
) -> list[tuple[int, int, str, str]]:
    """(rowid, position, answer as JSON text, parts as JSON text) of the valid claims matching `where`."""
    return connection.execute(
        f"SELECT c.rowid, c.position, c.answer, c.spans FROM claims c WHERE c.ok = 1 AND c.answer != '' AND ({where}) "
        f"ORDER BY {order}",
        tuple(params),
    ).fetchall()


def _parts(spans: str) -> list[Parts]:
    return [tuple((s, e) for s, e in parts) for parts in json.loads(spans)]


def fill_answers(connection: sqlite3.Connection, faces: set[str] | None) -> None:
    """Make the answers of claims without one (just indexed), and of every claim naming an id in `faces`
    (None: every claim), whose names, sources or quotes' places may have changed."""
    from spyglass.index.changes import claims_naming

    if faces is None:
        connection.execute("UPDATE claims SET answer = NULL")
    elif faces:
        connection.execute(f"UPDATE claims SET answer = NULL WHERE rowid IN ({claims_naming(connection, faces)})")
    rows = connection.execute(
        f"SELECT {_CLAIM_COLUMNS}, s.name, o.name FROM claims c LEFT JOIN entities s ON s.id = c.subject "
        "LEFT JOIN entities o ON o.id = c.object WHERE c.answer IS NULL"
    ).fetchall()
    answered = {a.rowid: a for a in _with_evidence(connection, rows)}
    updates: list[tuple[str, str | None, str | None, int]] = []
    for row in rows:
        found = answered.get(row[0])
        if found is None:  # no proved evidence: no answer
            updates.append(("", None, None, row[0]))
            continue
        claim = found.claim
        text = json.dumps(claim, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        # what the site's offline search finds it by, as a script may hold it: ASCII, and no '<'
        words = [claim["id"], claim["statement"], sorted({e["quote"] for e in claim["evidence"]})]
        search_row = json.dumps(words, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")
        updates.append((text, json.dumps(found.parts, separators=(",", ":")), search_row, row[0]))
    connection.executemany("UPDATE claims SET answer = ?, spans = ?, search_row = ? WHERE rowid = ?", updates)


def _with_evidence(connection: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[Answered]:
    evidence: dict[int, list[EvidenceJSON]] = {}
    parts: dict[int, list[Parts]] = {}
    keys: dict[int, list[tuple[str, str]]] = {}
    rowids = [row[0] for row in rows]
    for at in range(0, len(rowids), CHUNK):
        chunk = rowids[at : at + CHUNK]
        for item in connection.execute(
            'SELECT e.claim, e.source, s.title, s.published, s.publisher, s.reliability, e.quote, e.start, e."end", '
            "e.speaker, p.name, e.speaker_description, e.stance, e.credibility, e.locator, e.parts FROM evidence e "
            "LEFT JOIN sources s ON s.id = e.source LEFT JOIN entities p ON p.id = e.speaker "
            f"WHERE e.claim IN ({','.join('?' * len(chunk))}) AND e.start IS NOT NULL ORDER BY e.claim, e.position",
            chunk,
        ):
            claim, source, title, published, publisher, reliability, quote, start, end = item[:9]
            speaker, speaker_name, description, stance, credibility, locator, spans = item[9:]
            evidence.setdefault(claim, []).append(
                {
                    "source": source,
                    "source_title": title,
                    "source_published": published,
                    "source_publisher": publisher,
                    "quote": quote,
                    "start": start,
                    "end": end,
                    "speaker": speaker,
                    "speaker_name": speaker_name,
                    "speaker_description": description,
                    "stance": stance,
                    "grade": grade(reliability, credibility),
                    "locator": locator,
                }
            )
            parts.setdefault(claim, []).append(
                tuple((s, e) for s, e in json.loads(spans)) if spans else ((start, end),)
            )
            keys.setdefault(claim, []).append((stance, speaker_key(speaker, description, publisher or source)))
    out: list[Answered] = []
    for rowid, position, claim_id, subject, predicate, obj, value, statement, when, subject_name, object_name in rows:
        if rowid not in evidence:
            continue  # no proved evidence: not an answer
        claim_json: ClaimJSON = {
            "id": claim_id,
            "subject": subject,
            "subject_name": subject_name,
            "predicate": predicate,
            "object": obj,
            "object_name": object_name,
            "value": value,
            "statement": statement,
            "when": when,
            "status": status(keys[rowid]),
            "evidence": evidence[rowid],
        }
        out.append(Answered(rowid, position, claim_json, parts[rowid]))
    return out
