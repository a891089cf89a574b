"""The checks that span files: references, kinds, archived texts, quotes, names and dates."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from spyglass.diagnostics import Diagnostic, article, make
from spyglass.kb.files import inside
from spyglass.kb.reading import MAX_TEXT_BYTES, Refused, TooLarge, Unreadable, read_regular
from spyglass.model.vocabulary import ACTORS
from spyglass.text.quotes import Anchor, ArchivedText
from spyglass.validate.claim_checks import check_claim, check_names
from spyglass.validate.partial import check_unusable
from spyglass.validate.proof import AnchorCache, Proof
from spyglass.validate.quote_checks import check_quote
from spyglass.validate.references import unknown_source, unknown_speaker
from spyglass.validate.shared_names import shared_names
from spyglass.validate.where import at, place

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.model.records import Entity, Source


def check_kb(kb: KnowledgeBase, anchor_cache: AnchorCache) -> Proof:
    """Run every cross-file check; `anchor_cache` remembers quote lookups between runs."""
    proof = Proof()
    proof.diagnostics.extend(_duplicate_ids(kb))
    for source_id, source in kb.sources.items():
        proof.diagnostics.extend(_check_source(kb, source_id, source, proof))
    claim_ids: dict[str, str] = {}
    for entity in kb.entities.values():
        proof.diagnostics.extend(_check_entity(kb, entity, proof, anchor_cache, claim_ids))
    proof.diagnostics.extend(check_unusable(kb, proof, anchor_cache))
    proof.diagnostics.extend(check_names(kb, proof, at))
    failing = {d.file for d in proof.diagnostics if d.severity == "error"}
    proof.diagnostics.extend(_warnings(kb, failing))
    proof.diagnostics.extend(shared_names(kb, failing | {d.file for d in kb.diagnostics if d.severity == "error"}))
    return proof


def _duplicate_ids(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    for parsed in kb.records:
        record = parsed.record
        if record is not None and kb.where[record.id] is not parsed:
            first = kb.where[record.id].file.rel
            yield make("SG301", *place(kb, parsed, ("id",)), f"id '{record.id}' is also the id of {first}")


def _check_source(kb: KnowledgeBase, source_id: str, source: Source, proof: Proof) -> Iterator[Diagnostic]:
    record_dir = Path(kb.where[source_id].file.rel).parent
    path = kb.root / record_dir / source.text
    if Path(source.text).is_absolute() or ".." in Path(source.text).parts or not inside(kb.root, path):
        yield make("SG402", *at(kb, source_id, ("text",)), f"text '{source.text}' lies outside the knowledge base")
        return
    rel = (record_dir / source.text).as_posix()
    proof.text_paths[source_id] = rel
    try:
        raw = read_regular(path, MAX_TEXT_BYTES)
    except TooLarge as exc:
        hint = "Archive only the part of the source that the claims quote, or split it into several sources."
        yield make("SG102", *at(kb, source_id, ("text",)), f"archived text {rel}: {exc}", hint)
        return
    except Unreadable as exc:
        if exc.missing:
            yield make("SG401", *at(kb, source_id, ("text",)), f"no archived text at {rel}")
        else:
            hint = "Let the text be read: check its permissions, and that no link points back at itself."
            yield make("SG401", *at(kb, source_id, ("text",)), f"archived text {rel}: {exc}", hint)
        return
    except Refused as exc:
        hint = "Archive the text as a regular file: FIFOs, devices and sockets are never read."
        yield make("SG401", *at(kb, source_id, ("text",)), f"archived text {rel} is {exc}", hint)
        return
    digest = hashlib.sha256(raw).hexdigest()
    if digest != source.sha256:
        yield make(
            "SG403",
            *at(kb, source_id, ("sha256",)),
            f"{rel} has sha256 {digest}",
            f"If {rel} is the text you mean to archive, write: sha256: {digest}",
        )
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        yield make("SG407", *at(kb, source_id, ("text",)), f"{rel}: byte {exc.start} is not UTF-8")
        return
    proof.texts[source_id] = ArchivedText(text)
    proof.digests[source_id] = digest


def _check_entity(
    kb: KnowledgeBase, entity: Entity, proof: Proof, anchor_cache: AnchorCache, claim_ids: dict[str, str]
) -> Iterator[Diagnostic]:
    for c in range(len(entity.claims)):
        found = list(_check_one_claim(kb, entity, c, proof, anchor_cache, claim_ids))
        if any(d.severity == "error" for d in found):  # what every answer built from the records leaves out
            proof.rejected.add((entity.id, c))
        yield from found


def _check_one_claim(
    kb: KnowledgeBase, entity: Entity, c: int, proof: Proof, anchor_cache: AnchorCache, claim_ids: dict[str, str]
) -> Iterator[Diagnostic]:
    claim = entity.claims[c]
    here = ("claims", c)
    if claim.id is not None:
        if claim.id in claim_ids:
            yield make(
                "SG308",
                *at(kb, entity.id, (*here, "id")),
                f"claim id '{claim.id}' is used in {claim_ids[claim.id]} too",
            )
        claim_ids.setdefault(claim.id, entity.id)
    yield from check_claim(kb, entity, c, at)
    for e, evidence in enumerate(claim.evidence):
        path = (*here, "evidence", e)
        parsed = kb.where[entity.id]
        yield from unknown_source(kb, parsed, path, evidence.source)
        if evidence.speaker is not None:
            yield from unknown_speaker(kb, parsed, path, evidence.speaker)
        speaker = kb.entities.get(evidence.speaker or "")
        if speaker is not None and speaker.kind not in ACTORS:
            yield make(
                "SG307",
                *at(kb, entity.id, (*path, "speaker")),
                f"speaker '{evidence.speaker}' is {article(speaker.kind)}",
            )
        found: list[Anchor] = []
        quote_at = (*path, "quote")
        yield from check_quote(kb, parsed, quote_at, evidence.source, evidence.quote, proof, anchor_cache, found)
        if found:
            proof.anchors[(entity.id, c, e)] = found[0]


def _warnings(kb: KnowledgeBase, failing: set[str]) -> Iterator[Diagnostic]:
    """Consistency warnings; none for a source whose own errors come first."""
    from spyglass.model.dates import bounds

    cited = {e.source for entity in kb.entities.values() for claim in entity.claims for e in claim.evidence}
    for source_id in kb.sources:
        if source_id not in cited and kb.where[source_id].file.rel not in failing:
            yield make("SG502", *at(kb, source_id, ("id",)), f"no claim cites source '{source_id}'")
    for entity in kb.entities.values():
        if not entity.claims:
            yield make("SG501", *at(kb, entity.id, ("id",)), f"'{entity.id}' has no claims")
        born = [bounds(c.value) for c in entity.claims if c.predicate == "born" and c.value]
        earliest = min((b[0] for b in born if b), default=None)
        if earliest is None:
            continue
        for c, claim in enumerate(entity.claims):
            date = claim.value if claim.predicate == "died" else (claim.when if claim.predicate != "born" else None)
            span = bounds(date) if date else None
            if span and span[1] < earliest:
                field_name = "value" if claim.predicate == "died" else "when"
                yield make(
                    "SG503", *at(kb, entity.id, ("claims", c, field_name)), f"'{date}' is before {entity.id} was born"
                )
