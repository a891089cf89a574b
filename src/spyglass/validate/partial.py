"""The parts of an unusable entity record that can still be checked: references and quotes.

A record that fails its model is not loaded, but one wrong key must not hide a wrong quote in
the same file: where its plain data still holds claims and evidence with text values, those
are checked with their positions. Values at a position already reported are left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from spyglass.diagnostics import Diagnostic
from spyglass.model.records import MAX_QUOTE
from spyglass.model.vocabulary import PREDICATES
from spyglass.validate.quote_checks import check_quote
from spyglass.validate.references import unknown_object, unknown_source, unknown_speaker

if TYPE_CHECKING:
    from spyglass.kb.files import ParsedRecord
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.validate.proof import AnchorCache, Proof


def check_unusable(kb: KnowledgeBase, proof: Proof, anchor_cache: AnchorCache) -> Iterator[Diagnostic]:
    """References and quotes of every entity file that was parsed but failed its model."""
    for parsed in kb.records:
        if parsed.record is None and parsed.file.kind != "source" and isinstance(parsed.data, dict):
            reported = {(d.line, d.column) for d in parsed.diagnostics}
            yield from _check_claims(kb, parsed, parsed.data.get("claims"), reported, proof, anchor_cache)


def _check_claims(
    kb: KnowledgeBase,
    parsed: ParsedRecord,
    claims: Any,
    reported: set[tuple[int, int]],
    proof: Proof,
    anchor_cache: AnchorCache,
) -> Iterator[Diagnostic]:
    def fresh(path: tuple[str | int, ...]) -> bool:
        return bool(parsed.marks) and parsed.mark(path) not in reported

    if not isinstance(claims, list):
        return
    for c, claim in enumerate(claims):
        if not isinstance(claim, dict):
            continue
        name = claim.get("predicate")
        predicate = PREDICATES.get(name) if isinstance(name, str) else None
        target = claim.get("object")
        relation = predicate is None or predicate.objects is not None
        if isinstance(target, str) and relation and fresh(("claims", c, "object")):
            yield from unknown_object(kb, parsed, ("claims", c), target, predicate.objects if predicate else None)
        evidence = claim.get("evidence")
        for e, item in enumerate(evidence if isinstance(evidence, list) else []):
            if not isinstance(item, dict):
                continue
            at = ("claims", c, "evidence", e)
            source, speaker, quote = item.get("source"), item.get("speaker"), item.get("quote")
            if isinstance(speaker, str) and fresh((*at, "speaker")):
                yield from unknown_speaker(kb, parsed, at, speaker)
            if not isinstance(source, str) or not fresh((*at, "source")):
                continue  # without a source that can be read, its quote cannot be checked either
            yield from unknown_source(kb, parsed, at, source)
            if isinstance(quote, str) and 0 < len(quote) <= MAX_QUOTE and fresh((*at, "quote")):
                yield from check_quote(kb, parsed, (*at, "quote"), source, quote, proof, anchor_cache, [])
