"""Quote proof in validation: each quote found in its archived text, or a diagnostic saying how near it came."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from spyglass.diagnostics import Diagnostic, make
from spyglass.errors import QuoteTooComplex
from spyglass.text.explain import explain_miss
from spyglass.text.quotes import Anchor, ArchivedText
from spyglass.validate.where import DataPath, place

if TYPE_CHECKING:
    from spyglass.kb.files import ParsedRecord
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.validate.proof import AnchorCache, Proof


def check_quote(
    kb: KnowledgeBase,
    parsed: ParsedRecord,
    path: DataPath,
    source_id: str,
    quote: str,
    proof: Proof,
    anchor_cache: AnchorCache,
    found: list[Anchor],
) -> Iterator[Diagnostic]:
    """Find `quote` (at `path`) in its source's text, appending the anchor to `found`; diagnostics when it is not there."""
    text = proof.texts.get(source_id)
    if text is None:
        return  # the source's own problem is already reported
    key = (proof.digests[source_id], quote)
    if key not in anchor_cache:
        try:
            anchor_cache[key] = text.anchor(quote)
        except QuoteTooComplex as exc:  # not cached: the bound is cheap to hit again
            yield make("SG404", *place(kb, parsed, path), f"quote not found in {source_id}: {exc.message}", exc.hint)
            return
    anchor = anchor_cache[key]
    if anchor is None:
        yield _quote_not_found(kb, parsed, path, source_id, text, quote)
        return
    found.append(anchor)
    dropped = _elided_negation(text, anchor)
    if dropped:
        yield make(
            "SG504",
            *place(kb, parsed, path),
            f"the quote's '...' leaves out '{dropped}' from the text, which may turn its meaning around",
        )


_NEGATION = re.compile(r"\b(?:not|no|never|nor|neither|without)\b|n't\b", re.IGNORECASE)


def _elided_negation(text: ArchivedText, anchor: Anchor) -> str:
    """A negation in the text that an ellipsis of the quote leaves out, or ''."""
    for (_, gap_start), (gap_end, _) in zip(anchor.parts, anchor.parts[1:], strict=False):
        found = _NEGATION.search(text.original, gap_start, gap_end)
        if found:
            return found.group()
    return ""


def _quote_not_found(
    kb: KnowledgeBase, parsed: ParsedRecord, path: DataPath, source_id: str, text: ArchivedText, quote: str
) -> Diagnostic:
    miss = explain_miss(text, quote)
    if miss is not None:
        return make("SG404", *place(kb, parsed, path), f"quote not found in {source_id}: {miss.reason}", miss.hint)
    closest = text.closest(quote)
    if not closest:
        return make("SG404", *place(kb, parsed, path), f"quote not found in {source_id}")
    best = closest[0]
    line, column = text.line_column(best.start)
    passage = " ".join(text.original[best.start : best.end].split())
    passage = passage if len(passage) <= 160 else passage[:157] + "..."
    return make(
        "SG404",
        *place(kb, parsed, path),
        f"quote not found in {source_id}; closest passage ({best.similarity:.0%} alike) at line {line}, column {column}",
        f'The text there reads: "{passage}"',
    )
