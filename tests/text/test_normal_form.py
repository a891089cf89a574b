"""NFKC over whole strings: decomposed and composed forms match both ways, at offsets of the original."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from spyglass.text.normal import Normalised, normal_form, normalise
from spyglass.text.quotes import ArchivedText

NFC, NFD = "café déjà naïve", "cafe\u0301 de\u0301ja\u0300 nai\u0308ve"


def test_an_nfd_quote_matches_an_nfc_text() -> None:
    anchor = ArchivedText("Le " + NFC + ".").anchor("de\u0301ja\u0300 nai\u0308ve")
    assert anchor is not None
    assert (anchor.start, anchor.end) == (8, 18)
    assert ("Le " + NFC + ".")[8:18] == "déjà naïve"


def test_an_nfc_quote_matches_an_nfd_text_at_offsets_of_the_decomposed_original() -> None:
    original = "Le " + NFD + "."
    anchor = ArchivedText(original).anchor("déjà naïve")
    assert anchor is not None
    assert (anchor.start, anchor.end) == (9, 22)
    assert original[9:22] == "de\u0301ja\u0300 nai\u0308ve"


def test_a_letter_is_not_quoted_without_its_accent() -> None:
    assert ArchivedText("Le " + NFD).anchor("cafe") is None
    assert ArchivedText("Le " + NFC).anchor("cafe") is None


def test_mixed_forms_ligatures_full_width_and_curly_quotes_map_back_exactly() -> None:
    original = "Ｔhe “ﬁnal” re\u0301sume\u0301 of the café—and ｔhe e\u0301lan"
    text = ArchivedText(original)
    assert text.normal == 'The "final" résumé of the café-and the élan'
    anchor = text.anchor('"final" résume\u0301 of the cafe\u0301 - and the élan')
    assert anchor is None  # the text has no space around its dash
    anchor = text.anchor('"final" résume\u0301 of the cafe\u0301-and the élan')
    assert anchor is not None
    assert original[anchor.start : anchor.end] == "“ﬁnal” re\u0301sume\u0301 of the café—and ｔhe e\u0301lan"
    assert (anchor.start, anchor.end) == (4, 45)
    ligature = text.anchor("ﬁnal")
    assert ligature is not None and original[ligature.start : ligature.end] == "ﬁnal"
    wide = text.anchor("The")
    assert wide is not None and (wide.start, wide.end) == (0, 3)


def test_compatibility_characters_that_carry_a_space_fold_with_the_space_beside_them() -> None:
    # '¨' is NFKC ' ̈': beside a space, the two spaces are one
    original = "a ¨ b"
    assert normal_form(original) == "a \u0308 b"
    assert Normalised(original).normal == "a \u0308 b"
    assert normalise("x\u00a0\u00a0“y”…") == 'x "y"...'


def test_plain_ascii_is_normalised_like_any_other_text() -> None:
    for plain in ["`quoted'", "a  b", "a\tb", "a\x1fb", " a b ", "a b"]:
        assert normalise(plain) == normal_form(plain).strip() == Normalised(plain).normal.strip()
    assert normalise("`quoted'\t here") == "'quoted' here"


# A letter in several spellings (composed, decomposed, compatibility forms), and what may part words.
LETTERS = st.sampled_from(["a", "e", "é", "e\u0301", "ñ", "n\u0303", "ﬁ", "Ａ", "ㄱ", "\u1100\u1161", "각", "ǆ"])
SEPARATORS = [" ", "\u00a0", "\n", " \n ", "—", "“", "” "]


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_the_mapped_normal_form_is_the_normal_form_by_definition(original: str) -> None:
    assert Normalised(original).normal == normal_form(original)


@given(st.lists(st.lists(LETTERS, min_size=1, max_size=3), min_size=1, max_size=12), st.data())
def test_a_passage_in_any_form_anchors_at_its_bounds_in_the_original(
    words: list[list[str]], data: st.DataObject
) -> None:
    pieces: list[str] = []  # letters and what parts the words, in order
    for word in words:
        pieces.extend(word)
        pieces.append(data.draw(st.sampled_from(SEPARATORS)))
    original = "".join(pieces)
    bounds = [sum(len(p) for p in pieces[:i]) for i in range(len(pieces) + 1)]
    word_starts = [i for i in range(len(pieces)) if i == 0 or pieces[i - 1] in SEPARATORS]
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    begin = word_starts[first]
    end = word_starts[last] + len(words[last])
    form = data.draw(st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]))
    quote = unicodedata.normalize(form, original[bounds[begin] : bounds[end]])
    anchor = ArchivedText(original).anchor(quote)
    assert anchor is not None
    assert anchor.start in bounds and anchor.end in bounds  # never inside a letter's spelling
    assert normalise(original[anchor.start : anchor.end]) == normalise(quote)
    assert anchor.start <= bounds[begin]  # the passage itself, or the same words earlier
