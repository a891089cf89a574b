"""The valid claims of a proved knowledge base, in the answer shapes the query commands print."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spyglass.validate.claim_json import claim_json

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.model.answer_shapes import ClaimJSON
    from spyglass.validate.proof import Proof

ClaimKey = tuple[str, int]  # subject id, claim index


@dataclass
class Claims:
    """Every valid claim in the shared JSON shape, with what points where, and how many were left out."""

    by_key: dict[ClaimKey, ClaimJSON] = field(default_factory=dict)
    parts: dict[ClaimKey, list[tuple[tuple[int, int], ...]]] = field(default_factory=dict)  # per evidence
    pointing_to: dict[str, list[ClaimKey]] = field(default_factory=dict)  # object id -> claims of others
    said_by: dict[str, list[ClaimKey]] = field(default_factory=dict)  # speaker id -> claims
    citing: dict[str, list[ClaimKey]] = field(default_factory=dict)  # source id -> claims
    left_out: int = 0

    def of(self, subject: str, count: int) -> list[ClaimJSON]:
        """The valid claims of an entity that has `count` claims, in record order."""
        return [self.by_key[(subject, i)] for i in range(count) if (subject, i) in self.by_key]


def unsound_sources(kb: KnowledgeBase, proof: Proof) -> set[str]:
    """Sources with an error in their record or archived text (a wrong sha256, say): nothing citing them is shown."""
    files = {d.file for d in kb.diagnostics + proof.diagnostics if d.severity == "error"}
    return {
        source_id
        for source_id, parsed in kb.where.items()
        if source_id in kb.sources and (parsed.file.rel in files or proof.text_paths.get(source_id) in files)
    }


def claim_is_valid(kb: KnowledgeBase, proof: Proof, subject: str, index: int, unsound: set[str]) -> bool:
    """Whether validate takes the claim (no error of its own, every quote proved), it cites only sound sources,
    and what it links to has a page (validate leaves a link into a broken file to that file's own error)."""
    claim = kb.entities[subject].claims[index]
    linked = [claim.object, *(e.speaker for e in claim.evidence)]
    return (
        (subject, index) not in proof.rejected
        and all(entity_id is None or entity_id in kb.entities for entity_id in linked)
        and all(
            (subject, index, e) in proof.anchors and evidence.source not in unsound
            for e, evidence in enumerate(claim.evidence)
        )
    )


def gather(kb: KnowledgeBase, proof: Proof) -> Claims:
    """Every claim that is valid, from entity files without errors; the rest are counted, not shown."""
    found = Claims()
    unsound = unsound_sources(kb, proof)
    for subject in sorted(kb.entities):
        entity = kb.entities[subject]
        file_ok = not any(d.severity == "error" for d in kb.where[subject].diagnostics)
        for index, claim in enumerate(entity.claims):
            if not (file_ok and claim_is_valid(kb, proof, subject, index, unsound)):
                found.left_out += 1
                continue
            key = (subject, index)
            found.by_key[key] = claim_json(kb, proof, subject, index)
            found.parts[key] = [proof.anchors[(subject, index, e)].parts for e in range(len(claim.evidence))]
            if claim.object and claim.object != subject:
                found.pointing_to.setdefault(claim.object, []).append(key)
            for evidence in claim.evidence:
                if evidence.speaker:
                    said = found.said_by.setdefault(evidence.speaker, [])
                    if not said or said[-1] != key:
                        said.append(key)
                cited = found.citing.setdefault(evidence.source, [])
                if not cited or cited[-1] != key:
                    cited.append(key)
    return found


def entity_json(kb: KnowledgeBase, claims: Claims, entity_id: str) -> dict[str, Any]:
    """An entity in the shape of `show --json`: its claims (aliases apart), and the claims of others about it."""
    entity = kb.entities[entity_id]
    own = sorted(claims.of(entity_id, len(entity.claims)), key=lambda c: c["predicate"])
    return {
        "id": entity.id,
        "kind": entity.kind,
        "name": entity.name,
        "summary": entity.summary,
        "aliases": [c for c in own if c["predicate"] == "alias"],
        "claims": [c for c in own if c["predicate"] != "alias"],
        "mentions": [claims.by_key[k] for k in claims.pointing_to.get(entity_id, [])],
        "said": [claims.by_key[k] for k in claims.said_by.get(entity_id, [])],
        "further_reading": list(entity.further_reading),
    }
