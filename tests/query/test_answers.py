"""The query library on an index of the fixture knowledge base: resolving, profiles, claims, sources, quotes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import get_type_hints

import pytest

from spyglass.errors import Ambiguous, NotFound, UsageError
from spyglass.export.rows import claim_json
from spyglass.index.database import open_index
from spyglass.model.answer_shapes import ClaimJSON, EvidenceJSON
from spyglass.query import answers
from spyglass.query.resolve import known_source, resolve
from spyglass.query.search import search
from spyglass.query.sources import find_quote, source_detail
from spyglass.validate.run import prove_cached


@pytest.fixture
def index(kb: Path) -> Iterator[sqlite3.Connection]:
    connection, _ = open_index(kb)
    yield connection
    connection.close()


def test_resolve_by_id_name_or_alias_in_any_case(index: sqlite3.Connection) -> None:
    assert [resolve(index, n) for n in ("boe", "BoE", "bureau of examples", "Ms. Rivera")] == [
        "boe",
        "boe",
        "boe",
        "rivera",
    ]


def test_resolve_refuses_empty_and_suggests_close_names(index: sqlite3.Connection) -> None:
    with pytest.raises(UsageError):
        resolve(index, "  ")
    with pytest.raises(NotFound) as missed:
        resolve(index, "Bureau of Exampels")
    assert missed.value.candidates == ["Bureau of Examples (boe)"]


def test_a_name_shared_by_two_entities_is_ambiguous(kb: Path) -> None:
    twin = (kb / "agencies" / "boe.yaml").read_text().replace("id: boe", "id: boe-twin")
    (kb / "agencies" / "boe-twin.yaml").write_text(twin)
    connection, _ = open_index(kb)
    with pytest.raises(Ambiguous) as both:
        resolve(connection, "BoE")
    assert [c[0] for c in both.value.candidates] == ["boe", "boe-twin"]


def test_unknown_source_suggests_the_close_id(index: sqlite3.Connection) -> None:
    assert known_source(index, "gazette")[0] == "gazette"
    with pytest.raises(NotFound) as missed:
        known_source(index, "gazete")
    assert missed.value.hint == "Did you mean: gazette?"


def test_both_builders_of_the_claim_shape_agree(kb: Path, index: sqlite3.Connection) -> None:
    records, proof = prove_cached(kb)
    from_records = {
        c["id"]: c
        for entity_id, entity in records.entities.items()
        for c in (claim_json(records, proof, entity_id, i) for i in range(len(entity.claims)))
    }
    from_index = {c["id"]: c for c in answers.claims(index)["claims"]}
    assert from_index == from_records
    assert len(from_index) == 11
    for claim in from_index.values():
        assert set(claim) == set(get_type_hints(ClaimJSON))
        assert all(set(e) == set(get_type_hints(EvidenceJSON)) for e in claim["evidence"])


def test_claims_filters_and_timeline(index: sqlite3.Connection) -> None:
    about = answers.claims(index, about="Ms. Rivera", predicate="born")["claims"]
    assert [(c["subject"], c["value"], c["status"]) for c in about] == [("rivera", "1971", "single")]
    corroborated = answers.claims(index, claim_status="corroborated")["claims"]
    assert [(c["subject"], c["predicate"], c["object"]) for c in corroborated] == [("boe", "targets", "harbour")]
    assert [c["when"] or c["value"] for c in answers.timeline(index)["timeline"]] == ["1971", "2001", "2001"]


def test_sources_and_quote(index: sqlite3.Connection) -> None:
    detail = source_detail(index, "gazette")
    assert (detail["source"]["id"], len(detail["claims"])) == ("gazette", 11)
    found = find_quote(index, "gazette", "watches the harbour")
    assert (found["found"], found["match"]["start"], found["match"]["end"], found["match"]["line"]) == (True, 56, 75, 1)


def test_search_puts_the_exact_name_first(index: sqlite3.Connection) -> None:
    hits = search(index, "harbour")["hits"]
    assert (hits[0]["entity"], hits[0]["match"]["field"]) == ("harbour", "name")
