"""What validation proved: the archived texts, their digests, and where each quote lies."""

from __future__ import annotations

from dataclasses import dataclass, field

from spyglass.diagnostics import Diagnostic
from spyglass.text.quotes import Anchor, ArchivedText

EvidenceKey = tuple[str, int, int]  # entity id, claim index, evidence index
AnchorCache = dict[tuple[str, str], "Anchor | None"]  # (text sha256, quote) -> where it was found


@dataclass
class Proof:
    """What the checks proved: the archived texts and where each quote lies."""

    texts: dict[str, ArchivedText] = field(default_factory=dict)  # source id -> its text
    digests: dict[str, str] = field(default_factory=dict)  # source id -> sha256 of its text
    anchors: dict[EvidenceKey, Anchor] = field(default_factory=dict)
    text_paths: dict[str, str] = field(default_factory=dict)  # source id -> kb-relative text path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rejected: set[tuple[str, int]] = field(default_factory=set)  # (entity id, claim index) with an error of its own
