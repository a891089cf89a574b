"""Each claim's answer, stored in the index, is the answer validate's records give (one shape, two builders)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spyglass.index.claim_answers import answered_where
from spyglass.index.database import open_index
from spyglass.validate.claim_json import claim_json
from spyglass.validate.run import prove_cached


def add_unusual(kb: Path) -> None:
    """A claim whose quote has two parts, a described speaker, a disputing stance and words beyond ASCII."""
    (kb / "people" / "zoe.yaml").write_text(
        "id: zoe\nkind: person\nname: Zoë <Ångström>\nclaims:\n"
        "  - predicate: member_of\n    object: boe\n    statement: Zoë watches the “harbour” for the bureau.\n"
        "    evidence:\n"
        "      - source: gazette\n        quote: The Example Gazette ... watches the harbour\n"
        "        speaker_description: a dock worker\n        credibility: '3'\n"
        "      - source: gazette\n        quote: the Bureau of Examples watches the harbour\n"
        "        stance: disputes\n",
        encoding="utf-8",
    )


def test_the_stored_answers_are_validates_answers(kb: Path) -> None:
    add_unusual(kb)
    connection, _ = open_index(kb)
    stored = {(a.claim["subject"], a.position): a for a in answered_where(connection, "1", ())}
    records, proof = prove_cached(kb)
    expected = {
        (subject, index): claim_json(records, proof, subject, index)
        for subject, entity in records.entities.items()
        for index in range(len(entity.claims))
    }
    assert stored.keys() == expected.keys()
    for key, answered in stored.items():
        assert answered.claim == expected[key], key
        assert answered.parts == [proof.anchors[(*key, e)].parts for e in range(len(answered.parts))]
    zoe = stored[("zoe", 0)]
    assert zoe.claim["status"] == "contested"
    assert zoe.claim["evidence"][0]["grade"] == "C3"
    assert len(zoe.parts[0]) == 2


def test_the_search_row_is_json_a_script_may_hold(kb: Path) -> None:
    add_unusual(kb)
    connection, _ = open_index(kb)
    query = "SELECT a.search_row FROM answers a JOIN claims c ON c.rowid = a.claim WHERE c.subject = 'zoe'"
    row = connection.execute(query).fetchone()[0]
    assert "<" not in row  # a script's text must not close its element
    _, statement, quotes = json.loads(row)
    assert statement == "Zoë watches the “harbour” for the bureau."
    assert quotes == sorted(quotes) and len(quotes) == 2


def test_quotes_proved_on_forked_workers_are_proved_as_in_one_process(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spyglass.index import refresh

    add_unusual(kb)
    rows = 'SELECT claim, position, start, "end", parts FROM evidence ORDER BY claim, position'
    one, _ = open_index(kb)
    alone = one.execute(rows).fetchall()
    one.close()
    monkeypatch.setenv("SPYGLASS_CACHE_DIR", str(tmp_path / "other-cache"))
    monkeypatch.setattr(refresh, "PARALLEL_QUOTES", 1)
    two, _ = open_index(kb, workers=2)
    assert two.execute(rows).fetchall() == alone
    assert any(parts for *_, parts in alone)  # a quote in two parts was among them
