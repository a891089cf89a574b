"""Answers from the index, as plain data in the JSON shapes of DESIGN section 5.

Only proved evidence is ever returned: a quote whose offsets are unknown is left out, and a
claim with no proved evidence left is not an answer.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from spyglass.model.derived import grade, speaker_key, status
from spyglass.query.clusters import contested, resolve_profile, sections
from spyglass.query.resolve import known_source, resolve

if TYPE_CHECKING:
    from spyglass.model.answer_shapes import ClaimJSON, EvidenceJSON

_CHUNK = 900  # SQLite's limit on bound parameters is far above this
_CLAIM_COLUMNS = 'c.rowid, c.id, c.subject, c.predicate, c.object, c.value, c.statement, c."when"'


def claims_where(
    connection: sqlite3.Connection, where: str, params: Iterable[Any], order: str = "c.rowid"
) -> list[ClaimJSON]:
    """Claims matching a SQL condition on `c` (claims), with their proved evidence, in order; only the
    claims validate would take (`c.ok`), never one it rejects."""
    rows = connection.execute(
        f"SELECT {_CLAIM_COLUMNS}, s.name, o.name FROM claims c LEFT JOIN entities s ON s.id = c.subject "
        f"LEFT JOIN entities o ON o.id = c.object WHERE c.ok = 1 AND ({where}) ORDER BY {order}",
        tuple(params),
    ).fetchall()
    return _with_evidence(connection, rows)


def _with_evidence(connection: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[ClaimJSON]:
    evidence: dict[int, list[EvidenceJSON]] = {}
    keys: dict[int, list[tuple[str, str]]] = {}
    rowids = [row[0] for row in rows]
    for at in range(0, len(rowids), _CHUNK):
        chunk = rowids[at : at + _CHUNK]
        for item in connection.execute(
            'SELECT e.claim, e.source, s.title, s.published, s.publisher, s.reliability, e.quote, e.start, e."end", '
            "e.speaker, p.name, e.speaker_description, e.stance, e.credibility, e.locator FROM evidence e "
            "LEFT JOIN sources s ON s.id = e.source LEFT JOIN entities p ON p.id = e.speaker "
            f"WHERE e.claim IN ({','.join('?' * len(chunk))}) AND e.start IS NOT NULL ORDER BY e.claim, e.position",
            chunk,
        ):
            claim, source, title, published, publisher, reliability, quote, start, end = item[:9]
            speaker, speaker_name, description, stance, credibility, locator = item[9:]
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
            keys.setdefault(claim, []).append((stance, speaker_key(speaker, description, publisher or source)))
    out: list[ClaimJSON] = []
    for rowid, claim_id, subject, predicate, obj, value, statement, when, subject_name, object_name in rows:
        if rowid not in evidence:
            continue  # no proved evidence: not an answer
        out.append(
            {
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
        )
    return out


def show(connection: sqlite3.Connection, name: str) -> dict[str, Any]:
    """A profile: the cluster `name` belongs to (its `same_as` links), its members' claims (aliases
    apart), the claims of others that point to it, and the values its members disagree on.

    `id`, `kind` and `name` are those of the cluster's first member by id, whichever member was
    asked for, so that every name of one actor answers the same profile.
    """
    cluster = resolve_profile(connection, name)
    marks = ",".join("?" * len(cluster))
    members = [
        {"id": row[0], "kind": row[1], "name": row[2], "file": row[3], "summary": row[4], "reading": row[5]}
        for row in connection.execute(
            f"SELECT id, kind, name, file, summary, further_reading FROM entities WHERE id IN ({marks}) ORDER BY id",
            cluster,
        )
    ]
    first = members[0]
    own = claims_where(connection, f"c.subject IN ({marks})", cluster, "c.predicate, c.subject, c.position")
    mentions = claims_where(
        connection,
        f"c.object IN ({marks}) AND c.subject NOT IN ({marks})",
        (*cluster, *cluster),
        "c.subject, c.position",
    )
    said = claims_where(
        connection,
        f"c.rowid IN (SELECT claim FROM evidence WHERE speaker IN ({marks}))",
        cluster,
        "c.subject, c.position",
    )
    facts = [c for c in own if c["predicate"] not in ("alias", "same_as")]
    reading = [url for member in members if member["reading"] for url in json.loads(member["reading"])]
    agency = any(member["kind"] == "agency" for member in members)
    return {
        "id": first["id"],
        "kind": first["kind"],
        "name": first["name"],
        "summary": next((m["summary"] for m in members if m["summary"]), None),
        "aliases": [c for c in own if c["predicate"] == "alias"],
        "claims": facts,
        "mentions": mentions,
        "said": said,
        "further_reading": list(dict.fromkeys(reading)),
        "cluster": list(cluster),
        "members": [{key: m[key] for key in ("id", "kind", "name", "file", "summary")} for m in members],
        "same_as": [c for c in own if c["predicate"] == "same_as"],
        "contested": contested(facts),
        "sections": sections(connection, mentions, facts) if agency else None,
    }


def claims(
    connection: sqlite3.Connection,
    *,
    about: str | None = None,
    predicate: str | None = None,
    source: str | None = None,
    speaker: str | None = None,
    claim_status: str | None = None,
) -> dict[str, Any]:
    """Claims filtered by subject or object, predicate, cited source, speaker, status; all combinable."""
    where, params = ["1"], []
    if about:  # an actor under several records (same_as) is asked about whole
        members = resolve_profile(connection, about)
        marks = ",".join("?" * len(members))
        where.append(f"(c.subject IN ({marks}) OR c.object IN ({marks}))")
        params += [*members, *members]
    if predicate:
        where.append("c.predicate = ?")
        params.append(predicate)
    if source:
        known_source(connection, source)
        where.append("c.rowid IN (SELECT claim FROM evidence WHERE source = ?)")
        params.append(source)
    if speaker:
        where.append("c.rowid IN (SELECT claim FROM evidence WHERE speaker = ?)")
        params.append(resolve(connection, speaker))
    found = claims_where(connection, " AND ".join(where), params, "c.subject, c.position")
    if claim_status:
        found = [c for c in found if c["status"] == claim_status]
    return {"claims": found}


def timeline(connection: sqlite3.Connection, name: str | None = None) -> dict[str, Any]:
    """Dated claims in time order (by the earliest day each date can mean), optionally about one entity."""
    where, params = "c.sort_key IS NOT NULL", []
    if name:
        members = resolve_profile(connection, name)
        marks = ",".join("?" * len(members))
        where += f" AND (c.subject IN ({marks}) OR c.object IN ({marks}))"
        params = [*members, *members]
    # Equal earliest days, then the date as written, so that claims with the same date stand together.
    order = 'c.sort_key, COALESCE(c."when", c.value), c.subject, c.position'
    return {"timeline": claims_where(connection, where, params, order)}
