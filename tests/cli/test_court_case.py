"""The vocabulary of real cases, on an invented court release: a charged officer, a front company,
a group acting with a bureau of a service, an indictment, an arrest and a sentence."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA
from spyglass.cli.app import app
from spyglass.model.vocabulary import ENTITY_KINDS, PREDICATES, describe
from spyglass.validate.run import validate_kb

RELATIONS = {
    ("ivo-brandt", "member_of", "third-bureau"),
    ("harbourline-trading", "front_for", "third-bureau"),
    ("reef-cat", "acts_for", "third-bureau"),
    ("third-bureau", "part_of", "ministry-of-state-protection"),
    ("brandt-indictment", "involves", "ivo-brandt"),
    ("brandt-arrest", "involves", "ivo-brandt"),
    ("brandt-sentence", "involves", "ivo-brandt"),
}


@pytest.fixture
def case(tmp_path: Path) -> Path:
    root = tmp_path / "court"
    shutil.copytree(DATA / "court", root)
    return root


def run(kb: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--kb", str(kb), *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_case_validates_strictly(case: Path) -> None:
    report = validate_kb(case)
    assert (report.diagnostics, report.counts["entities"], report.counts["claims"]) == ([], 8, 15)


def test_show_presents_every_relation_from_both_ends(case: Path) -> None:
    bureau = json.loads(run(case, "show", "Third Bureau", "--json")[1])
    pointing = {(c["subject"], c["predicate"], c["object"]) for c in bureau["mentions"]}
    assert pointing == {r for r in RELATIONS if r[2] == "third-bureau"}
    officer = json.loads(run(case, "show", "Ivo Brandt", "--json")[1])
    assert {(c["predicate"], c["object"]) for c in officer["claims"]} == {("member_of", "third-bureau"), ("role", None)}
    assert {c["subject"] for c in officer["mentions"]} == {"brandt-indictment", "brandt-arrest", "brandt-sentence"}
    code, out, _ = run(case, "show", "Harbourline Trading Ltd.")
    assert code == 0
    assert "Harbourline Trading Ltd.  organisation · id harbourline-trading" in out
    assert "\nfront for\n" in out and "“Harbourline Trading Ltd., a front company for the Third Bureau”" in out


def test_claims_and_timeline_carry_the_legal_events(case: Path) -> None:
    claims = json.loads(run(case, "claims", "--predicate", "event_type", "--json")[1])["claims"]
    assert sorted((c["subject"], c["value"]) for c in claims) == [
        ("brandt-arrest", "arrest"),
        ("brandt-indictment", "indictment"),
        ("brandt-sentence", "sentence"),
    ]
    timeline = json.loads(run(case, "timeline", "--json")[1])["timeline"]
    assert [(c["subject"], c["value"]) for c in timeline] == [
        ("brandt-indictment", "2024-03-01"),
        ("brandt-arrest", "2024-03-02"),
        ("brandt-sentence", "2024-09-09"),
    ]


def test_a_term_outside_its_list_is_refused(case: Path) -> None:
    event = case / "events" / "brandt-arrest.yaml"
    event.write_text(event.read_text().replace("value: arrest", "value: detention"))
    found = [(d.code, d.message, d.hint) for d in validate_kb(case).diagnostics]
    assert found == [
        (
            "SG204",
            "'detention' is not a event_type",
            "Write one of: " + ", ".join(PREDICATES["event_type"].terms) + ".",
        )
    ]


def test_every_export_carries_the_relations(case: Path, tmp_path: Path) -> None:
    assert run(case, "export", "--format", "jsonl", "--out", str(tmp_path / "kb.jsonl"))[0] == 0
    rows = [json.loads(line) for line in (tmp_path / "kb.jsonl").read_text().splitlines()]
    exported = {
        (c["subject"], c["predicate"], c["object"]) for r in rows if r["record"] == "entity" for c in r["claims"]
    }
    assert exported >= RELATIONS

    assert run(case, "export", "--format", "stix", "--out", str(tmp_path / "kb.stix.json"))[0] == 0
    bundle = json.loads((tmp_path / "kb.stix.json").read_text())
    types = {o["relationship_type"] for o in bundle["objects"] if o["type"] == "relationship"}
    assert {"member-of", "front-for", "acts-for", "part-of", "involves"} <= types
    company = next(o for o in bundle["objects"] if o.get("name") == "Harbourline Trading Ltd.")
    assert (company["type"], company["identity_class"]) == ("identity", "organization")

    assert run(case, "export", "--format", "csv", "--out", str(tmp_path / "csv"))[0] == 0
    with (tmp_path / "csv" / "claims.csv").open(newline="") as handle:
        csv_relations = {(r["subject"], r["predicate"], r["object"]) for r in csv.DictReader(handle)}
    assert csv_relations >= RELATIONS

    assert run(case, "export", "--format", "sqlite", "--out", str(tmp_path / "kb.sqlite"))[0] == 0
    with sqlite3.connect(tmp_path / "kb.sqlite") as connection:
        kinds = dict(connection.execute("SELECT id, kind FROM entities").fetchall())
        sql_relations = set(
            connection.execute("SELECT subject, predicate, object FROM claims WHERE object IS NOT NULL")
        )
    assert kinds["harbourline-trading"] == "organisation"
    assert sql_relations >= RELATIONS


def test_the_vocabulary_command_lists_every_kind_and_predicate(case: Path) -> None:
    code, out, _ = run(case, "vocabulary", "--json")
    assert code == 0
    assert json.loads(out) == describe()
    assert [k["kind"] for k in json.loads(out)["kinds"]] == list(ENTITY_KINDS)
    code, text, _ = run(case, "vocabulary")
    assert "  organisation  organisations/  A company, institute, party or other body" in text
    assert "  front_for  (organisation -> agency)\n      The organisation is a front, a cover or a vehicle" in text
    assert "  event_type  (event: one of indictment, charge, arrest," in text
    assert all(f"  {name}  (" in text for name in PREDICATES)
