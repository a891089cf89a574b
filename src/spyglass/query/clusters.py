"""Profiles across records: the clusters that valid `same_as` claims link, and what a profile sets apart.

A cluster is a connected component of the valid `same_as` claims, in either direction; an entity
in none is a cluster of one. A profile answers for a whole cluster.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from spyglass.errors import Ambiguous
from spyglass.query.resolve import resolve

if TYPE_CHECKING:
    from spyglass.model.answer_shapes import ClaimJSON

# Attributes an actor has one of: members that disagree on them are shown side by side, never merged.
SINGLE_VALUED = ("country", "founded", "born", "died", "occurred", "nationality", "event_type", "birthplace")
# What points at an agency, by section; the rest of what points at it is "other".
SECTIONS: dict[str, tuple[str, ...]] = {
    "units": ("part_of",),
    "members": ("member_of", "formerly_member_of", "heads", "formerly_headed", "employs"),
    "groups": ("attributed_to", "acts_for"),
    "fronts": ("front_for",),
    "events": ("involves",),
    "other": (),
}


_CHUNK = 900  # SQLite's limit on bound parameters is far above this
# Every entity reached from each seed through valid same_as claims, either way; the unary `+` keeps
# SQLite off the index on ok (nearly every row) and on those of subject and object (0.2 ms, not 30).
_REACH = """
WITH RECURSIVE reach(seed, id) AS (
  SELECT column1, column1 FROM (VALUES {seeds})
  UNION
  SELECT r.seed, CASE WHEN c.subject = r.id THEN c.object ELSE c.subject END FROM reach r
  JOIN claims c ON (c.subject = r.id OR c.object = r.id) AND +c.predicate = 'same_as' AND +c.ok = 1
  AND c.object IS NOT NULL
)
SELECT seed, id FROM reach
"""


def clusters_of(connection: sqlite3.Connection, entities: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each of `entities` -> the ids of its cluster, sorted: itself alone when no valid `same_as` links it."""
    wanted = list(dict.fromkeys(entities))
    found: dict[str, list[str]] = {}
    for at in range(0, len(wanted), _CHUNK):
        chunk = wanted[at : at + _CHUNK]
        for seed, member in connection.execute(_REACH.format(seeds=",".join(["(?)"] * len(chunk))), chunk):
            found.setdefault(seed, []).append(member)
    return {entity: tuple(sorted(found.get(entity, [entity]))) for entity in wanted}


def resolve_profile(connection: sqlite3.Connection, name: str) -> tuple[str, ...]:
    """The cluster that `name` (id, name or alias) names; names shared only within one cluster are not ambiguous."""
    try:
        entity = resolve(connection, name)
    except Ambiguous as exc:
        found = set(clusters_of(connection, [entity for entity, _, _ in exc.candidates]).values())
        if len(found) == 1:
            return found.pop()
        raise
    return clusters_of(connection, [entity])[entity]


def contested(claims: list[ClaimJSON]) -> list[dict[str, Any]]:
    """The single-valued attributes given two or more values, each value with the claims and subjects saying it."""
    values: dict[str, dict[str, dict[str, Any]]] = {}
    for claim in claims:
        if claim["predicate"] in SINGLE_VALUED and claim["value"] is not None:
            said = values.setdefault(claim["predicate"], {}).setdefault(
                claim["value"], {"value": claim["value"], "claims": [], "subjects": []}
            )
            said["claims"].append(claim["id"])
            if claim["subject"] not in said["subjects"]:
                said["subjects"].append(claim["subject"])
    return [
        {"predicate": predicate, "values": [said[value] for value in sorted(said)]}
        for predicate in SINGLE_VALUED
        if len(said := values.get(predicate, {})) > 1
    ]


def sections(
    connection: sqlite3.Connection, mentions: list[ClaimJSON], own: list[ClaimJSON]
) -> dict[str, list[dict[str, Any]]]:
    """What points at an agency, by section; its own `employs` claims join its members, and each group
    claim carries its subject's cluster (`subject_cluster`)."""
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
    links = clusters_of(connection, [c["subject"] for c in mentions if c["predicate"] in SECTIONS["groups"]])
    section_of = {predicate: name for name, predicates in SECTIONS.items() for predicate in predicates}
    for claim in mentions:
        name = section_of.get(claim["predicate"], "other")
        item: dict[str, Any] = dict(claim)
        if name == "groups":
            item["subject_cluster"] = list(links[claim["subject"]])
        found[name].append(item)
    found["members"] += [dict(claim) for claim in own if claim["predicate"] == "employs"]  # whom it employs
    return found
