"""A source's archived text cut into runs, each run marked with the quoted passages that cover it."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from spyglass.text.quotes import Parts  # a proved quote's spans in the original text ('...' quotes have several)


@cache  # asked for every piece of evidence on every page that shows it
def passage_id(parts: Parts) -> str:
    """A stable anchor for a passage: its offsets, and a digest of its parts when it has several."""
    start, end = parts[0][0], parts[-1][1]
    if len(parts) == 1:
        return f"q{start}-{end}"
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:6]
    return f"q{start}-{end}-{digest}"


@dataclass
class Run:
    """A stretch of the text; `marks` are the numbers of the passages covering it, `starts` those beginning here."""

    text: str
    marks: tuple[int, ...] = ()
    starts: list[int] = field(default_factory=list)


def runs(text: str, passages: list[Parts]) -> list[Run]:
    """The text as runs between every boundary of every passage; overlapping passages mark a run together.

    >>> [(r.text, r.marks) for r in runs("abcdef", [((1, 4),), ((3, 5),)])]
    [('a', ()), ('bc', (0,)), ('d', (0, 1)), ('e', (1,)), ('f', ())]
    """
    cuts = {0, len(text)}
    for parts in passages:
        for start, end in parts:
            cuts.update((start, end))
    edges = sorted(c for c in cuts if 0 <= c <= len(text))
    opening: dict[int, list[int]] = {}
    covering: dict[int, set[int]] = {}
    for number, parts in enumerate(passages):
        opening.setdefault(parts[0][0], []).append(number)
        for start, end in parts:
            covering.setdefault(start, set()).add(number)
            covering.setdefault(end, set()).add(-number - 1)  # a negative entry closes a passage's span
    active: dict[int, int] = {}
    out: list[Run] = []
    for at, following in itertools.pairwise(edges):
        for entry in sorted(covering.get(at, ()), key=lambda n: n >= 0):  # close before opening at one offset
            if entry < 0:
                number = -entry - 1
                active[number] -= 1
                if not active[number]:
                    del active[number]
            else:
                active[entry] = active.get(entry, 0) + 1
        if following > at:
            out.append(Run(text[at:following], tuple(sorted(active)), opening.get(at, [])))
    return out


def text_html(text: str, passages: list[Parts]) -> Markup:
    """The archived text as HTML: every run escaped, quoted runs in <mark>, each passage's number where it starts.

    Built here rather than in the template: a source page has hundreds of runs, and a template loop costs ~10x more.
    """
    out: list[str] = []
    for run in runs(text, passages):
        for n in run.starts:
            anchor = passage_id(passages[n])
            out.append(
                f'<a class="qa" id="{anchor}" href="#cite-{anchor}" '
                f'aria-label="Quoted passage {n + 1}: the claims citing it">{n + 1}</a>'
            )
        body = escape(run.text)
        out.append(f'<mark class="{"many" if len(run.marks) > 1 else "one"}">{body}</mark>' if run.marks else body)
    return Markup("".join(out))
