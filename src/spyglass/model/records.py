"""Pydantic models of the records: sources, entities, claims and evidence; unknown keys refused."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from spyglass.model.vocabulary import ENTITY_KINDS, PREDICATES

SLUG = r"^[a-z0-9][a-z0-9-]*$"

# EDTF level 1 syntax; the calendar (no 30 February) is checked with the edtf parser in validate.
_YEAR = r"-?(?:[0-9]{4}|[0-9]{3}X|[0-9]{2}XX)"
_MONTH_DAY = r"(?:-(?:(?:0[1-9]|1[0-2]|XX)(?:-(?:0[1-9]|[12][0-9]|3[01]|XX))?|2[1-4]))?"
_TIME = r"(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:Z|[+-][0-9]{2}(?::[0-9]{2})?)?)?"
_DATE = rf"(?:Y-?[1-9][0-9]{{4,}}|{_YEAR}{_MONTH_DAY}{_TIME})[?~%]?"
EDTF = rf"^(?:{_DATE}|{_DATE}/(?:{_DATE}|\.\.)?|(?:\.\.)?/{_DATE})$"

MAX_QUOTE = 4000  # characters; a quote is an excerpt, not the text
MAX_TEXT = 2000  # characters of a statement, summary or name

Slug = Annotated[str, Field(pattern=SLUG, max_length=200)]
EdtfDate = Annotated[str, Field(pattern=EDTF, max_length=100, json_schema_extra={"format": "edtf"})]
ShortText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
if TYPE_CHECKING:
    PredicateName = str
else:  # the enum of the JSON Schema comes from the vocabulary table
    PredicateName = Literal[tuple(PREDICATES)]
SourceType = Literal[
    "news-article",
    "book",
    "report",
    "court-document",
    "press-release",
    "testimony",
    "interview",
    "web-page",
    "dataset",
    "other",
]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Evidence(Record):
    """A verbatim quote from a source's archived text, and who said it."""

    source: Slug
    quote: Annotated[str, Field(min_length=1, max_length=MAX_QUOTE)]
    speaker: Slug | None = None
    speaker_description: ShortText | None = None
    stance: Literal["supports", "disputes"] = "supports"
    credibility: Literal["1", "2", "3", "4", "5", "6"] | None = None
    locator: ShortText | None = None


class Claim(Record):
    """One fact about an entity, with the evidence behind it."""

    predicate: PredicateName
    object: Slug | None = None
    value: ShortText | None = None
    statement: ShortText
    when: EdtfDate | None = None
    id: Slug | None = None
    evidence: Annotated[list[Evidence], Field(min_length=1)]


class Source(Record):
    """The bibliographic record of one source, and where its archived text lies."""

    id: Slug
    type: SourceType
    title: ShortText
    authors: list[ShortText] = []
    publisher: ShortText | None = None
    published: EdtfDate | None = None
    url: ShortText | None = None
    version: ShortText | None = None
    licence: ShortText | None = None
    text: Annotated[str, Field(min_length=1, max_length=255)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    reliability: Literal["A", "B", "C", "D", "E", "F"] | None = None
    notes: ShortText | None = None


class Entity(Record):
    """An agency, person, target, method, event or group, and its claims."""

    id: Slug
    kind: str
    name: ShortText
    summary: ShortText | None = None
    further_reading: list[ShortText] = []
    claims: list[Claim] = []


class Agency(Entity):
    """A state or party body with intelligence, security, police or military power, or a department of one."""

    kind: Literal["agency"]


class Person(Entity):
    """A named or described individual."""

    kind: Literal["person"]


class Target(Entity):
    """Who or what an agency goes after: a group, a population, institutions, a class of secrets."""

    kind: Literal["target"]


class Method(Entity):
    """How an agency works: a recruitment approach, a cover, a collection technique, a control measure."""

    kind: Literal["method"]


class Event(Entity):
    """Something that happened at a time."""

    kind: Literal["event"]


class Group(Entity):
    """A named intrusion set or threat actor, as threat-intelligence catalogues name them."""

    kind: Literal["group"]


class Organisation(Entity):
    """A company, institute, party or other body that is not an intelligence or security service."""

    kind: Literal["organisation"]


ENTITY_MODELS: dict[str, type[Entity]] = {
    "agency": Agency,
    "person": Person,
    "target": Target,
    "method": Method,
    "event": Event,
    "group": Group,
    "organisation": Organisation,
}
assert tuple(ENTITY_MODELS) == ENTITY_KINDS


def model_for(kind: str) -> type[Record]:
    """The model that validates a record of `kind` ('source' or an entity kind)."""
    return Source if kind == "source" else ENTITY_MODELS[kind]
