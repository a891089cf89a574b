"""An entity's neighbourhood as a small SVG drawing, laid out at build time: no script needed to see it."""

from __future__ import annotations

import math
from dataclasses import dataclass

SIZE = 420
RADIUS = 150
MAX_DRAWN = 12  # beyond this a circle gets unreadable; the table beside it lists every link


@dataclass(frozen=True)
class Link:
    """One relation between the entity and a neighbour: which way it points, by which predicate."""

    predicate: str
    outgoing: bool
    other: str
    other_name: str
    other_kind: str
    claim: str  # the claim's anchor on the page that holds it


@dataclass(frozen=True)
class Node:
    """A neighbour placed on the drawing, with where its label goes."""

    id: str
    name: str
    kind: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str  # the label's text-anchor: start, middle or end


@dataclass(frozen=True)
class Drawing:
    """The nodes around the centre and how many neighbours were left out of the drawing."""

    size: int
    centre: float
    nodes: list[Node]
    hidden: int


def draw(links: list[Link]) -> Drawing:
    """The distinct neighbours around a circle, in the order of their ids, at most MAX_DRAWN of them."""
    neighbours: dict[str, tuple[str, str]] = {}
    for link in sorted(links, key=lambda k: k.other):
        neighbours.setdefault(link.other, (link.other_name, link.other_kind))
    shown = list(neighbours.items())[:MAX_DRAWN]
    centre = SIZE / 2
    nodes = []
    for i, (other, (name, kind)) in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(shown), 1)
        x = round(centre + RADIUS * math.cos(angle), 1)
        y = round(centre + RADIUS * math.sin(angle), 1)
        side = math.cos(angle)
        anchor = "middle" if abs(side) < 0.3 else ("start" if side > 0 else "end")
        label_x = round(x + (0 if anchor == "middle" else (12 if side > 0 else -12)), 1)
        # a label above or below the nodes at the top and bottom, beside the others
        label_y = round(y + (4 if anchor != "middle" else (-16 if y < centre else 26)), 1)
        nodes.append(Node(other, _short(name), kind, x, y, label_x, label_y, anchor))
    return Drawing(SIZE, centre, nodes, len(neighbours) - len(shown))


def _short(name: str, limit: int = 22) -> str:
    """A label that fits beside its node: long names are cut, with an ellipsis."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
