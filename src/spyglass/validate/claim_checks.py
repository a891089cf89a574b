"""Checks of one claim: its shape, the kinds it links, and that its values and names are quoted.

"Never from memory" in code: a value, a date, an alias or a name that no quote of its claim (or
no cited source) holds is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from spyglass.diagnostics import Diagnostic, article, make
from spyglass.model.claim_rules import claim_problems
from spyglass.model.vocabulary import PREDICATES
from spyglass.text.quotes import normalise
from spyglass.text.words import occurs
from spyglass.validate.references import unknown_object

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.model.records import Entity
    from spyglass.validate.proof import Proof

Locate = Callable[["KnowledgeBase", str, tuple[str | int, ...]], tuple[str, int, int]]


def check_claim(kb: KnowledgeBase, entity: Entity, c: int, at: Locate) -> Iterator[Diagnostic]:
    """Every check of claim `c` of `entity` that needs no archived text: its own errors, then its object's."""
    claim = entity.claims[c]
    here = ("claims", c)
    for problem in claim_problems(entity.kind, claim):
        yield make(problem.code, *at(kb, entity.id, (*here, *problem.path)), problem.message, problem.hint)
    predicate = PREDICATES[claim.predicate]
    if predicate.objects is None or claim.object is None or claim.value is not None:
        return  # not a relation, or misshapen (reported above)
    if claim.object not in kb.entities:
        yield from unknown_object(kb, kb.where[entity.id], here, claim.object, predicate.objects)
    elif kb.entities[claim.object].kind not in predicate.objects:
        yield make(
            "SG306",
            *at(kb, entity.id, (*here, "object")),
            f"'{claim.predicate}' does not point at {article(kb.entities[claim.object].kind)} ('{claim.object}')",
            f"'{claim.predicate}' points at: {', '.join(sorted(predicate.objects))}.",
        )


def check_names(kb: KnowledgeBase, proof: Proof, at: Locate) -> Iterator[Diagnostic]:
    """A display name must occur, as whole words in any case, in a source cited about or by the entity."""
    cited: dict[str, set[str]] = {entity_id: set() for entity_id in kb.entities}
    for entity in kb.entities.values():
        for claim in entity.claims:
            for evidence in claim.evidence:
                cited[entity.id].add(evidence.source)
                if claim.object in cited:
                    cited[claim.object].add(evidence.source)
                if evidence.speaker in cited:
                    cited[evidence.speaker].add(evidence.source)
    for entity_id, sources in cited.items():
        name = kb.entities[entity_id].name
        if not sources:
            yield make(
                "SG405",
                *at(kb, entity_id, ("name",)),
                f"name '{name}' is proved by nothing: no claim about or by it cites a source",
            )
            continue
        texts = [proof.texts[s] for s in sorted(sources) if s in proof.texts]
        if len(texts) < len(sources):
            continue  # a missing text is reported already
        folded = normalise(name).casefold()
        if not any(occurs(folded, text.folded) for text in texts):
            yield make(
                "SG405",
                *at(kb, entity_id, ("name",)),
                f"name '{name}' occurs in none of its cited sources as whole words ({', '.join(sorted(sources))})",
            )
