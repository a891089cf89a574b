"""The shipped knowledge base: it validates strictly, and it quotes nearly all of its source."""

from __future__ import annotations

from pathlib import Path

from spyglass.index.database import open_index
from spyglass.query.sources import source_detail
from spyglass.validate.run import prove_cached, validate_kb

RECORDS = Path(__file__).resolve().parents[1] / "records"


def test_records_validate_strictly() -> None:
    report = validate_kb(RECORDS, use_cache=False)
    assert [(d.code, d.file, d.line) for d in report.diagnostics] == []


def test_every_entity_has_a_claim_and_every_speaker_speaks() -> None:
    kb, _ = prove_cached(RECORDS, use_cache=False)
    assert all(entity.claims for entity in kb.entities.values())
    speakers = {e.speaker for entity in kb.entities.values() for c in entity.claims for e in c.evidence if e.speaker}
    assert speakers and all(kb.entities[s].kind in ("person", "agency") for s in speakers)


def test_the_article_is_quoted_sentence_by_sentence() -> None:
    """The coverage that `spyglass sources ID` shows: at least 90% of each source's sentences quoted."""
    connection, _ = open_index(RECORDS)
    for (source_id,) in connection.execute("SELECT id FROM sources").fetchall():
        coverage = source_detail(connection, source_id)["coverage"]
        assert coverage["share"] >= 0.9, (
            f"{source_id}: {coverage['quoted']} of {coverage['sentences']} sentences quoted"
        )
