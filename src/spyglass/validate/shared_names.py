"""Names and aliases that two entities share: one entity written twice, or two that the reader cannot tell apart."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from spyglass.diagnostics import Diagnostic, make
from spyglass.model.claim_rules import claim_problems
from spyglass.text.quotes import normalise
from spyglass.validate.where import DataPath, place

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase


def shared_names(kb: KnowledgeBase, failing: set[str]) -> Iterator[Diagnostic]:
    """SG505 on each name or alias (any case, normal form) that an entity of an earlier file already has;
    files with errors (in `failing`) take no part: their own errors come first."""
    first: dict[str, tuple[str, str]] = {}  # folded name -> the entity id and file that have it first
    actor = _same_actor(kb)
    for parsed in kb.records:
        entity = parsed.record
        if entity is None or entity.id not in kb.entities or kb.where[entity.id] is not parsed:
            continue  # not an entity, or a duplicate id (reported as such)
        if parsed.file.rel in failing:
            continue
        names: list[tuple[str | None, DataPath]] = [(entity.name, ("name",))]
        names += [(c.value, ("claims", n, "value")) for n, c in enumerate(entity.claims) if c.predicate == "alias"]
        for name, path in names:
            if not name:
                continue
            folded = normalise(name).casefold()
            other, rel = first.setdefault(folded, (entity.id, parsed.file.rel))
            if actor(other) != actor(entity.id):  # records linked by same_as are one actor: their names agree
                yield make(
                    "SG505", *place(kb, parsed, path), f"'{name}' is also the name or an alias of {other} ({rel})"
                )


def _same_actor(kb: KnowledgeBase) -> Callable[[str], str]:
    """The representative of each entity's same_as cluster (union-find over the same_as claims)."""
    parent: dict[str, str] = {}

    def find(entity_id: str) -> str:
        while parent.get(entity_id, entity_id) != entity_id:
            grandparent = parent.get(parent[entity_id], parent[entity_id])
            parent[entity_id] = grandparent  # path halving: the next find takes half the steps
            entity_id = grandparent
        return entity_id

    for entity in kb.entities.values():
        for claim in entity.claims:
            if claim.predicate == "same_as" and claim.object in kb.entities and not claim_problems(entity.kind, claim):
                parent[find(entity.id)] = find(claim.object)
    return find
