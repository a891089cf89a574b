"""Checks of one claim: its shape, the kinds it links, and that its values and names are quoted.

"Never from memory" in code: a value, a date, an alias or a name that no quote of its claim (or
no cited source) holds is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from spyglass.diagnostics import Diagnostic, make
from spyglass.model.countries import is_country
from spyglass.model.vocabulary import PREDICATES
from spyglass.text.quotes import normalise

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.model.records import Claim, Entity
    from spyglass.validate.proof import Proof

Locate = Callable[["KnowledgeBase", str, tuple[str | int, ...]], tuple[str, int, int]]


def occurs(needle: str, haystack: str) -> bool:
    """Whether `needle` occurs in `haystack` as whole words (both already normalised alike)."""
    from spyglass.text.quotes import whole_words

    at = haystack.find(needle)
    while at >= 0:  # str.find, then a look at both ends: many times faster than a regular expression
        if whole_words(haystack, at, at + len(needle)):
            return True
        at = haystack.find(needle, at + 1)
    return False


def check_claim(kb: KnowledgeBase, entity: Entity, c: int, at: Locate) -> Iterator[Diagnostic]:
    """Every check of claim `c` of `entity` that needs no archived text."""
    claim = entity.claims[c]
    here = ("claims", c)
    yield from _shape(kb, entity, claim, here, at)
    if claim.statement.lstrip().startswith("TODO"):  # the skeleton `spyglass new` writes, not yet finished
        yield make("SG214", *at(kb, entity.id, (*here, "statement")), "the statement is still a TODO placeholder")
    quotes = " ".join(normalise(e.quote) for e in claim.evidence)
    kind = PREDICATES[claim.predicate].value
    for field, date in (("value", claim.value if kind == "date" else None), ("when", claim.when)):
        if date is not None:
            yield from _date(kb, entity.id, (*here, field), date, quotes, at)
    if claim.value is None:
        return
    where = at(kb, entity.id, (*here, "value"))
    if kind == "country" and not is_country(claim.value):
        yield make(
            "SG204",
            *where,
            f"country '{claim.value}' is not an ISO 3166-1 alpha-2 code",
            "Write the two-letter code, such as CN or US.",
        )
    elif claim.predicate == "alias":
        if not occurs(normalise(claim.value), quotes):  # case-sensitive: an alias is a spelling
            yield make("SG406", *where, f"alias '{claim.value}' is in none of its quotes, as whole words")
    elif kind == "text" and not occurs(normalise(claim.value).casefold(), quotes.casefold()):
        yield make("SG409", *where, f"value '{claim.value}' is in none of the claim's quotes, as whole words")


def _shape(
    kb: KnowledgeBase, entity: Entity, claim: Claim, here: tuple[str | int, ...], at: Locate
) -> Iterator[Diagnostic]:
    """Relations point at an entity of a kind they accept; attributes hold a value, not an object."""
    predicate = PREDICATES[claim.predicate]
    if predicate.objects is not None:
        if claim.object is None or claim.value is not None:
            yield make(
                "SG212", *at(kb, entity.id, here), f"'{claim.predicate}' is a relation: it takes 'object', not 'value'"
            )
        elif claim.object in kb.broken:
            pass  # its file has errors of its own; "no such entity" would mislead
        elif claim.object not in kb.entities:
            yield make("SG303", *at(kb, entity.id, (*here, "object")), f"no entity '{claim.object}'")
        elif kb.entities[claim.object].kind not in predicate.objects:
            yield make(
                "SG306",
                *at(kb, entity.id, (*here, "object")),
                f"'{claim.predicate}' does not point at a {kb.entities[claim.object].kind} ('{claim.object}')",
                f"'{claim.predicate}' points at: {', '.join(sorted(predicate.objects))}.",
            )
    elif predicate.value == "none":
        if claim.object is not None or claim.value is not None:
            yield make("SG212", *at(kb, entity.id, here), f"'{claim.predicate}' takes neither 'object' nor 'value'")
    elif claim.value is None or claim.object is not None:
        yield make(
            "SG212", *at(kb, entity.id, here), f"'{claim.predicate}' is an attribute: it takes 'value', not 'object'"
        )


def _date(
    kb: KnowledgeBase, entity_id: str, path: tuple[str | int, ...], date: str, quotes: str, at: Locate
) -> Iterator[Diagnostic]:
    """A valid EDTF date, no more precise than its quotes: each year, month and day must be quoted."""
    from spyglass.model.dates import parse_date, unquoted_parts

    problem = parse_date(date)[1]
    if problem:
        yield make("SG206", *at(kb, entity_id, path), f"'{date}' is not an EDTF date: {problem}")
    for part in unquoted_parts(date, quotes):
        yield make("SG408", *at(kb, entity_id, path), f"'{date}': {part} occurs in none of the claim's quotes")


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
