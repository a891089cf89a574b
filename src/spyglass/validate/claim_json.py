"""One claim in the JSON shape of every answer (DESIGN 5), from the loaded and proved records.

The index builds the same shape from SQL (query/answers.py); exports and the site build it here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spyglass.model.derived import derived_claim_id, grade, publisher_of, speaker_key, status

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.model.answer_shapes import ClaimJSON, EvidenceJSON
    from spyglass.validate.proof import Proof


def claim_json(kb: KnowledgeBase, proof: Proof, subject: str, index: int) -> ClaimJSON:
    """One claim in the JSON shape of every answer (DESIGN 5), from the loaded and proved records."""
    claim = kb.entities[subject].claims[index]
    evidence: list[EvidenceJSON] = []
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
