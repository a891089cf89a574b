"""The predicate vocabulary: one table saying what each predicate means and what it links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["agency", "person", "target", "method", "event", "group"]
ValueType = Literal["text", "date", "country", "none"]

ENTITY_KINDS: tuple[Kind, ...] = ("agency", "person", "target", "method", "event", "group")
ANY: frozenset[Kind] = frozenset(ENTITY_KINDS)
ACTORS: frozenset[Kind] = frozenset({"agency", "person", "group"})


@dataclass(frozen=True)
class Predicate:
    """One vocabulary entry: who may be its subject, and what it points to or holds."""

    name: str
    subjects: frozenset[Kind]
    objects: frozenset[Kind] | None  # a relation when set
    value: ValueType  # an attribute's literal when not "none"
    meaning: str

    @property
    def is_relation(self) -> bool:
        return self.objects is not None


def _relation(name: str, subjects: frozenset[Kind], objects: frozenset[Kind], meaning: str) -> Predicate:
    return Predicate(name, subjects, objects, "none", meaning)


def _attribute(name: str, subjects: frozenset[Kind], value: ValueType, meaning: str) -> Predicate:
    return Predicate(name, subjects, None, value, meaning)


_AGENCY: frozenset[Kind] = frozenset({"agency"})
_PERSON: frozenset[Kind] = frozenset({"person"})
_EVENT: frozenset[Kind] = frozenset({"event"})
_BODIES: frozenset[Kind] = frozenset({"agency", "group"})
_TARGET: frozenset[Kind] = frozenset({"target"})
_METHOD: frozenset[Kind] = frozenset({"method"})

PREDICATES: dict[str, Predicate] = {
    p.name: p
    for p in (
        _attribute("alias", ANY, "text", "Another name of the subject; the alias must occur in the quote."),
        _attribute("states", ANY, "none", "A fact about the subject that no other predicate fits."),
        _attribute("born", _PERSON, "date", "When the person was born (EDTF)."),
        _attribute("died", _PERSON, "date", "When the person died (EDTF)."),
        _attribute("founded", _BODIES, "date", "When the body was founded (EDTF)."),
        _attribute("occurred", _EVENT, "date", "When the event happened (EDTF)."),
        _attribute("birthplace", _PERSON, "text", "Where the person was born, as the source words it."),
        _attribute("location", ANY, "text", "Where the subject is, works or happened, as the source words it."),
        _attribute("role", ACTORS, "text", "A position, rank or function the subject holds or held."),
        _attribute("mission", _BODIES, "text", "What the body exists to do."),
        _attribute("size", _BODIES, "text", "How large the body is, as the source words it."),
        _attribute("country", _BODIES, "country", "The country the body belongs to (ISO 3166 code)."),
        _relation("part_of", _AGENCY, _AGENCY, "The agency is a department or branch of the object."),
        _relation("serves", _AGENCY, _AGENCY, "The agency works for the object (a party, a government)."),
        _relation("cooperates_with", _AGENCY, _AGENCY, "The agency works together with the object."),
        _relation("counterpart_of", _AGENCY, _AGENCY, "The agency plays the object's role in another branch."),
        _relation("member_of", _PERSON, _AGENCY, "The person belongs to or works for the agency."),
        _relation("formerly_member_of", _PERSON, _AGENCY, "The person once belonged to or worked for the agency."),
        _relation("defected_from", _PERSON, _AGENCY, "The person defected from the agency."),
        _relation("targets", ACTORS, _TARGET, "The subject goes after the target."),
        _relation("uses", ACTORS, _METHOD, "The subject works by the method."),
        _relation("involved_in", ACTORS, _EVENT, "The subject took part in the event."),
        _relation("involves", _EVENT, ANY, "The event involves the object."),
        _relation("attributed_to", frozenset[Kind]({"group"}), _AGENCY, "The group is said to act for the agency."),
    )
}
