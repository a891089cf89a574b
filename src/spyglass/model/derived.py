"""The derived parts of a claim (id, status, grade), shared by every answer and the index."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spyglass.model.records import Claim, Source


def derived_claim_id(subject: str, claim: Claim) -> str:
    """A stable id from subject, predicate, object or value, and statement: `mss-targets-1a2b3c4d`."""
    if claim.id:
        return claim.id
    key = "\x1f".join([subject, claim.predicate, claim.object or claim.value or "", claim.statement])
    return f"{subject}-{claim.predicate.replace('_', '-')}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def speaker_key(speaker: str | None, description: str | None, publisher: str) -> str:
    """Who is speaking, for corroboration: an entity, a described person, or else the publisher."""
    if speaker:
        return f"entity:{speaker}"
    if description:
        return f"described:{description}"
    return f"publisher:{publisher}"


def status(evidence: Iterable[tuple[str, str]]) -> str:
    """'contested' if any evidence disputes, 'corroborated' if two speakers support, else 'single'.

    `evidence` holds (stance, speaker key) pairs.
    """
    pairs = list(evidence)
    if any(stance == "disputes" for stance, _ in pairs):
        return "contested"
    return "corroborated" if len({key for stance, key in pairs if stance == "supports"}) >= 2 else "single"


def grade(reliability: str | None, credibility: str | None) -> str | None:
    """The Admiralty grade, source reliability then information credibility ('B2'); '?' where ungraded."""
    if reliability is None and credibility is None:
        return None
    return f"{reliability or '?'}{credibility or '?'}"


def publisher_of(source: Source | None, source_id: str) -> str:
    return (source.publisher if source and source.publisher else None) or source_id
