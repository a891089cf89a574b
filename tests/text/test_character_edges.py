"""A quote never begins or ends inside what one archived character became ('.' inside an '…')."""

from __future__ import annotations

from spyglass.text.quotes import Anchor, ArchivedText


def test_a_full_stop_is_found_where_it_stands_not_inside_an_ellipsis_character() -> None:
    assert ArchivedText("… . …").anchor(".") == Anchor(2, 3, ((2, 3),))
    assert ArchivedText("Wait… then.").anchor(".") == Anchor(10, 11, ((10, 11),))
    assert ArchivedText("Wait…").anchor(".") is None


def test_a_ligature_is_quoted_whole() -> None:
    assert ArchivedText("ﬁne ﬁsh").anchor("fish") == Anchor(4, 7, ((4, 7),))
    assert ArchivedText("the ﬁ ligature").anchor("ﬁ") == Anchor(4, 5, ((4, 5),))


def test_a_character_that_expands_to_white_space_and_a_mark_is_quoted_whole() -> None:
    # NFKC makes '¯' a space and a combining macron; a quote is compared stripped, so '¯' stands alone
    assert ArchivedText("Reef Cat\n¯\n").anchor("¯") == Anchor(9, 10, ((9, 10),))
