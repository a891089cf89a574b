"""Coverage counts, per sentence, the non-space characters quotes cover: the same as counting them one by one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from spyglass.text.quotes import coverage, sentences


def one_by_one(text: str, quoted: list[tuple[int, int]], share: float = 0.5) -> list[tuple[int, int, bool]]:
    covered = [False] * len(text)
    for start, end in quoted:
        for i in range(start, end):
            covered[i] = True
    result = []
    for start, end in sentences(text):
        chars = [i for i in range(start, end) if not text[i].isspace()]
        inside = sum(covered[i] for i in chars)
        result.append((start, end, bool(chars) and inside >= share * len(chars)))
    return result


TEXT = st.text(alphabet=st.sampled_from(list("ab. \n\t\u00a0\u2003\x00É!?")), max_size=60)


@given(TEXT, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=5))
def test_coverage_counts_as_one_by_one(text: str, spans: list[tuple[int, int]]) -> None:
    quoted = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in spans]
    assert coverage(text, quoted) == one_by_one(text, quoted)


def test_a_sentence_mostly_quoted_is_covered() -> None:
    text = "One two three four. Five six."
    assert coverage(text, [(0, 13)]) == [(0, 19, True), (20, 29, False)]  # 11 of its 15 letters


def test_the_spaces_are_every_character_python_calls_a_space() -> None:
    import sys

    from spyglass.text.quotes import SPACES

    assert "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()) == SPACES
