"""The vocabulary: one table saying what each kind is, and what each predicate means and links.

`spyglass vocabulary` prints it, so that a curator never has to read the schemas to know what can
be said. A relation links its subject to an entity (`object:`); an attribute holds a value
(`value:`): text that must occur in a quote, an EDTF date, an ISO 3166 country code, or a term from
a closed list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["agency", "person", "target", "method", "event", "group", "organisation"]
ValueType = Literal["text", "date", "country", "term", "none"]

ENTITY_KINDS: tuple[Kind, ...] = ("agency", "person", "target", "method", "event", "group", "organisation")
KIND_MEANINGS: dict[Kind, str] = {
    "agency": "A state or party body with intelligence, security, police or military power, or a department of one.",
    "person": "A named or described individual.",
    "target": "Who or what an agency goes after: a group, a population, institutions, a class of secrets.",
    "method": "How an agency works: a recruitment approach, a cover, a collection technique, a control measure.",
    "event": "Something that happened at a time: a defection, an indictment, an arrest, a sanction.",
    "group": "A named intrusion set or threat actor, as threat-intelligence catalogues name them.",
    "organisation": "A company, institute, party or other body that is not an intelligence or security service.",
}
ANY: frozenset[Kind] = frozenset(ENTITY_KINDS)
ACTORS: frozenset[Kind] = frozenset({"agency", "person", "group", "organisation"})  # who may act, and speak
EVENT_TYPES = (
    "indictment",
    "charge",
    "arrest",
    "extradition",
    "plea",
    "conviction",
    "sentence",
    "sanction",
    "advisory",
    "defection",
)


@dataclass(frozen=True)
class Predicate:
    """One vocabulary entry: who may be its subject, and what it points to or holds."""

    name: str
    subjects: frozenset[Kind]
    objects: frozenset[Kind] | None  # a relation when set
    value: ValueType  # an attribute's literal when not "none"
    meaning: str
    example: str  # a statement it would carry, with invented names
    terms: tuple[str, ...] = ()  # the values a "term" attribute may take

    @property
    def is_relation(self) -> bool:
        return self.objects is not None


def _relation(name: str, subjects: frozenset[Kind], objects: frozenset[Kind], meaning: str, example: str) -> Predicate:
    return Predicate(name, subjects, objects, "none", meaning, example)


def _attribute(name: str, subjects: frozenset[Kind], value: ValueType, meaning: str, example: str) -> Predicate:
    return Predicate(name, subjects, None, value, meaning, example)


_AGENCY: frozenset[Kind] = frozenset({"agency"})
_PERSON: frozenset[Kind] = frozenset({"person"})
_EVENT: frozenset[Kind] = frozenset({"event"})
_BODIES: frozenset[Kind] = frozenset({"agency", "group", "organisation"})
_TARGET: frozenset[Kind] = frozenset({"target"})
_METHOD: frozenset[Kind] = frozenset({"method"})
_GROUP: frozenset[Kind] = frozenset({"group"})
_ORGANISATION: frozenset[Kind] = frozenset({"organisation"})
_PEOPLE_AND_GROUPS: frozenset[Kind] = frozenset({"person", "group", "organisation"})

PREDICATES: dict[str, Predicate] = {
    p.name: p
    for p in (
        _attribute(
            "alias",
            ANY,
            "text",
            "Another name of the subject; the alias must occur in the quote.",
            "Stone Owl is also called SO-7.",
        ),
        _attribute(
            "states",
            ANY,
            "none",
            "A fact about the subject that no other predicate fits.",
            "The bureau keeps no archive.",
        ),
        _attribute("born", _PERSON, "date", "When the person was born (EDTF).", "Ann Example was born in 1961."),
        _attribute("died", _PERSON, "date", "When the person died (EDTF).", "Ann Example died in 2015."),
        _attribute("founded", _BODIES, "date", "When the body was founded (EDTF).", "The bureau was founded in 1983."),
        _attribute("occurred", _EVENT, "date", "When the event happened (EDTF).", "The arrest happened on 2019-05-04."),
        _attribute(
            "birthplace",
            _PERSON,
            "text",
            "Where the person was born, as the source words it.",
            "Ann Example was born in Lyon.",
        ),
        _attribute(
            "nationality",
            _PERSON,
            "country",
            "A country the person is a national of (ISO 3166 code).",
            "Ann Example is a Ruritanian national.",
        ),
        _attribute(
            "location",
            ANY,
            "text",
            "Where the subject is, works or happened, as the source words it.",
            "The bureau is in the port district.",
        ),
        _attribute(
            "role",
            ACTORS,
            "text",
            "A position, rank or function the subject holds or held.",
            "Ann Example was a deputy director.",
        ),
        _attribute("mission", _BODIES, "text", "What the body exists to do.", "The bureau collects foreign secrets."),
        _attribute(
            "size", _BODIES, "text", "How large the body is, as the source words it.", "The bureau has 300 officers."
        ),
        _attribute(
            "country",
            _BODIES,
            "country",
            "The country the body belongs to (ISO 3166 code).",
            "The bureau is a Ruritanian service.",
        ),
        Predicate(
            "event_type",
            _EVENT,
            None,
            "term",
            "What kind of event it is: " + ", ".join(EVENT_TYPES) + ".",
            "The hearing of 2019-05-04 was an indictment.",
            EVENT_TYPES,
        ),
        _relation(
            "part_of",
            _AGENCY,
            _AGENCY,
            "The agency is a department or branch of the object.",
            "The Third Bureau is part of the ministry.",
        ),
        _relation(
            "serves",
            _AGENCY,
            frozenset({"agency", "organisation"}),
            "The agency works for the object (a party, a government).",
            "The ministry serves the ruling party.",
        ),
        _relation(
            "cooperates_with",
            _AGENCY,
            _AGENCY,
            "The agency works together with the object.",
            "The bureau works with the police.",
        ),
        _relation(
            "counterpart_of",
            _AGENCY,
            _AGENCY,
            "The agency plays the object's role in another branch.",
            "The army's bureau mirrors the civilian one.",
        ),
        _relation(
            "member_of",
            _PERSON,
            _BODIES,
            "The person belongs to or works for the body (an agency, a group, an organisation).",
            "Ann Example is an officer of the bureau.",
        ),
        _relation(
            "formerly_member_of",
            _PERSON,
            _BODIES,
            "The person once belonged to or worked for the body.",
            "Ann Example left the bureau in 2001.",
        ),
        _relation(
            "heads",
            _PERSON,
            _BODIES,
            "The person leads the body (`when`: the period, as the source dates it).",
            "Ann Example has headed the bureau since 2012.",
        ),
        _relation(
            "formerly_headed",
            _PERSON,
            _BODIES,
            "The person once led the body (`when`: the period, as the source dates it).",
            "Ann Example led the bureau from 2005 to 2010.",
        ),
        _relation(
            "acts_for",
            _PEOPLE_AND_GROUPS,
            _AGENCY,
            "The subject acts for the agency, or in association with it, as the source words it.",
            "The hackers acted in association with the bureau.",
        ),
        _relation(
            "employs",
            frozenset({"agency", "organisation"}),
            _PERSON,
            "The body employs the person.",
            "Harbour Trading employed Ann Example as a clerk.",
        ),
        _relation(
            "front_for",
            _ORGANISATION,
            _AGENCY,
            "The organisation is a front, a cover or a vehicle for the agency.",
            "Harbour Trading was a front company for the bureau.",
        ),
        _relation(
            "defected_from",
            _PERSON,
            _AGENCY,
            "The person defected from the agency.",
            "Ann Example defected from the bureau.",
        ),
        _relation("targets", ACTORS, _TARGET, "The subject goes after the target.", "The bureau targets dock workers."),
        _relation(
            "uses", ACTORS, _METHOD, "The subject works by the method.", "The bureau recruits through front companies."
        ),
        _relation(
            "involved_in", ACTORS, _EVENT, "The subject took part in the event.", "Ann Example took part in the theft."
        ),
        _relation(
            "involves",
            _EVENT,
            ANY,
            "The event involves or concerns the object: a defendant, a body sanctioned, a victim.",
            "The indictment names Ann Example.",
        ),
        _relation(
            "attributed_to",
            _GROUP,
            _AGENCY,
            "The group is said to act for the agency.",
            "Reef Cat is attributed to the bureau.",
        ),
        _relation(
            "same_as",
            ACTORS,
            ACTORS,
            "The subject and the object are one actor under two records (catalogues name it alike).",
            "Reef Cat is the actor another catalogue calls Sea Lynx.",
        ),
    )
}


def describe() -> dict[str, object]:
    """The vocabulary as plain data (the JSON of `spyglass vocabulary`): kinds, then predicates in table order."""
    return {
        "kinds": [{"kind": kind, "meaning": KIND_MEANINGS[kind]} for kind in ENTITY_KINDS],
        "predicates": [
            {
                "predicate": p.name,
                "subjects": [k for k in ENTITY_KINDS if k in p.subjects],
                "objects": [k for k in ENTITY_KINDS if k in p.objects] if p.objects is not None else None,
                "value": None if p.value == "none" else p.value,
                "terms": list(p.terms),
                "meaning": p.meaning,
                "example": p.example,
            }
            for p in PREDICATES.values()
        ],
    }
