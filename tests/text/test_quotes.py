from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spyglass.text.quotes import ArchivedText, coverage, normalise, sentences

TEXT = "He said: “China spends a tremendous effort” —\n  and  the MSS’s   work… goes on.\n\nNext paragraph."


def test_normalise_folds_quotes_dashes_space_and_compatibility_forms() -> None:
    assert normalise("a\u00a0 “b” – ‘c’ … ﬁ\n") == "a \"b\" - 'c' ... fi"


def test_anchor_gives_offsets_of_the_original_text() -> None:
    text = ArchivedText(TEXT)
    anchor = text.anchor('"China spends a tremendous effort" - and the MSS\'s work')
    assert anchor is not None
    assert TEXT[anchor.start : anchor.end] == "“China spends a tremendous effort” —\n  and  the MSS’s   work"


def test_matching_is_case_sensitive() -> None:
    assert ArchivedText(TEXT).anchor("china spends") is None


def test_ellipsis_parts_must_occur_in_order_and_close_together() -> None:
    text = ArchivedText("alpha beta gamma delta " + "x" * 400 + " omega")
    anchor = text.anchor("alpha ... delta")
    assert anchor is not None and (anchor.start, anchor.end) == (0, 22)
    assert anchor.parts == ((0, 5), (17, 22))
    assert text.anchor("delta ... alpha") is None
    assert text.anchor("alpha ... omega") is None  # more than 300 characters apart
    assert text.anchor("alpha … gamma") is not None


def test_a_later_first_part_is_tried_when_the_nearest_fails() -> None:
    text = ArchivedText("one two. " + "y" * 400 + " one three")
    anchor = text.anchor("one...three")
    assert anchor is not None and anchor.start == 410


def test_closest_passage_when_a_quote_is_missing() -> None:
    text = ArchivedText(TEXT)
    best = text.closest("China spends a huge effort")[0]
    assert TEXT[best.start : best.end] == "“China spends a tremendous effort”"
    assert best.similarity == 0.77


def test_sentences_do_not_break_after_abbreviations() -> None:
    text = "Mr. Li said the U.S. intelligence community is a target. I.C. Smith agreed.\n\n• A bullet"
    assert [text[s:e] for s, e in sentences(text)] == [
        "Mr. Li said the U.S. intelligence community is a target.",
        "I.C. Smith agreed.",
        "A bullet",
    ]


def test_coverage_counts_sentences_mostly_quoted() -> None:
    text = "One two three. Four five six."
    assert coverage(text, [(0, 10)]) == [(0, 14, True), (15, 29, False)]


# "..." is an ellipsis, which splits a quote by design: not a plain passage
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC'.,", min_size=1, max_size=8).filter(lambda w: "..." not in w)
SPACES = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", " \n "])


@given(st.lists(WORDS, min_size=3, max_size=40), st.data())
def test_any_passage_anchors_at_its_offsets_whatever_its_spacing_and_quote_marks(
    words: list[str], data: st.DataObject
) -> None:
    gaps = [data.draw(SPACES) for _ in words]
    original = "".join(w + g for w, g in zip(words, gaps, strict=True)).replace("'", "’")
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    quote = " ".join(words[first : last + 1])  # straight quotes and single spaces
    anchor = ArchivedText(original).anchor(quote)
    assert anchor is not None
    assert normalise(original[anchor.start : anchor.end]) == normalise(quote)
    expected_start = sum(len(w) + len(g) for w, g in zip(words[:first], gaps, strict=False))
    normal_start = len(" ".join(words[:first])) + (1 if first else 0)
    if first_whole_words(" ".join(words), quote) == normal_start:
        assert anchor.start == expected_start
    else:  # the same words occur earlier: the first occurrence is the anchor
        assert anchor.start < expected_start


def first_whole_words(text: str, part: str) -> int:
    """Where `part` first occurs without cutting a word at either end."""
    at = text.find(part)
    while at >= 0:
        end = at + len(part)
        cut = (at > 0 and text[at - 1].isalnum() and text[at].isalnum()) or (
            end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
        )
        if not cut:
            return at
        at = text.find(part, at + 1)
    return -1


@given(st.text(alphabet="abc ", max_size=60), st.text(alphabet="xyz", min_size=1, max_size=10))
def test_a_passage_that_is_not_there_never_anchors(text: str, missing: str) -> None:
    assert ArchivedText(text).anchor(missing) is None
