"""What every export shares: the proved knowledge base, and its entities and sources as rows in the answer shape."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spyglass.errors import SpyglassError
from spyglass.validate.claim_json import claim_json

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.validate.proof import Proof


class InvalidKnowledgeBase(SpyglassError):
    """The knowledge base has errors; an export would pass on unproved claims."""


@dataclass(frozen=True)
class Exported:
    """What an export wrote: where, and how many of each thing."""

    sources: int
    entities: int
    claims: int
    evidence: int
    objects: int = 0  # STIX objects


def proved(root: Path) -> tuple[KnowledgeBase, Proof]:
    """The knowledge base, loaded and proved (through the cache); an error if any check fails."""
    from spyglass.validate.run import prove_cached

    kb, proof = prove_cached(root)
    errors = [d for d in kb.diagnostics + proof.diagnostics if d.severity == "error"]
    if errors:
        first = errors[0]
        raise InvalidKnowledgeBase(
            f"{root} has {len(errors)} error(s), the first at {first.file}:{first.line}:{first.column}: {first.message}",
            "Exports carry only proved claims. Run: spyglass validate",
        )
    return kb, proof


def entity_rows(kb: KnowledgeBase, proof: Proof) -> list[dict[str, Any]]:
    """Every entity with its claims in the shared claim shape, sorted by id."""
    rows = []
    for entity_id in sorted(kb.entities):
        entity = kb.entities[entity_id]
        rows.append(
            {
                "id": entity.id,
                "kind": entity.kind,
                "name": entity.name,
                "summary": entity.summary,
                "further_reading": list(entity.further_reading),
                "claims": [claim_json(kb, proof, entity_id, c) for c in range(len(entity.claims))],
            }
        )
    return rows


def source_rows(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every source's bibliographic record, sorted by id."""
    return [kb.sources[s].model_dump(mode="json") for s in sorted(kb.sources)]
