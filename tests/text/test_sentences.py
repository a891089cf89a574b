"""Sentences as a reader splits them: initials, titles and initialisms are not sentence ends."""

from __future__ import annotations

import pytest

from spyglass.text.quotes import sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kenneth L. Parker said so. It rained.", ["Kenneth L. Parker said so.", "It rained."]),
        ("He joined the U.S. Coast Office. Then he left.", ["He joined the U.S. Coast Office.", "Then he left."]),
        ("See No. 7 of them. Next one.", ["See No. 7 of them.", "Next one."]),
        ("Mr. Li spoke. Gen. Wu did not.", ["Mr. Li spoke.", "Gen. Wu did not."]),
        ("On Sept. 5 he left. He came back.", ["On Sept. 5 he left.", "He came back."]),
        ('He said: "Go." She went.', ['He said: "Go."', "She went."]),
        ("A title\n\nThe first line. The second.", ["A title", "The first line.", "The second."]),
        ("It was plan B. Then came C.", ["It was plan B. Then came C."]),  # an initial, as a reader may also misjudge
    ],
)
def test_sentences_split_where_a_reader_would(text: str, expected: list[str]) -> None:
    assert [text[start:end] for start, end in sentences(text)] == expected
