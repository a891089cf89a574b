"""Quote proof: normalise a quote and an archived text alike, then find the quote in the text.

Normalisation (DESIGN 3.5, text/normal.py): Unicode NFKC; curly quotes to straight; dashes and
minus to '-'; every run of white space to one space. Matching is case-sensitive; an ellipsis splits
a quote into parts that must occur in order, each within 300 characters of the one before
(text/placement.py, in bounded time). Offsets are those of the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from spyglass.text.normal import Normalised
from spyglass.text.normal import normalise as normalise
from spyglass.text.placement import PartLink, explain_parts, place
from spyglass.text.placement import whole_words as whole_words

CLOSEST_WORDS = 60
# Quote marks the normal form leaves apart; a quote that matches once they are all one differs in its marks alone.
_MARK_CHARS = "'\"ʹʺʻʼʽˮ‹›❛❜❝❞〝〞〟׳״"
_MARKS = str.maketrans(dict.fromkeys(_MARK_CHARS, '"'))
_LOOSE = (("case", True, False), ("quote marks", False, True), ("case and quote marks", True, True))


Parts = tuple[tuple[int, int], ...]  # where each part of a quote lies in its text; one part unless it has `...`


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a quote lies in the original text: [start, end), and its ellipsis parts."""

    start: int
    end: int
    parts: Parts


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of the original text that resembles a quote, and how much (0-1)."""

    start: int
    end: int
    similarity: float


class ArchivedText:
    """An archived text with its normal form and a map from normal offsets back to the original."""

    def __init__(self, original: str) -> None:
        self.original = original

    @cached_property
    def _mapped(self) -> Normalised:
        return Normalised(self.original)

    @property
    def normal(self) -> str:
        return self._mapped.normal

    @cached_property
    def folded(self) -> str:
        """The normal form in lower case, for names, which are matched without regard to case."""
        return self.normal.casefold()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the normal span [start, end)."""
        return self._mapped.original_span(start, end)

    def anchor(self, quote: str) -> Anchor | None:
        """Where `quote` occurs, or None; raises QuoteTooComplex when finding out would take too long."""
        parts = quote_parts(quote)
        if not parts:
            return None
        # a part that is only a piece of one character's expansion ('.' of an '…') is not in the text as written
        spans = place(self.normal, parts, allowed=self._mapped.keeps_characters_whole).spans
        if spans is None:
            return None
        original = tuple(self.original_span(s, e) for s, e in spans)
        return Anchor(original[0][0], original[-1][1], original)

    def explain_parts(self, quote: str) -> list[PartLink]:
        """Part by part, whether each part of `quote` can follow the one before (text/placement.py), in original offsets."""
        links = explain_parts(self.normal, quote_parts(quote))
        return [
            PartLink(
                link.occurs,
                link.follows,
                self.original_span(*link.previous) if link.previous else None,
                self.original_span(*link.span) if link.span else None,
                link.apart,
            )
            for link in links
        ]

    def loose_anchor(self, quote: str) -> tuple[str, Anchor] | None:
        """Where `quote` occurs once case or quote marks are ignored, and what differs ("case", "quote marks",
        "case and quote marks"), the least first; None when it does not occur even so."""
        parts = quote_parts(quote)
        if not parts:
            return None
        for differs, case, marks in _LOOSE:
            if marks and not any(char in _MARK_CHARS for char in "".join(parts)):
                continue  # no quote mark in the quote: folding them cannot make it match
            text, origin = _loosened(self.normal, case, marks)
            spans = place(text, [_loosened(p, case, marks)[0] for p in parts]).spans
            if spans is not None:
                if origin is not None:  # back from the case-folded text, which is longer, to the normal one
                    spans = tuple((origin[s], origin[e - 1] + 1) for s, e in spans)
                original = tuple(self.original_span(s, e) for s, e in spans)
                return differs, Anchor(original[0][0], original[-1][1], original)
        return None

    def closest(self, quote: str, count: int = 1) -> list[Passage]:
        """The passages most like `quote` (its first CLOSEST_WORDS words), best first: word overlap picks, difflib scores."""
        from difflib import SequenceMatcher

        wanted = normalise(quote).replace("...", " ")
        if len(wanted.split()) > CLOSEST_WORDS:  # difflib's cost grows with the square of the length
            wanted = " ".join(wanted.split()[:CLOSEST_WORDS])
        words = [_word(w) for w in wanted.split()]
        if not words or not self.normal:
            return []
        vocabulary = set(words)
        tokens = [(m.start(), m.end(), _word(m.group())) for m in re.finditer(r"\S+", self.normal)]
        width = min(len(words), len(tokens))
        hits = [1 if t[2] in vocabulary else 0 for t in tokens]
        scores, running = [], sum(hits[:width])
        for first in range(len(tokens) - width + 1):
            if first:
                running += hits[first + width - 1] - hits[first - 1]
            scores.append((running, -first))
        picked: list[Passage] = []
        taken: list[tuple[int, int]] = []
        for _, negative_first in sorted(scores, reverse=True):
            first = -negative_first
            start, end = tokens[first][0], tokens[first + width - 1][1]
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            passage = self._best_near(wanted, tokens, first, width, SequenceMatcher)
            if all((p.start, p.end) != (passage.start, passage.end) for p in picked):
                picked.append(passage)
            if len(taken) >= max(count, 5):
                break
        picked.sort(key=lambda p: -p.similarity)
        return picked[:count]

    def _best_near(
        self, wanted: str, tokens: list[tuple[int, int, str]], first: int, width: int, matcher: Any
    ) -> Passage:
        """The most similar passage within two words of a candidate window, either end."""
        best: tuple[float, int, int] = (-1.0, 0, 0)
        for shift in range(-2, 3):
            for stretch in range(-2, 3):
                a, b = first + shift, first + shift + width - 1 + stretch
                if a < 0 or b >= len(tokens) or b < a:
                    continue
                start, end = tokens[a][0], tokens[b][1]
                ratio = matcher(None, wanted, self.normal[start:end], autojunk=False).ratio()
                if ratio > best[0]:
                    best = (ratio, start, end)
        return Passage(*self.original_span(best[1], best[2]), round(best[0], 2))

    def context(self, start: int, end: int, width: int = 60) -> tuple[str, str, str]:
        """The text of [start, end) with up to `width` characters either side, white space folded;
        the sides keep a space only where the text has one, and a '…' only where the text goes on."""
        before = re.sub(r"\s+", " ", self.original[max(0, start - width) : start])
        after = re.sub(r"\s+", " ", self.original[end : end + width])
        before = ("…" if start > width else "") + before.lstrip()
        after = after.rstrip() + ("…" if end + width < len(self.original) else "")
        return before, " ".join(self.original[start:end].split()), after

    def line_column(self, offset: int) -> tuple[int, int]:
        before = self.original[:offset]
        return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def quote_parts(quote: str) -> list[str]:
    """The normal parts of a quote that an ellipsis splits, stripped, empty ones left out."""
    return [p for p in (p.strip() for p in normalise(quote).split("...")) if p]


