"""The errors a claim shows by itself: no other record and no archived text needed to see them.

`validate` reports them with their positions; the index marks a claim that has any, so that no
answer ever presents a claim that `validate` rejects. One implementation serves both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spyglass.model.countries import is_country
from spyglass.model.vocabulary import PREDICATES
from spyglass.text.quotes import normalise
from spyglass.text.words import occurs

if TYPE_CHECKING:
    from spyglass.model.records import Claim

DATE_HINT = (
    "The year, month and day of the date as written must each occur in a quote of the claim: a month by its "
    "English name, 'Mar.' or number, a day as a number. Quote the words that give the date, or write less of it."
)

Path = tuple[str | int, ...]  # where in the claim: ("value",), ("evidence", 0, "speaker_description")


@dataclass(frozen=True, slots=True)
class ClaimProblem:
    """One error of a claim: its rule code, where in the claim, what is wrong, and a hint ('' for the rule's)."""

    code: str
    path: Path
    message: str
    hint: str = ""


def claim_problems(subject_kind: str, claim: Claim) -> list[ClaimProblem]:
    """Every error `claim` of an entity of `subject_kind` shows by itself, in the order of its fields."""
    from spyglass.model.dates import parse_date, unquoted_parts

    predicate = PREDICATES[claim.predicate]
    found: list[ClaimProblem] = []
    if subject_kind not in predicate.subjects:
        found.append(
            ClaimProblem(
                "SG305",
                ("predicate",),
                f"'{claim.predicate}' does not take a subject of kind {subject_kind}",
                f"'{claim.predicate}' takes subjects of kind: {', '.join(sorted(predicate.subjects))}.",
            )
        )
    found += _shape(claim)
    if claim.statement.lstrip().startswith("TODO"):  # the skeleton `spyglass new` writes, not yet finished
        found.append(ClaimProblem("SG214", ("statement",), "the statement is still a TODO placeholder"))
    quotes = " ".join(normalise(e.quote) for e in claim.evidence)
    kind = predicate.value
    for field, date in (("value", claim.value if kind == "date" else None), ("when", claim.when)):
        if date is None:
            continue
        problem = parse_date(date)[1]
        if problem:
            found.append(ClaimProblem("SG206", (field,), f"'{date}' is not an EDTF date: {problem}"))
        for part in unquoted_parts(date, quotes):
            found.append(
                ClaimProblem("SG408", (field,), f"'{date}': {part} occurs in none of the claim's quotes", DATE_HINT)
            )
    if claim.value is not None:
        found += _value(claim, kind, quotes)
    for e, evidence in enumerate(claim.evidence):
        if evidence.speaker is not None and evidence.speaker_description is not None:
            found.append(
                ClaimProblem(
                    "SG309",
                    ("evidence", e, "speaker_description"),
                    f"speaker '{evidence.speaker}' and a description ('{evidence.speaker_description}') both given",
                )
            )
    return found


def _shape(claim: Claim) -> list[ClaimProblem]:
    """Relations hold an object, attributes a value, and `states` neither."""
    predicate = PREDICATES[claim.predicate]
    if predicate.objects is not None:
        if claim.object is None or claim.value is not None:
            return [ClaimProblem("SG212", (), f"'{claim.predicate}' is a relation: it takes 'object', not 'value'")]
    elif predicate.value == "none":
        if claim.object is not None or claim.value is not None:
            return [ClaimProblem("SG212", (), f"'{claim.predicate}' takes neither 'object' nor 'value'")]
    elif claim.value is None or claim.object is not None:
        return [ClaimProblem("SG212", (), f"'{claim.predicate}' is an attribute: it takes 'value', not 'object'")]
    return []


def _value(claim: Claim, kind: str, quotes: str) -> list[ClaimProblem]:
    """A country is a real code; an alias is in a quote as spelled; a text value in a quote in any case."""
    value = claim.value or ""
    if kind == "country" and not is_country(value):
        return [
            ClaimProblem(
                "SG204",
                ("value",),
                f"country '{value}' is not an ISO 3166-1 alpha-2 code",
                "Write the two-letter code, such as CN or US.",
            )
        ]
    if kind == "term" and value not in PREDICATES[claim.predicate].terms:
        terms = PREDICATES[claim.predicate].terms
        return [
            ClaimProblem(
                "SG204", ("value",), f"'{value}' is not a {claim.predicate}", f"Write one of: {', '.join(terms)}."
            )
        ]
    if claim.predicate == "alias":
        if not occurs(normalise(value), quotes):  # case-sensitive: an alias is a spelling
            return [ClaimProblem("SG406", ("value",), f"alias '{value}' is in none of its quotes, as whole words")]
    elif kind == "text" and not occurs(normalise(value).casefold(), quotes.casefold()):
        return [ClaimProblem("SG409", ("value",), f"value '{value}' is in none of the claim's quotes, as whole words")]
    return []
