"""Why a quote is not in its text, when a near miss can say more than "not found": capitals, or parts too far apart."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spyglass.errors import QuoteTooComplex
from spyglass.text.normal import normalise
from spyglass.text.placement import ELLIPSIS_GAP, place, whole_words
from spyglass.text.quotes import ArchivedText

_BUDGET = 20_000  # occurrences examined per explanation: it runs only on a failed quote, and must stay quick


@dataclass(frozen=True, slots=True)
class Miss:
    """What keeps a quote from matching (a message's ending) and how to fix it."""

    reason: str
    hint: str


def explain_miss(text: ArchivedText, quote: str) -> Miss | None:
    """Why `quote`, which does not occur in `text`, nearly does; None when it is simply not there."""
    parts = [p for p in (p.strip() for p in normalise(quote).split("...")) if p]
    if not parts:
        return None
    try:
        return _other_capitals(text, parts) or _missing_part(text, parts) or _too_far(text, parts)
    except QuoteTooComplex:
        return None  # too costly to explain: the closest passage will do


def _other_capitals(text: ArchivedText, parts: list[str]) -> Miss | None:
    lower = text.normal.lower()
    lowered = [p.lower() for p in parts]
    if len(lower) != len(text.normal) or any(len(a) != len(b) for a, b in zip(lowered, parts, strict=True)):
        return None  # a letter whose lower case is longer: offsets would not match
    spans = place(lower, lowered, _BUDGET).spans
    if spans is None:
        return None
    written = " ... ".join(text.normal[s:e] for s, e in spans)
    line, column = text.line_column(text.original_span(*spans[0])[0])
    return Miss(
        "the text has it with other capitals",
        f'The text has it with other capitals: "{_short(written, 160)}" at line {line}, column {column}',
    )


def _missing_part(text: ArchivedText, parts: list[str]) -> Miss | None:
    if len(parts) < 2:
        return None
    for number, part in enumerate(parts, 1):
        if _starts(text.normal, part):
            continue
        reason = f'part {number} of {len(parts)} ("{_short(part)}") is not in the text'
        closest = text.closest(part)
        if not closest:
            return Miss(reason, "Copy each part of the quote from the archived text.")
        line, column = text.line_column(closest[0].start)
        passage = " ".join(text.original[closest[0].start : closest[0].end].split())
        return Miss(reason, f'The closest passage, at line {line}, column {column}, reads: "{_short(passage, 160)}"')
    return None


def _too_far(text: ArchivedText, parts: list[str]) -> Miss | None:
    """The first pair of parts whose nearest occurrences, in order, leave more than ELLIPSIS_GAP between them."""
    normal = text.normal
    for number in range(1, len(parts)):
        before, after = parts[number - 1], parts[number]
        starts = _starts(normal, before)
        ends = [s + len(before) for s in starts]
        nearest: tuple[int, int, int] | None = None  # characters between, start of each part
        for start in _starts(normal, after):
            j = bisect_right(ends, start) - 1
            if j >= 0 and (nearest is None or start - ends[j] - 1 < nearest[0]):
                nearest = (start - ends[j] - 1, starts[j], start)
        if nearest is not None and nearest[0] <= ELLIPSIS_GAP:
            continue
        reason = (
            f'its parts all occur, but part {number + 1} of {len(parts)} ("{_short(after)}") is not within '
            f'{ELLIPSIS_GAP} characters after part {number} ("{_short(before)}")'
        )
        if nearest is None:
            line, column = _where(text, _starts(normal, after)[0])
            return Miss(
                reason,
                f"Part {number + 1} occurs only before part {number} (first at line {line}, column {column}); "
                "the parts of a quote keep the text's order.",
            )
        gap, first, second = nearest
        (line, column), (line2, column2) = _where(text, first), _where(text, second)
        return Miss(
            reason,
            f"The nearest: part {number} at line {line}, column {column}, and part {number + 1} at line {line2}, "
            f"column {column2}: the '...' would leave out {gap} characters, and may leave out at most {ELLIPSIS_GAP}. "
            "Quote the passages as separate evidence.",
        )
    return None


def _starts(normal: str, part: str) -> list[int]:
    """Where `part` starts as whole words in the normal text; raises QuoteTooComplex past the budget."""
    found: list[int] = []
    at, examined = normal.find(part), 0
    while at >= 0:
        examined += 1
        if examined > _BUDGET:
            raise QuoteTooComplex("too many occurrences to explain", "")
        if whole_words(normal, at, at + len(part)):
            found.append(at)
        at = normal.find(part, at + 1)
    return found


def _where(text: ArchivedText, normal_offset: int) -> tuple[int, int]:
    return text.line_column(text.original_span(normal_offset, normal_offset + 1)[0])


def _short(words: str, limit: int = 60) -> str:
    return words if len(words) <= limit else words[: limit - 3] + "..."
