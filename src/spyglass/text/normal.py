"""The normal form in which quotes and archived texts are compared, and a map from it back to the original.

Normal form (DESIGN 3.5): Unicode NFKC of the whole string, so that a decomposed accent joins its
letter; curly quotes, primes and backticks to straight; dashes and minus to '-'; every run of
white space to one space. `normal_form` says it in one line; `Normalised` builds the same string
piece by piece so that every normal offset maps back into the original.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′‵`", "'"),
        **dict.fromkeys("“”„‟″‶«»", '"'),
        **dict.fromkeys("‐‑‒–—―−﹘﹣－⁃", "-"),
    }
)
_WHITE = re.compile(r"\s+")
# What normalisation may change: white space other than one plain space, and runs of characters that
# are not plain ASCII (the class leaves out ASCII but for \x60, the backtick, which folds to an apostrophe).
_CHANGES = re.compile(r" \s+|[^\S ]\s*|[^\x00-\x5f\x61-\x7f\s]+")
_ASCII_CHANGES = re.compile(r"[\t-\r\x1c-\x1f`]")  # ASCII white space but the plain space, and the backtick


def normal_form(text: str) -> str:
    """The normal form by its definition, without offsets: `normal_form("e\u0301\u00a0 “b”") == 'é "b"'`."""
    return _WHITE.sub(" ", unicodedata.normalize("NFKC", text).translate(_FOLD))


def normalise(text: str) -> str:
    """The normal form in which quotes are compared, stripped: `normalise("a\u00a0 “b”") == 'a "b"'`."""
    if text.isascii() and "  " not in text and not _ASCII_CHANGES.search(text):
        return text.strip()  # most quotes: nothing to change, known without a slower scan
    return normal_form(text).strip()  # the same string Normalised builds, without the map


@lru_cache(maxsize=4096)
def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _takes_the_letter_before(char: str) -> bool:
    """Whether `char` may combine with the plain ASCII character before it: only a mark can (an accent, say)."""
    return bool(unicodedata.combining(char) or unicodedata.combining(_nfkc(char)[0]))


def _clusters(token: str) -> list[tuple[int, int]]:
    """Spans of `token` that normalise independently: NFKC of the whole is NFKC of each, joined."""
    spans: list[tuple[int, int]] = []
    start = 0
    for at in range(1, len(token)):
        char, normal = token[at], _nfkc(token[at])
        before = token[start:at]
        # A starter that decomposes to a starter and does not compose with what precedes it stops
        # every later mark from reordering or composing across it, so a cut before it is safe.
        if (
            not unicodedata.combining(char)
            and normal
            and not unicodedata.combining(normal[0])
            and _nfkc(before + char) == _nfkc(before) + normal
        ):
            spans.append((start, at))
            start = at
    spans.append((start, len(token)))
    if "".join(_nfkc(token[s:e]) for s, e in spans) != _nfkc(token):
        return [(0, len(token))]  # a script whose marks cross the cuts: map the token as one piece
    return spans


class Normalised:
    """A text's normal form with a sparse map back: the pieces whose length or content changed."""

    __slots__ = ("_ends_in_space", "_length", "_pieces", "_spans", "_starts", "normal")

    def __init__(self, original: str) -> None:
        self._pieces: list[str] = []
        self._starts: list[int] = []  # normal offset of each changed piece, for bisection
        self._spans: list[tuple[int, int, int, int]] = []  # normal at, original at, normal and original lengths
        self._length = 0
        self._ends_in_space = False
        done = 0
        for match in _CHANGES.finditer(original):
            start, end = match.span()
            token = match.group()
            if token[0].isspace():
                self._same(done, original[done:start])
                self._changed(start, len(token), " ")
            else:
                if start > done and _takes_the_letter_before(token[0]):
                    start -= 1  # a mark on the character before: NFKC must see them together
                    token = original[start:end]
                self._same(done, original[done:start])
                self._add_token(start, token)
            done = end
        self._same(done, original[done:])
        self.normal = "".join(self._pieces)
        del self._pieces

    def _add_token(self, at: int, token: str) -> None:
        if unicodedata.is_normalized("NFKC", token):
            self._same(at, token.translate(_FOLD))  # folding maps each character to one
            return
        for start, end in _clusters(token):
            normal = _nfkc(token[start:end]).translate(_FOLD)
            if end - start == len(normal) == 1:
                self._same(at + start, normal)
            else:
                self._changed(at + start, end - start, normal)

    def _same(self, at: int, normal: str) -> None:
        """Append `normal`, which maps one to one onto the original from `at`."""
        if not normal:
            return
        if self._ends_in_space and normal[0] == " ":
            self._changed(at, 1, "")  # two spaces in a row: the second maps to nothing
            at, normal = at + 1, normal[1:]
        self._pieces.append(normal)
        self._length += len(normal)
        self._ends_in_space = normal[-1] == " "

    def _changed(self, at: int, length: int, normal: str) -> None:
        """Append `normal` as the normal form of the `length` original characters at `at`."""
        normal = _WHITE.sub(" ", normal)
        if self._ends_in_space and normal.startswith(" "):
            normal = normal[1:]
        self._starts.append(self._length)
        self._spans.append((self._length, at, len(normal), length))
        if normal:
            self._pieces.append(normal)
            self._length += len(normal)
            self._ends_in_space = normal[-1] == " "

    def _to_original(self, index: int) -> tuple[int, int]:
        """The original span of the normal character at `index`."""
        at = bisect_right(self._starts, index) - 1
        if at < 0:
            return index, index + 1
        normal_at, original_at, normal_length, original_length = self._spans[at]
        if index < normal_at + normal_length:
            return original_at, original_at + original_length
        offset = original_at + original_length + index - (normal_at + normal_length)
        return offset, offset + 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the normal span [start, end)."""
        return self._to_original(start)[0], self._to_original(end - 1)[1]

    def keeps_characters_whole(self, start: int, end: int) -> bool:
        """Whether the normal span [start, end) begins and ends where what one original character became
        begins and ends: '.' inside the '...' of an '…' has no original text of its own. White space that
        an expansion begins or ends with does not count ('¯' becomes ' ̄', and a quote is compared stripped)."""
        at = bisect_right(self._starts, start) - 1
        if at >= 0:
            normal_at, _, length, _ = self._spans[at]
            if normal_at < start < normal_at + length and self.normal[normal_at:start].strip():
                return False
        at = bisect_right(self._starts, end - 1) - 1
        if at >= 0:
            normal_at, _, length, _ = self._spans[at]
            if normal_at <= end - 1 < normal_at + length - 1 and self.normal[end : normal_at + length].strip():
                return False
        return True
