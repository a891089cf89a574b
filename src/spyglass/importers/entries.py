"""What an importer reads from an upstream catalogue: entries, their quotable lines, and the report."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_NAME = 500  # characters of a name or field value: statements hold two of them and stay short
# How statements name each catalogue; a link between two catalogues names the other one's label.
CATALOGUE_LABELS = {"attack": "MITRE ATT&CK", "misp": "The MISP threat-actor galaxy"}


@dataclass(frozen=True, slots=True)
class Line:
    """One field of an upstream entry, rendered `key: value` with both verbatim from the file."""

    key: str
    value: str

    @property
    def text(self) -> str:
        return f"{self.key}: {self.value}"


@dataclass(frozen=True, slots=True)
class Link:
    """A relation the upstream file states between two of its own entries (an ATT&CK relationship)."""

    predicate: str  # ours: 'involves'
    line: Line  # the rendered relationship, quoted as evidence
    target: str  # the upstream id of the entry it points to
    verb: str  # how the upstream file words it, for the statement: 'attributes {subject} to {object}'


@dataclass
class Entry:
    """One upstream cluster, intrusion set or campaign, ready to be archived and turned into records."""

    kind: str  # 'group' or 'event'
    key: str  # the id stem after the prefix: 'apt1', 'g0006'
    upstream_id: str  # the uuid or STIX id
    name: str
    name_line: Line  # the field holding the name, rendered so that the name occurs in the text
    description: str = ""  # verbatim, possibly empty
    aliases: list[Line] = field(default_factory=list)
    countries: list[Line] = field(default_factory=list)
    targets: list[Line] = field(default_factory=list)
    sponsors: list[Line] = field(default_factory=list)  # fields that name who is behind the entry
    dates: list[Line] = field(default_factory=list)  # first and last seen, for an event's `occurred`
    links: list[Link] = field(default_factory=list)
    further_reading: list[str] = field(default_factory=list)
    title: str = ""
    url: str | None = None
    published: str | None = None
    version: str | None = None
    note: str = ""

    def lines(self) -> list[Line]:
        """The fields rendered after the description, in their fixed order."""
        return [
            self.name_line,
            *self.aliases,
            *self.countries,
            *self.targets,
            *self.sponsors,
            *self.dates,
            *(link.line for link in self.links),
        ]


@dataclass(frozen=True)
class Catalogue:
    """Who publishes the upstream file, and what every source record of an import says about it."""

    prefix: str  # 'misp' or 'attack': every id and file the import owns starts with it
    label: str  # the catalogue as statements name it: 'The MISP threat-actor galaxy'
    command: str  # the command that writes the files, named in their header
    publisher: str | None
    authors: tuple[str, ...]
    licence: str | None
    recorded: str = ""  # a pattern whose group 1 finds the upstream id in a source record's notes


@dataclass(frozen=True, slots=True)
class Skip:
    """Something the upstream file holds that the import did not turn into records, and why."""

    count: int
    what: str
    why: str

    def as_json(self) -> dict[str, Any]:
        return {"count": self.count, "what": self.what, "why": self.why}


@dataclass(frozen=True, slots=True)
class Mention:
    """A sentence naming an agency of the knowledge base that gave no `attributed_to` claim."""

    entity: str
    agency: str
    sentence: str
    why: str


@dataclass(frozen=True, slots=True)
class SameAs:
    """A `same_as` claim the import wrote: the imported entity, the record it links, and the name quoted."""

    entity: str
    other: str
    name: str


@dataclass
class ImportReport:
    """What an import wrote and what it left out; the CLI prints it, the library only returns it."""

    catalogue: str
    path: str
    entities: Counter[str] = field(default_factory=Counter)  # by kind
    sources: int = 0
    claims: Counter[str] = field(default_factory=Counter)  # by predicate
    agency_links: int = 0
    same_as: list[SameAs] = field(default_factory=list)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[Skip] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def skip(self, count: int, what: str, why: str) -> None:
        if count:
            self.skipped.append(Skip(count, what, why))

    def tally(self, count: int, what: str, why: str) -> None:
        """Like skip, but adds to an earlier line saying the same."""
        for i, s in enumerate(self.skipped):
            if (s.what, s.why) == (what, why):
                self.skipped[i] = Skip(s.count + count, what, why)
                return
        self.skip(count, what, why)

    def as_json(self) -> dict[str, Any]:
        return {
            "catalogue": self.catalogue,
            "path": self.path,
            "entities": dict(sorted(self.entities.items())),
            "sources": self.sources,
            "claims": dict(sorted(self.claims.items())),
            "agency_links": self.agency_links,
            "same_as_links": len(self.same_as),
            "same_as": [{"entity": s.entity, "same_as": s.other, "name": s.name} for s in self.same_as],
            "files": {"written": self.written, "unchanged": self.unchanged, "removed": self.removed},
            "skipped": [s.as_json() for s in self.skipped],
            "mentions_not_linked": [
                {"entity": m.entity, "agency": m.agency, "sentence": m.sentence, "why": m.why} for m in self.mentions
            ],
        }


def slugify(text: str, limit: int = 120) -> str:
    """An id stem from a name: `slugify("APT 28 / Fancy Bear") == 'apt-28-fancy-bear'`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")


def render_text(entry: Entry) -> str:
    """The archived text of an entry: its description verbatim, then one `key: value` line per field."""
    lines = "\n".join(line.text for line in entry.lines())
    return f"{entry.description}\n\n{lines}\n" if entry.description else f"{lines}\n"


def as_texts(value: Any) -> list[str] | None:
    """A field's value as a list of strings (a string is a list of one); None when it is neither."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None
