"""Profiles across records: the clusters that valid `same_as` claims link, and what a profile sets apart.

A cluster is a connected component of the valid `same_as` claims, in either direction; an entity
in none is a cluster of one. A profile answers for a whole cluster.
"""

from __future__ import annotations

import sqlite3
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


def clusters(connection: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Each entity linked by a valid `same_as` claim -> its cluster's ids, sorted; others are absent."""
    parent: dict[str, str] = {}

    def root(entity: str) -> str:
        while parent.setdefault(entity, entity) != entity:
            parent[entity] = parent[parent[entity]]  # halve the path: chains stay short
            entity = parent[entity]
        return entity

    for subject, obj in connection.execute(
        "SELECT subject, object FROM claims WHERE predicate = 'same_as' AND ok = 1 AND object IS NOT NULL"
    ):
        parent[root(subject)] = root(obj)
    members: dict[str, list[str]] = {}
    for entity in parent:
        members.setdefault(root(entity), []).append(entity)
    return {entity: tuple(sorted(group)) for group in members.values() for entity in group}


def cluster_of(links: dict[str, tuple[str, ...]], entity: str) -> tuple[str, ...]:
    """The ids of the cluster holding `entity`: itself alone when no valid `same_as` claim links it."""
    return links.get(entity, (entity,))


def resolve_profile(connection: sqlite3.Connection, name: str, links: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The cluster that `name` (id, name or alias) names; names shared only within one cluster are not ambiguous."""
    try:
        return cluster_of(links, resolve(connection, name))
    except Ambiguous as exc:
        found = {cluster_of(links, entity) for entity, _, _ in exc.candidates}
        if len(found) == 1:
            return found.pop()
        raise


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
    mentions: list[ClaimJSON], own: list[ClaimJSON], links: dict[str, tuple[str, ...]]
) -> dict[str, list[dict[str, Any]]]:
    """What points at an agency, by section; its own `employs` claims join its members, and each group
    claim carries its subject's cluster (`subject_cluster`)."""
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
    section_of = {predicate: name for name, predicates in SECTIONS.items() for predicate in predicates}
    for claim in mentions:
        name = section_of.get(claim["predicate"], "other")
        item: dict[str, Any] = dict(claim)
        if name == "groups":
            item["subject_cluster"] = list(cluster_of(links, claim["subject"]))
        found[name].append(item)
    found["members"] += [dict(claim) for claim in own if claim["predicate"] == "employs"]  # whom it employs
    return found