def _loosened(text: str, case: bool, marks: bool) -> tuple[str, list[int] | None]:
    """`text` with quote marks made one and case folded, and where each of its characters came from (None: one to one)."""
    if marks:
        text = text.translate(_MARKS)
    if not case:
        return text, None
    folded = text.casefold()
    if len(folded) == len(text):  # no character folds to more than one: offsets are unchanged
        return folded, None
    origin = [at for at, char in enumerate(text) for _ in char.casefold()]
    return folded, origin


def _word(token: str) -> str:
    """A token as compared when looking for a similar passage: lower case, no punctuation around it."""
    return token.strip(".,;:!?\"'()[]-").lower()


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+|\n\s*\n|\n(?=\s*[•\-*] )")
# Not sentence ends: titles and ranks, "No.", an initial ("Kenneth L. Parker") and initialisms ("U.S.").
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Messrs|Dr|St|Mt|Jr|Sr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Maj|Adm|Cmdr|Rev|Hon|Amb"
    r"|No|Nos|Art|Sec|Vol|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)|(?<![\w.])[A-Z]|(?:\b[A-Z]\.)+[A-Z])\.$"
)


# every character str.isspace() holds a space (a test checks the list), and NUL, mapped to NUL or to a non-NUL
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
SPACES += "\u2028\u2029\u202f\u205f\u3000"
_SPACE_TO_NUL = {ord(c): 0 for c in SPACES} | {0: 1}


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of a text's sentences: split after . ! ? before a capital, never after 'Mr.' or 'U.S.'."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        following = text[match.end() : match.end() + 2].lstrip("“\"'‘•")
        mid_paragraph = text[match.start() - 1] in ".!?" and "\n\n" not in match.group()
        abbreviation = _ABBREVIATION.search(text[max(0, match.start() - 12) : match.start()])
        if mid_paragraph and (not following[:1].isupper() or abbreviation):
            continue
        spans.append((start, match.start() + (0 if text[match.start()] in " \t\r\n" else 1)))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip(" \t\r\n•"))
        body = chunk.strip(" \t\r\n•")
        if len(body) > 1:
            trimmed.append((s + lead, s + lead + len(body)))
    return trimmed


def coverage(text: str, quoted: list[tuple[int, int]], share: float = 0.5) -> list[tuple[int, int, bool]]:
    """Each sentence with whether quotes cover at least `share` of its non-space characters."""
    # Counted with str.count over texts of one character per character: NUL for a space (or, in `covered`,
    # for a character no quote covers), so that no loop runs over characters in Python.
    visible = text.translate(_SPACE_TO_NUL)
    pieces, at = [], 0
    for start, end in sorted(quoted):
        start = max(start, at)
        if end > start:
            pieces += ["\0" * (start - at), visible[start:end]]
            at = end
    pieces.append("\0" * (len(text) - at))
    covered = "".join(pieces)
    result = []
    for start, end in sentences(text):
        chars = end - start - visible.count("\0", start, end)
        inside = end - start - covered.count("\0", start, end)
        result.append((start, end, bool(chars) and inside >= share * chars))
    return result
