"""Answers from the index, as plain data in the JSON shapes of DESIGN section 5 (claims read by index.claim_answers)."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from spyglass.index.claim_answers import claims_where
from spyglass.query.clusters import contested, resolve_profile, sections
from spyglass.query.resolve import known_source, resolve

if TYPE_CHECKING:
    pass


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
