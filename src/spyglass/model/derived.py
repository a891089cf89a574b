"""The derived parts of a claim (id, status, grade) and its JSON shape, shared by every answer."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.model.records import Claim, Source
    from spyglass.validate.checks import Proof


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


def claim_json(kb: KnowledgeBase, proof: Proof, subject: str, index: int) -> dict[str, Any]:
    """One claim in the JSON shape of every answer (DESIGN 5), from the loaded and proved records."""
    claim = kb.entities[subject].claims[index]
    evidence = []
    for e, item in enumerate(claim.evidence):
        source = kb.sources.get(item.source)
        anchor = proof.anchors.get((subject, index, e))
        speaker = kb.entities.get(item.speaker) if item.speaker else None
        evidence.append(
            {
                "source": item.source,
                "source_title": source.title if source else None,
                "source_published": source.published if source else None,
                "source_publisher": source.publisher if source else None,
                "quote": item.quote,
                "start": anchor.start if anchor else None,
                "end": anchor.end if anchor else None,
                "speaker": item.speaker,
                "speaker_name": speaker.name if speaker else None,
                "speaker_description": item.speaker_description,
                "stance": item.stance,
                "grade": grade(source.reliability if source else None, item.credibility),
                "locator": item.locator,
            }
        )
    keys = [
        (e.stance, speaker_key(e.speaker, e.speaker_description, publisher_of(kb.sources.get(e.source), e.source)))
        for e in claim.evidence
    ]
    return {
        "id": derived_claim_id(subject, claim),
        "subject": subject,
        "subject_name": kb.entities[subject].name,
        "predicate": claim.predicate,
        "object": claim.object,
        "object_name": kb.entities[claim.object].name if claim.object in kb.entities else None,
        "value": claim.value,
        "statement": claim.statement,
        "when": claim.when,
        "status": status(keys),
        "evidence": evidence,
    }
