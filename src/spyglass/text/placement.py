"""Where the parts of a quote split by '...' lie in a normal text, in bounded time.

Each part must occur as whole words; the first anywhere, each next one after the end of the one
before and starting at most ELLIPSIS_GAP + 1 characters after it. Of all the placements, the one
with the earliest first part wins, then the earliest second part, and so on.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from spyglass.errors import QuoteTooComplex

ELLIPSIS_GAP = 300
MAX_PARTS = 50
MAX_CANDIDATES = 200_000  # occurrences of parts examined per quote: ~0.1 s of work


@dataclass(frozen=True, slots=True)
class Placement:
    """The normal spans of a quote's parts (None when it does not occur), and how many occurrences were examined."""

    spans: tuple[tuple[int, int], ...] | None
    examined: int


def whole_words(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] neither begins nor ends in the middle of a word."""
    cut_before = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    cut_after = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return not (cut_before or cut_after)


def place(
    text: str, parts: list[str], budget: int | None = None, allowed: Callable[[int, int], bool] | None = None
) -> Placement:
    """Place `parts` in `text` (both normal); raises QuoteTooComplex rather than examine more than `budget` occurrences.

    Taking the leftmost next part is not enough: an earlier part ends earlier, so its window for the
    part after closes earlier too, and a later occurrence may be the only one that lets the quote go
    on. So a forward pass finds every occurrence reachable from the one before, a backward pass keeps
    those from which the rest can still be placed, and then the leftmost kept occurrence is always
    safe to take. Each pass visits each occurrence once: the work is the occurrences examined, which
    are at most one per text position per part, and never more than the budget.
    """
    _check_parts(parts)
    budget = MAX_CANDIDATES if budget is None else budget
    try:
        return _place(text, parts, budget, allowed)
    except _OverBudget:
        raise QuoteTooComplex(
            f"the quote's parts occur more than {budget} times in the text; the search stops there",
            "Quote longer parts, with fewer '...', so that each is rarer in the text.",
        ) from None


def _check_parts(parts: list[str]) -> None:
    if len(parts) > MAX_PARTS:
        raise QuoteTooComplex(
            f"the quote has {len(parts)} parts split by '...'; at most {MAX_PARTS} are matched",
            "Quote fewer, longer passages: split the evidence into several quotes.",
        )


class _OverBudget(Exception):
    """More occurrences than the budget allows."""


def _place(text: str, parts: list[str], budget: int, allowed: Callable[[int, int], bool] | None) -> Placement:
    if len(parts) == 1:  # most quotes: the first occurrence on word boundaries is the answer
        first, examined = _occurrences(text, parts[0], [(0, len(text))], budget, first_only=True, allowed=allowed)
        return Placement(((first[0], first[0] + len(parts[0])),) if first else None, examined)
    greedy = _greedy(text, parts, allowed, budget)
    if greedy is not None:
        return greedy
    reachable: list[list[int]] = []
    windows = [(0, len(text))]  # where the next part may start: inclusive ranges, in order, disjoint
    spent = 0
    for part in parts:
        starts, examined = _occurrences(text, part, windows, budget - spent, first_only=False, allowed=allowed)
        spent += examined
        if not starts:
            return Placement(None, spent)
        reachable.append(starts)
        windows = _windows(starts, len(part))
    kept = [reachable[-1]]
    for part, starts in zip(reversed(parts[:-1]), reversed(reachable[:-1]), strict=True):
        following = kept[-1]
        kept.append([s for s in starts if _next_after(following, s + len(part)) is not None])
    kept.reverse()
    if not kept[0]:
        return Placement(None, spent)
    spans = [(kept[0][0], kept[0][0] + len(parts[0]))]
    for part, starts in zip(parts[1:], kept[1:], strict=True):
        start = _next_after(starts, spans[-1][1])
        assert start is not None  # the part before was kept because this one can follow it
        spans.append((start, start + len(part)))
    return Placement(tuple(spans), spent)


def _greedy(text: str, parts: list[str], allowed: Callable[[int, int], bool] | None, budget: int) -> Placement | None:
    """Each part at its first occurrence after the one before, or None when that does not reach the end.

    When it reaches the end it is the exact answer: its first part is the leftmost occurrence, and
    one that completes the quote; each next part the first that may follow. Most quotes end here, at
    the cost of one find a part; the rest take the full search below.
    """
    spans: list[tuple[int, int]] = []
    examined = 0
    for part in parts:
        low = spans[-1][1] if spans else 0
        last = spans[-1][1] + ELLIPSIS_GAP + 1 if spans else len(text)  # the latest start allowed
        at = text.find(part, low, min(last + len(part), len(text)))
        while at >= 0 and not (
            whole_words(text, at, at + len(part)) and (allowed is None or allowed(at, at + len(part)))
        ):
            examined += 1
            if examined > budget:
                raise _OverBudget
            at = text.find(part, at + 1, min(last + len(part), len(text)))
        if at < 0 or at > last:
            return None
        examined += 1
        if examined > budget:
            raise _OverBudget
        spans.append((at, at + len(part)))
    return Placement(tuple(spans), examined)


def _occurrences(
    text: str,
    part: str,
    windows: list[tuple[int, int]],
    budget: int,
    *,
    first_only: bool,
    allowed: Callable[[int, int], bool] | None = None,
) -> tuple[list[int], int]:
    """Where `part` starts on word boundaries (and where `allowed` agrees) within `windows` (only the
    first if `first_only`), and the occurrences examined."""
    found: list[int] = []
    examined = 0
    for low, high in windows:
        end = min(high + len(part), len(text))
        at = text.find(part, low, end)
        while at >= 0:
            examined += 1
            if examined > budget:
                raise _OverBudget
            if whole_words(text, at, at + len(part)) and (allowed is None or allowed(at, at + len(part))):
                found.append(at)
                if first_only:
                    return found, examined
            at = text.find(part, at + 1, end)
    return found, examined


def _windows(starts: list[int], length: int) -> list[tuple[int, int]]:
    """Where a next part may start after parts of `length` at `starts`: overlapping windows merged."""
    merged: list[tuple[int, int]] = []
    for start in starts:
        low, high = start + length, start + length + ELLIPSIS_GAP + 1
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return merged


def _next_after(starts: list[int], end: int) -> int | None:
    """The first of `starts` in the window after a part ending at `end`, or None."""
    at = bisect_left(starts, end)
    if at < len(starts) and starts[at] <= end + ELLIPSIS_GAP + 1:
        return starts[at]
    return None


@dataclass(frozen=True, slots=True)
class PartLink:
    """How one part of a quote stands to the part before it, in normal offsets.

    `follows` says whether the part can be placed after the part before (the first part: whether it
    occurs); `previous` and `span` are the nearest pair of their occurrences, `apart` the characters
    between them besides one separating space (None when the part never occurs after the one before).
    """

    occurs: bool
    follows: bool
    previous: tuple[int, int] | None
    span: tuple[int, int] | None
    apart: int | None


def explain_parts(text: str, parts: list[str], budget: int | None = None) -> list[PartLink]:
    """Why `parts` can or cannot be placed in `text` (both normal), one PartLink per part, by the forward pass of `place`.

    A part that cannot follow is judged again from all its occurrences, so that each later link is
    explained on its own; raises QuoteTooComplex past the bounds of `place`.
    """
    _check_parts(parts)
    budget = MAX_CANDIDATES if budget is None else budget
    try:
        return _explain(text, parts, budget)
    except _OverBudget:
        raise QuoteTooComplex(
            f"the quote's parts occur more than {budget} times in the text; the search stops there",
            "Quote longer parts, with fewer '...', so that each is rarer in the text.",
        ) from None


def _explain(text: str, parts: list[str], budget: int) -> list[PartLink]:
    spent = 0
    everywhere = [(0, len(text))]
    links: list[PartLink] = []
    reached: list[int] = []
    for index, part in enumerate(parts):
        starts, examined = _occurrences(text, part, everywhere, budget - spent, first_only=False)
        spent += examined
        if index == 0:
            span = (starts[0], starts[0] + len(part)) if starts else None
            links.append(PartLink(bool(starts), bool(starts), None, span, None))
            reached = starts
            continue
        length = len(parts[index - 1])
        # (characters from the end of one to the start of the next, the start of one, the start of the next)
        nearest: tuple[int, int, int] | None = None
        for before in reached:
            at = bisect_left(starts, before + length)
            if at < len(starts) and (nearest is None or starts[at] - before - length < nearest[0]):
                nearest = (starts[at] - before - length, before, starts[at])
        following = [s for s in starts if _reached_from(reached, length, s)]
        if nearest is None:
            links.append(PartLink(bool(starts), False, None, None, None))
        else:
            distance, before, after = nearest
            links.append(
                PartLink(
                    True, bool(following), (before, before + length), (after, after + len(part)), max(distance - 1, 0)
                )
            )
        reached = following or starts
    return links


def _reached_from(starts: list[int], length: int, start: int) -> bool:
    """Whether a part starting at `start` lies in the window after one of `starts` (parts of `length`)."""
    at = bisect_left(starts, start - length - ELLIPSIS_GAP - 1)
    return at < len(starts) and starts[at] + length <= start
