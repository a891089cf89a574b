"""The ids of an import's records: slugs unique within it, and stable across re-imports of a catalogue.

An entity keeps the id an earlier import gave its upstream entry (the uuid or STIX id is recorded in
the notes of the entry's source record), so that curated records can point at it. Only an entry new
to the knowledge base takes a fresh id: `<prefix>-<key>`, then `-2`, `-3` while that is taken.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from spyglass.importers.entries import Catalogue, Entry, slugify

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase


class Ids:
    """Ids unique within the import: a stem taken twice gets '-2', '-3' (first come, in file order)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, *ids: str) -> bool:
        if any(i in self.taken for i in ids):
            return False
        self.taken.update(ids)
        return True

    def entry(self, prefix: str, key: str) -> str:
        stem, n = f"{prefix}-{key}", 1
        while not self.claim(stem, f"{stem}-entry"):
            n += 1
            stem = f"{prefix}-{key}-{n}"
        return stem

    def target(self, prefix: str, name: str) -> str:
        stem = f"{prefix}-target-{slugify(name) or hashlib.sha256(name.encode()).hexdigest()[:8]}"
        candidate, n = stem, 1
        while not self.claim(candidate):
            n += 1
            candidate = f"{stem}-{n}"
        return candidate


def previous_ids(kb: KnowledgeBase, catalogue: Catalogue) -> dict[str, str]:
    """Upstream id -> the entity id an earlier import of the catalogue gave it, read from its source's notes."""
    from spyglass.model.records import Source

    if not catalogue.recorded:
        return {}
    pattern = re.compile(catalogue.recorded)
    found: dict[str, str] = {}
    for source_id, source in sorted(kb.sources.items()):
        if not isinstance(source, Source) or source.type != "dataset" or not source.notes:
            continue
        entity_id = source_id.removesuffix("-entry")
        match = pattern.match(source.notes)
        if match and source_id.startswith(f"{catalogue.prefix}-") and entity_id != source_id:
            found.setdefault(match.group(1), entity_id)
    return found


def entity_ids(entries: list[Entry], prefix: str, previous: dict[str, str], ids: Ids) -> dict[str, str]:
    """Upstream id -> entity id: the earlier id where the knowledge base holds one, else a fresh one."""
    assigned: dict[str, str] = {}
    for entry in entries:
        old = previous.get(entry.upstream_id)
        if old is not None and ids.claim(old, f"{old}-entry"):
            assigned[entry.upstream_id] = old
    for entry in entries:
        if entry.upstream_id not in assigned:
            assigned[entry.upstream_id] = ids.entry(prefix, entry.key)
    return assigned
