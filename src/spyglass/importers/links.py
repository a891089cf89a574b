"""Links from imported groups to the agencies of the knowledge base, found by the KB's own names.

An agency is named when one of its names or aliases, as the knowledge base writes it, occurs in
the text case-sensitively on word boundaries. A description sentence that names an agency gives
an `attributed_to` claim only when an attribution phrase ("attributed to", "on behalf of",
"sponsored by", ...) comes shortly before the name and the sentence holds no negation: "targets
organisations in China" or "no clear ties to China" name China but do not say the group acts for it.
A field whose key says who is behind an entry (MISP's `cfr-suspected-state-sponsor`) needs no phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spyglass.text.quotes import normalise, sentences

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase

CUE_WINDOW = 80  # characters between the end of an attribution phrase and the agency's name
_CUES = re.compile(
    r"attribut\w*|on behalf of|in association with|(?:state[- ])?sponsored(?: by)?|state[- ]backed|backed by"
    r"|connections? (?:to|with)|ties (?:to|with)|tied to|linked to|affiliated (?:to|with)|works? for|working for"
    r"|operates? for|acting for|acts for|unit of|run by|directed by|controlled by|conducted by",
    re.IGNORECASE,
)
# Between the phrase and the name, "attributed to actors operating out of China" places the actors; and
# near the name, "targets companies that work for the BoE" names a victim. Neither says who the group acts for.
_PLACES = re.compile(r"\b(?:in|out of|from|based|located|including|such as)\b|;", re.IGNORECASE)
_VICTIMS = re.compile(r"\b(?:target\w*|against|victim\w*)\b", re.IGNORECASE)
_PLACE = re.compile(r"[- ]based\b", re.IGNORECASE)  # "a China-based actor" places it; it does not attribute it
# "linked to the China-affiliated APT 41": the name qualifies another actor, which is what the phrase links to.
_COMPOUND = re.compile(r"-\w")
_ANOTHER_ACTOR = re.compile(
    r"\b(?:another|other|the|an?|its)\s+(?:\w+\s+){0,3}?(?:actor|group|cluster|APT|campaign|ecosystem|threat)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:no|not|never|without|unclear|unconfirmed|denied|denies|disputed)\b", re.IGNORECASE)
# ATT&CK writes citations and link targets into its descriptions; a name in them is not the text's claim.
_NOT_PROSE = re.compile(r"\(Citation:[^)]*\)|\]\([^)\s]*\)")


@dataclass(frozen=True, slots=True)
class Found:
    """An agency named in a passage: its id, the name as written, and the passage to quote."""

    agency: str
    term: str
    quote: str


class AgencyNames:
    """The names and aliases of the knowledge base's agencies, matched as the module explains."""

    def __init__(self, kb: KnowledgeBase) -> None:
        terms: dict[str, str] = {}
        for entity in sorted(kb.entities.values(), key=lambda e: e.id):
            if entity.kind != "agency":
                continue
            names = [entity.name, *(c.value for c in entity.claims if c.predicate == "alias" and c.value)]
            for name in names:
                terms.setdefault(normalise(name), entity.id)
        self.terms = terms  # normalised name -> agency id
        self.names = {entity.id: entity.name for entity in kb.entities.values() if entity.kind == "agency"}
        ordered = sorted(terms, key=lambda t: (-len(t), t))  # the longest name wins where two overlap
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in ordered) + r")(?!\w)") if ordered else None
        )

    def named(self, text: str) -> list[tuple[int, int, str]]:
        """Where agencies are named in normalised `text`: (start, end, agency id)."""
        if self._pattern is None:
            return []
        return [(m.start(), m.end(), self.terms[m.group()]) for m in self._pattern.finditer(text)]

    def in_field(self, text: str) -> list[Found]:
        """The agencies a field line names (no attribution phrase needed: the field's key is one)."""
        return [Found(agency, term, text) for agency, term in self._unique(normalise(text))]

    def in_description(self, description: str) -> tuple[list[Found], list[tuple[str, str, str]]]:
        """Attributions in a description, and the mentions that are not: (agency, sentence, why)."""
        found: list[Found] = []
        passed: list[tuple[str, str, str]] = []
        for start, end in sentences(description):
            original = description[start:end]
            quote = " ".join(original.split())
            prose = normalise(_NOT_PROSE.sub(lambda m: " " * len(m.group()), original))
            mentions = self.named(prose)
            if not mentions:
                continue
            for begin, finish, agency in mentions:
                why = _not_attributed(prose, begin, finish)
                if why:
                    passed.append((agency, quote, why))
                elif all(f.agency != agency or f.quote != quote for f in found):
                    found.append(Found(agency, prose[begin:finish], quote))
        return found, passed

    def _unique(self, text: str) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for start, end, agency in self.named(text):
            seen.setdefault(agency, text[start:end])
        return list(seen.items())


def _not_attributed(prose: str, begin: int, finish: int) -> str:
    """Why the name at prose[begin:finish] is not said to be behind the group; '' when it is."""
    if _NEGATION.search(prose):
        return "the sentence holds a negation"
    before = prose[max(0, begin - CUE_WINDOW) : begin]
    cues = list(_CUES.finditer(before))
    if not cues or _PLACES.search(before[cues[-1].end() :]) or _PLACE.match(prose, finish):
        return "no attribution phrase right before the name"
    if _VICTIMS.search(before):
        return "the name is near a target or victim"
    if _COMPOUND.match(prose, finish):
        return "the name is part of a compound ('China-linked'), which describes another actor"
    between = before[cues[-1].end() :]
    if _ANOTHER_ACTOR.search(between):
        return "the phrase links the group to another actor, not to the agency"
    return ""
