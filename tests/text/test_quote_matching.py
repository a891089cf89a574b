"""Ellipsis quotes: the right placement, against a brute-force reference, in bounded work."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spyglass.errors import QuoteTooComplex
from spyglass.text import placement
from spyglass.text.placement import ELLIPSIS_GAP, MAX_PARTS, place
from spyglass.text.quotes import CLOSEST_WORDS, ArchivedText


def test_a_later_middle_part_is_taken_when_only_it_lets_the_quote_go_on() -> None:
    # "B" at 2 is nearest "A", but "C" lies more than 301 characters after it; "B" at 250 reaches "C".
    text = "A B " + "y" * 245 + " B " + "z" * 280 + " C"
    anchor = ArchivedText(text).anchor("A ... B ... C")
    assert anchor is not None
    assert anchor.parts == ((0, 1), (250, 251), (533, 534))


def test_a_part_may_start_at_most_gap_plus_one_characters_after_the_one_before() -> None:
    assert ELLIPSIS_GAP == 300
    near = "alpha " + "x" * 299 + " omega"  # omega starts 301 characters after alpha ends
    assert ArchivedText(near).anchor("alpha ... omega") == ArchivedText(near).anchor("alpha...omega")
    assert ArchivedText(near).anchor("alpha ... omega") is not None
    assert ArchivedText("alpha " + "x" * 300 + " omega").anchor("alpha ... omega") is None


def test_nineteen_common_parts_that_do_not_occur_finish_in_bounded_work() -> None:
    text = "the spy said that the agency sent the officer to the city and the port " * 60
    parts = ["the"] * 18 + ["zzz"]
    found = place(text, parts)
    assert found.spans is None
    assert found.examined <= len(parts) * (len(text) + 1)
    assert ArchivedText(text).anchor(" ... ".join(parts)) is None


def test_nineteen_parts_over_repeated_words_find_the_earliest_placement() -> None:
    # 'a' at every even offset, 'zzz' at 4000: the last 'a' must start at 3698 or later, each earlier
    # one at most 302 before the next, and every part takes the earliest start that still allows that.
    text = "a " * 2000 + "zzz"
    found = place(text, ["a"] * 18 + ["zzz"])
    assert found.spans is not None
    assert [s for s, _ in found.spans] == [0, 2, 4, 6, 8, *(3698 - (18 - k) * 302 for k in range(6, 19)), 4000]
    assert found.examined <= 19 * (len(text) + 1)


def test_too_many_parts_are_refused_with_a_reason() -> None:
    text = ArchivedText("word " * 100)
    assert text.anchor(" ... ".join(["word"] * MAX_PARTS)) is not None
    with pytest.raises(QuoteTooComplex) as refused:
        text.anchor(" ... ".join(["word"] * (MAX_PARTS + 1)))
    assert refused.value.message == "the quote has 51 parts split by '...'; at most 50 are matched"
    assert refused.value.exit_code == 1


def test_work_past_the_budget_stops_with_a_reason() -> None:
    text = "a " * 300 + "zzz"
    assert place(text, ["a", "a", "zzz"], budget=10_000).spans is not None
    with pytest.raises(QuoteTooComplex) as refused:
        place(text, ["a", "a", "zzz"], budget=400)
    assert refused.value.message == "the quote's parts occur more than 400 times in the text; the search stops there"
    assert refused.value.hint == "Quote longer parts, with fewer '...', so that each is rarer in the text."


def test_the_default_budget_stops_a_hostile_text_of_one_repeated_word() -> None:
    text = ArchivedText("a " * (placement.MAX_CANDIDATES // 2 + 1))
    with pytest.raises(QuoteTooComplex):
        text.anchor("a ... a ... a ... zzz")


def test_a_long_missing_quote_is_compared_by_its_first_words_only() -> None:
    text = ArchivedText("The officer said the agency sends spies abroad to collect secrets. " * 15)
    words = ("the agency sends agents abroad to gather secrets, the officer said " * 20).split()
    long_quote = " ".join(words)
    assert text.anchor(long_quote) is None
    closest = text.closest(long_quote, 3)
    assert closest == text.closest(" ".join(words[:CLOSEST_WORDS]), 3)
    assert all(len(text.original[p.start : p.end].split()) <= CLOSEST_WORDS + 2 for p in closest)


def reference(text: str, parts: list[str], gap: int) -> tuple[int, ...] | None:
    """Every placement of the parts, built by brute force; the least in order of starts."""

    def whole(start: int, end: int) -> bool:
        before = text[start - 1 : start] + text[start : start + 1]
        after = text[end - 1 : end] + text[end : end + 1]
        return not (len(before) == 2 and before.isalnum()) and not (len(after) == 2 and after.isalnum())

    starts = [[i for i in range(len(text)) if text.startswith(p, i) and whole(i, i + len(p))] for p in parts]
    placements = [(s,) for s in starts[0]]
    for k in range(1, len(parts)):
        placements = [
            (*p, s)
            for p in placements
            for s in starts[k]
            if p[-1] + len(parts[k - 1]) <= s <= p[-1] + len(parts[k - 1]) + gap + 1
        ]
    return min(placements, default=None)


WORDS = st.sampled_from(["a", "b", "ab", "a,", "-b", "ca"])


@given(st.lists(WORDS, min_size=1, max_size=30), st.integers(0, 12), st.data())
def test_placement_agrees_with_brute_force_and_stays_bounded(words: list[str], gap: int, data: st.DataObject) -> None:
    text = " ".join(words)
    parts, at = [], 0
    for _ in range(data.draw(st.integers(1, 5))):
        if data.draw(st.integers(0, 3)) == 0:  # now and then a part from anywhere, or not in the text at all
            parts.append(" ".join(data.draw(st.lists(WORDS, min_size=1, max_size=2))))
            continue
        at = min(at + data.draw(st.integers(0, 3)), len(words) - 1)  # mostly the next words, so matches are frequent
        length = data.draw(st.integers(1, 2))
        parts.append(" ".join(words[at : at + length]))
        at += length
    expected = reference(text, parts, gap)
    with mock.patch.object(placement, "ELLIPSIS_GAP", gap):
        found = place(text, parts)
        anchor = ArchivedText(text).anchor(" ... ".join(parts))
    assert found.examined <= len(parts) * (len(text) + 1)
    if expected is None:
        assert found.spans is None and anchor is None
    else:
        spans = tuple((s, s + len(p)) for s, p in zip(expected, parts, strict=True))
        assert found.spans == spans
        assert anchor is not None and anchor.parts == spans
        assert (anchor.start, anchor.end) == (spans[0][0], spans[-1][1])
