"""Links from imported groups to the same actor under another record, found by a name both give it.

An imported group is `same_as` a group of the knowledge base that another import or a curator wrote
when one of its names or aliases equals one of the other's, compared casefolded in normal form. The
claim quotes the line of the imported entry that holds the shared name, so it is proved like an alias.
A record of the import itself is never linked, and a pair the other record already links (a `same_as`
pointing back) is not written twice, so re-importing either catalogue leaves the links as they are.
Only groups are linked: a group sharing a name with an agency or a person is said to act for it
(`attributed_to`), not to be the same actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spyglass.importers.entries import CATALOGUE_LABELS, Entry, Line
from spyglass.importers.ownership import ImportConflict, owned_by_prefix, read_owned
from spyglass.model.records import MAX_TEXT
from spyglass.text.quotes import normalise

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase

CURATED = "a curator's record"  # how a statement names who wrote a record no import owns


@dataclass(frozen=True, slots=True)
class Other:
    """A group of the knowledge base the import did not write: its id, name, folded names and writer."""

    id: str
    name: str
    names: frozenset[str]
    owner: str  # as a statement names it: 'the MISP threat-actor galaxy', "a curator's record"


@dataclass(frozen=True, slots=True)
class Match:
    """An imported entry's link to another record: the line quoted and the statement of the claim."""

    other: Other
    line: Line
    statement: str


def fold(name: str) -> str:
    """A name as names are compared: normal form, casefolded."""
    return normalise(name).casefold()


class KnownGroups:
    """The groups of the knowledge base written by curators or other imports, by each of their names."""

    def __init__(self, kb: KnowledgeBase, prefix: str) -> None:
        own = _owned(kb, prefix)
        owners = {
            rel: _mid_sentence(label) for p, label in CATALOGUE_LABELS.items() if p != prefix for rel in _owned(kb, p)
        }
        self.by_name: dict[str, list[Other]] = {}
        self.pointing: set[tuple[str, str]] = set()  # (record id, the id its same_as claim points to)
        for entity in sorted(kb.entities.values(), key=lambda e: e.id):
            parsed = kb.where.get(entity.id)
            if entity.kind != "group" or parsed is None or parsed.file.rel in own:
                continue
            names = [entity.name, *(c.value for c in entity.claims if c.predicate == "alias" and c.value)]
            other = Other(entity.id, entity.name, frozenset(map(fold, names)), owners.get(parsed.file.rel, CURATED))
            for name in other.names:
                self.by_name.setdefault(name, []).append(other)
            self.pointing.update((entity.id, c.object) for c in entity.claims if c.predicate == "same_as" and c.object)

    def matches(self, entry: Entry, entity_id: str, own_ids: set[str]) -> list[Match]:
        """The records that share a name with `entry`, in id order, each with the line to quote."""
        lines: dict[str, Line] = {}
        for line in [entry.name_line, *entry.aliases]:  # the name line first: it is quoted when it is the one shared
            lines.setdefault(fold(line.value), line)
        found: dict[str, Other] = {}
        for name in lines:
            for other in self.by_name.get(name, []):
                if other.id not in own_ids and (other.id, entity_id) not in self.pointing:
                    found.setdefault(other.id, other)
        return [_match(entry, lines, found[i]) for i in sorted(found)]


def _match(entry: Entry, lines: dict[str, Line], other: Other) -> Match:
    """Quote the other record's own name where the entry gives it, else the first name both give."""
    own_name = fold(other.name)
    if own_name in lines:
        line = lines[own_name]
        statement = f"{entry.name} is the actor that {other.owner} calls {other.name}."
    else:
        line = next(line for name, line in lines.items() if name in other.names)
        statement = f"{entry.name} is the actor that {other.owner} calls {other.name}; both name it {line.value}."
    if len(statement) > MAX_TEXT:  # a curator's name may be long; the id says which record just as well
        statement = f"{entry.name} is the actor of the record {other.id}; both name it {line.value}."
    return Match(other, line, statement)


def _owned(kb: KnowledgeBase, prefix: str) -> set[str]:
    """The files an import of `prefix` owns; by the prefix rule when its manifest cannot be read."""
    try:
        return set(read_owned(kb, prefix).files)
    except ImportConflict:  # the import of that prefix reports its own broken manifest when it runs
        return owned_by_prefix(kb, prefix)


def _mid_sentence(label: str) -> str:
    """A catalogue's label as it reads inside a sentence: 'the MISP threat-actor galaxy'."""
    return "the" + label[3:] if label.startswith("The ") else label
