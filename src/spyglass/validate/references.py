"""References to records that do not exist, each with the closest ids of the right kind."""

from __future__ import annotations

from collections.abc import Iterator, Set
from typing import TYPE_CHECKING

from spyglass.diagnostics import RULES, Diagnostic, did_you_mean, make
from spyglass.model.vocabulary import ACTORS
from spyglass.validate.where import DataPath, place

if TYPE_CHECKING:
    from spyglass.kb.files import ParsedRecord
    from spyglass.kb.knowledge_base import KnowledgeBase


def unknown_source(kb: KnowledgeBase, parsed: ParsedRecord, at: DataPath, source: str) -> Iterator[Diagnostic]:
    """SG302 for an evidence's unknown source; a broken source file's id counts as known."""
    if source not in kb.sources and source not in kb.broken:
        hint = did_you_mean(source, list(kb.sources)) + RULES["SG302"].hint
        yield make("SG302", *place(kb, parsed, (*at, "source")), f"no source '{source}'", hint)


def unknown_speaker(kb: KnowledgeBase, parsed: ParsedRecord, at: DataPath, speaker: str) -> Iterator[Diagnostic]:
    """SG304 for an evidence's unknown speaker, suggesting people, agencies and groups only."""
    if speaker not in kb.entities and speaker not in kb.broken:
        actors = [i for i, e in kb.entities.items() if e.kind in ACTORS]
        hint = did_you_mean(speaker, actors) + RULES["SG304"].hint
        yield make("SG304", *place(kb, parsed, (*at, "speaker")), f"no entity '{speaker}'", hint)


def unknown_object(
    kb: KnowledgeBase, parsed: ParsedRecord, at: DataPath, target: str, kinds: Set[str] | None
) -> Iterator[Diagnostic]:
    """SG303 for a claim's unknown object; suggestions only among entities of `kinds` (None: any kind)."""
    if target in kb.entities or target in kb.broken:
        return  # a broken file's problems are its own; "no such entity" would mislead
    fitting = [i for i, e in kb.entities.items() if kinds is None or e.kind in kinds]
    hint = did_you_mean(target, fitting) + RULES["SG303"].hint
    yield make("SG303", *place(kb, parsed, (*at, "object")), f"no entity '{target}'", hint)
