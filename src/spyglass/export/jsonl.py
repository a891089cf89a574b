"""The knowledge base as JSON Lines: one source or entity (with its claims) a line."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from spyglass.export.rows import Exported, entity_rows, source_rows
from spyglass.text.printable import json_text

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.validate.proof import Proof


def render_jsonl(kb: KnowledgeBase, proof: Proof, now: datetime) -> tuple[bytes, Exported]:
    """One JSON object a line: the sources (`"record": "source"`), then the entities with their claims."""
    lines = [json_text({"record": "source", **row}) for row in source_rows(kb)]
    entities = entity_rows(kb, proof)
    lines += [json_text({"record": "entity", **row}) for row in entities]
    claims = [c for row in entities for c in row["claims"]]
    exported = Exported(len(kb.sources), len(entities), len(claims), sum(len(c["evidence"]) for c in claims))
    return ("\n".join(lines) + "\n").encode("utf-8"), exported
