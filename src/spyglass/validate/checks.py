"""The checks that span files: references, kinds, archived texts, quotes, names and dates."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from spyglass.diagnostics import Diagnostic, make
from spyglass.errors import QuoteTooComplex
from spyglass.kb.files import ParsedRecord, inside
from spyglass.kb.reading import MAX_TEXT_BYTES, Refused, TooLarge, Unreadable, read_regular
from spyglass.model.vocabulary import ACTORS
from spyglass.text.quotes import Anchor, ArchivedText
from spyglass.validate.claim_checks import check_claim, check_names
from spyglass.validate.proof import AnchorCache, Proof

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
    proof.diagnostics.extend(check_names(kb, proof, _at))
    failing = {d.file for d in proof.diagnostics if d.severity == "error"}
    proof.diagnostics.extend(_warnings(kb, failing))
    return proof


def _at(kb: KnowledgeBase, record_id: str, path: tuple[str | int, ...]) -> tuple[str, int, int]:
    """File, line and column of a value in the record with this id."""
    return _place(kb, kb.where[record_id], path)


def _place(kb: KnowledgeBase, parsed: ParsedRecord, path: tuple[str | int, ...]) -> tuple[str, int, int]:
    """File, line and column of a value; positions are found again only when a problem needs them."""
    if not parsed.marks:
        from spyglass.kb.parse import parse_carefully
        from spyglass.kb.yaml_loader import MAX_FILE_BYTES

        try:
            raw = read_regular(kb.root / parsed.file.rel, MAX_FILE_BYTES)
        except Refused:
            return (parsed.file.rel, 0, 0)  # replaced since it was parsed: no position to give
        positioned = parse_carefully(parsed.file, raw)
        parsed.marks, parsed.key_marks = positioned.marks, positioned.key_marks
    return (parsed.file.rel, *parsed.mark(path))


def _duplicate_ids(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    for parsed in kb.records:
        record = parsed.record
        if record is not None and kb.where[record.id] is not parsed:
            first = kb.where[record.id].file.rel
            yield make("SG301", *_place(kb, parsed, ("id",)), f"id '{record.id}' is also the id of {first}")


def _check_source(kb: KnowledgeBase, source_id: str, source: Source, proof: Proof) -> Iterator[Diagnostic]:
    record_dir = Path(kb.where[source_id].file.rel).parent
    path = kb.root / record_dir / source.text
    if Path(source.text).is_absolute() or ".." in Path(source.text).parts or not inside(kb.root, path):
        yield make("SG402", *_at(kb, source_id, ("text",)), f"text '{source.text}' lies outside the knowledge base")
        return
    rel = (record_dir / source.text).as_posix()
    proof.text_paths[source_id] = rel
    try:
        raw = read_regular(path, MAX_TEXT_BYTES)
    except TooLarge as exc:
        hint = "Archive only the part of the source that the claims quote, or split it into several sources."
        yield make("SG102", *_at(kb, source_id, ("text",)), f"archived text {rel}: {exc}", hint)
        return
    except Unreadable as exc:
        if exc.missing:
            yield make("SG401", *_at(kb, source_id, ("text",)), f"no archived text at {rel}")
        else:
            hint = "Let the text be read: check its permissions, and that no link points back at itself."
            yield make("SG401", *_at(kb, source_id, ("text",)), f"archived text {rel}: {exc}", hint)
        return
    except Refused as exc:
        hint = "Archive the text as a regular file: FIFOs, devices and sockets are never read."
        yield make("SG401", *_at(kb, source_id, ("text",)), f"archived text {rel} is {exc}", hint)
        return
    digest = hashlib.sha256(raw).hexdigest()
    if digest != source.sha256:
        yield make(
            "SG403",
            *_at(kb, source_id, ("sha256",)),
            f"{rel} has sha256 {digest}",
            f"If {rel} is the text you mean to archive, write: sha256: {digest}",
        )
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        yield make("SG407", *_at(kb, source_id, ("text",)), f"{rel}: byte {exc.start} is not UTF-8")
        return
    proof.texts[source_id] = ArchivedText(text)
    proof.digests[source_id] = digest


def _check_entity(
    kb: KnowledgeBase, entity: Entity, proof: Proof, anchor_cache: AnchorCache, claim_ids: dict[str, str]
) -> Iterator[Diagnostic]:
    for c, claim in enumerate(entity.claims):
        here = ("claims", c)
        if claim.id is not None:
            if claim.id in claim_ids:
                yield make(
                    "SG308",
                    *_at(kb, entity.id, (*here, "id")),
                    f"claim id '{claim.id}' is used in {claim_ids[claim.id]} too",
                )
            claim_ids.setdefault(claim.id, entity.id)
        yield from check_claim(kb, entity, c, _at)
        for e, evidence in enumerate(claim.evidence):
            at = (*here, "evidence", e)
            if evidence.source not in kb.sources and evidence.source not in kb.broken:
                yield make("SG302", *_at(kb, entity.id, (*at, "source")), f"no source '{evidence.source}'")
            if evidence.speaker is not None:
                speaker = kb.entities.get(evidence.speaker)
                if speaker is None and evidence.speaker not in kb.broken:
                    yield make("SG304", *_at(kb, entity.id, (*at, "speaker")), f"no entity '{evidence.speaker}'")
                elif speaker is not None and speaker.kind not in ACTORS:
                    yield make(
                        "SG307",
                        *_at(kb, entity.id, (*at, "speaker")),
                        f"speaker '{evidence.speaker}' is a {speaker.kind}",
                    )
            text = proof.texts.get(evidence.source)
            if text is None:
                continue  # the source's own problem is already reported
            key = (proof.digests[evidence.source], evidence.quote)
            if key not in anchor_cache:
                try:
                    anchor_cache[key] = text.anchor(evidence.quote)
                except QuoteTooComplex as exc:  # not cached: the bound is cheap to hit again
                    where = _at(kb, entity.id, (*at, "quote"))
                    yield make("SG404", *where, f"quote not found in {evidence.source}: {exc.message}", exc.hint)
                    continue
            anchor = anchor_cache[key]
            if anchor is not None:
                proof.anchors[(entity.id, c, e)] = anchor
                dropped = _elided_negation(text, anchor)
                if dropped:
                    yield make(
                        "SG504",
                        *_at(kb, entity.id, (*at, "quote")),
                        f"the quote's '...' leaves out '{dropped}' from the text, which may turn its meaning around",
                    )
                continue
            yield _quote_not_found(kb, entity.id, (*at, "quote"), evidence.source, text, evidence.quote)


_NEGATION = re.compile(r"\b(?:not|no|never|nor|neither|without)\b|n't\b", re.IGNORECASE)


def _elided_negation(text: ArchivedText, anchor: Anchor) -> str:
    """A negation in the text that an ellipsis of the quote leaves out, or ''."""
    for (_, gap_start), (gap_end, _) in zip(anchor.parts, anchor.parts[1:], strict=False):
        found = _NEGATION.search(text.original, gap_start, gap_end)
        if found:
            return found.group()
    return ""


def _quote_not_found(
    kb: KnowledgeBase, entity_id: str, path: tuple[str | int, ...], source_id: str, text: ArchivedText, quote: str
) -> Diagnostic:
    closest = text.closest(quote)
    if not closest:
        return make("SG404", *_at(kb, entity_id, path), f"quote not found in {source_id}")
    best = closest[0]
    line, column = text.line_column(best.start)
    passage = " ".join(text.original[best.start : best.end].split())
    passage = passage if len(passage) <= 160 else passage[:157] + "..."
    return make(
        "SG404",
        *_at(kb, entity_id, path),
        f"quote not found in {source_id}; closest passage ({best.similarity:.0%} alike) at line {line}, column {column}",
        f'The text there reads: "{passage}"',
    )


def _warnings(kb: KnowledgeBase, failing: set[str]) -> Iterator[Diagnostic]:
    """Consistency warnings; none for a source whose own errors come first."""
    from spyglass.model.dates import bounds

    cited = {e.source for entity in kb.entities.values() for claim in entity.claims for e in claim.evidence}
    for source_id in kb.sources:
        if source_id not in cited and kb.where[source_id].file.rel not in failing:
            yield make("SG502", *_at(kb, source_id, ("id",)), f"no claim cites source '{source_id}'")
    for entity in kb.entities.values():
        if not entity.claims:
            yield make("SG501", *_at(kb, entity.id, ("id",)), f"'{entity.id}' has no claims")
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
                    "SG503", *_at(kb, entity.id, ("claims", c, field_name)), f"'{date}' is before {entity.id} was born"
                )
