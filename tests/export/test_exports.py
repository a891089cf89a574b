"""`export`: JSON Lines, a STIX 2.1 bundle the OASIS validator accepts, SQLite for Datasette, CSV."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA, INVALID
from spyglass.cli.app import app
from spyglass.cli.exchange import ExportChoice
from spyglass.export.rows import InvalidKnowledgeBase, proved
from spyglass.export.run import ExportFormat, export
from spyglass.export.stix import ADMIRALTY_CONFIDENCE, build_bundle
from spyglass.export.tables import TABLES
from spyglass.importers.attack import import_attack

RECORDS = Path(__file__).resolve().parents[2] / "records"
NOW = datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)


def stix_errors(bundle: dict[str, object]) -> list[str]:
    """What the OASIS STIX 2.1 validator calls errors (warnings, such as custom relationship names, allowed)."""
    stix2validator = pytest.importorskip("stix2validator")
    result = stix2validator.validate_instance(bundle, stix2validator.ValidationOptions(version="2.1"))
    return [str(e) for e in result.errors]


def test_every_format_is_a_choice_of_the_command_and_writes(kb: Path, tmp_path: Path) -> None:
    assert [c.value for c in ExportChoice] == [f.value for f in ExportFormat]
    for format in ExportFormat:
        exported = export(kb, format, tmp_path / f"out-{format.value}", NOW)
        assert (exported.sources, exported.entities, exported.claims, exported.evidence) == (1, 6, 11, 12)


def test_jsonl_holds_sources_then_entities_with_their_claims_and_quotes(kb: Path, tmp_path: Path) -> None:
    export(kb, ExportFormat.jsonl, tmp_path / "kb.jsonl", NOW)
    lines = [json.loads(line) for line in (tmp_path / "kb.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(line["record"], line["id"]) for line in lines] == [
        ("source", "gazette"),
        ("entity", "boe"),
        ("entity", "departure"),
        ("entity", "harbour"),
        ("entity", "ministry"),
        ("entity", "recruiting-dock-workers"),
        ("entity", "rivera"),
    ]
    assert lines[0]["sha256"] == "16bc16aebd867cd752dfa35753f1482a86db91f318a2f5b4da43cfe7fcfb69f8"
    boe = lines[1]
    assert list(boe) == ["record", "id", "kind", "name", "summary", "further_reading", "claims"]
    assert boe["claims"][1]["evidence"][1] == {
        "source": "gazette",
        "source_title": "A bureau that watches the harbour",
        "source_published": "2020-05-01",
        "source_publisher": "The Example Gazette",
        "quote": "Officials of the Ministry confirmed that the Bureau of Examples watches the harbour",
        "start": 202,
        "end": 285,
        "speaker": "ministry",
        "speaker_name": "Ministry",
        "speaker_description": None,
        "stance": "supports",
        "grade": "C2",
        "locator": None,
    }
    assert boe["claims"][1]["status"] == "corroborated"


def test_the_stix_export_of_the_shipped_records_passes_the_oasis_validator() -> None:
    kb, proof = proved(RECORDS)
    assert stix_errors(build_bundle(kb, proof, NOW)) == []
    assert stix_errors({"type": "bundle", "id": "bundle--1", "objects": [{"type": "threat-actor"}]})  # it does check


def test_the_stix_export_of_imported_groups_passes_too_and_carries_the_licence(kb: Path) -> None:
    import_attack(DATA / "attack" / "bundle.json", kb)
    bundle = build_bundle(*proved(kb), NOW)
    assert stix_errors(bundle) == []
    objects = {o["id"]: o for o in bundle["objects"]}
    tide = next(o for o in objects.values() if o.get("name") == "Tide Group")
    assert tide["type"] == "intrusion-set"
    assert tide["aliases"] == ["Low Water"]
    marking = objects[tide["object_marking_refs"][0]]
    assert marking["definition"]["statement"].startswith("Copyright 2020, The Example Corporation.")
    link = next(o for o in objects.values() if o.get("relationship_type") == "attributed-to")
    assert (objects[link["source_ref"]]["name"], objects[link["target_ref"]]["name"]) == (
        "Tide Group",
        "Bureau of Examples",
    )


def test_each_claim_carries_its_quotes_and_credibility_maps_to_stix_confidence(kb: Path) -> None:
    bundle = build_bundle(*proved(kb), NOW)
    objects = {o["id"]: o for o in bundle["objects"]}
    watches = next(o for o in objects.values() if o.get("description") == "The Bureau of Examples watches the harbour.")
    assert watches["type"] == "relationship"
    assert watches["relationship_type"] == "targets"
    assert watches["confidence"] == 70  # the ministry's evidence has credibility 2
    assert watches["created"] == "2025-01-02T03:04:05.678Z"
    assert watches["external_references"][2] == {
        "source_name": "A bureau that watches the harbour",
        "description": "Quote: Officials of the Ministry confirmed that the Bureau of Examples watches the harbour "
        "Said by: Ministry. Stance: supports. Admiralty grade: C2. Characters 202-285 of the archived text gazette.txt.",
        "external_id": "gazette",
    }
    alias = next(o for o in objects.values() if o["type"] == "note" and o.get("abstract") == "alias: BoE")
    assert alias["object_refs"] == [watches["source_ref"]]
    assert build_bundle(*proved(kb), NOW) == bundle  # the same knowledge base exports the same ids


def test_admiralty_credibility_maps_as_the_stix_specification_appendix_does() -> None:
    scales = pytest.importorskip("stix2.confidence.scales")
    names = {
        "1": "Confirmed by other sources",
        "2": "Probably True",
        "3": "Possibly True",
        "4": "Doubtful",
        "5": "Improbable",
    }
    assert {c: scales.admiralty_credibility_to_value(f"{c} - {n}") for c, n in names.items()} == ADMIRALTY_CONFIDENCE
    with pytest.raises(ValueError):
        scales.admiralty_credibility_to_value("6 - Truth cannot be judged")  # hence no confidence for 6


def test_sqlite_has_related_tables_and_full_text_search(kb: Path, tmp_path: Path) -> None:
    export(kb, ExportFormat.sqlite, tmp_path / "kb.db", NOW)
    db = sqlite3.connect(tmp_path / "kb.db")
    counts = {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in TABLES}
    assert counts == {"sources": 1, "entities": 6, "claims": 11, "evidence": 12}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT title FROM sources_fts WHERE sources_fts MATCH 'harbour'").fetchall() == [
        ("A bureau that watches the harbour",)
    ]
    hits = db.execute(
        "SELECT c.subject, e.quote FROM evidence_fts f JOIN evidence e ON e.rowid = f.rowid "
        "JOIN claims c ON c.id = e.claim WHERE evidence_fts MATCH 'dock' ORDER BY e.id"
    ).fetchall()
    assert hits == [("boe", "recruits dock workers ... travel abroad")]
    fts = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%USING fts5%content=[%'")}
    assert fts == {"sources_fts", "entities_fts", "claims_fts", "evidence_fts"}  # what Datasette looks for
    db.close()


def test_csv_writes_one_file_per_table_with_the_same_rows(kb: Path, tmp_path: Path) -> None:
    export(kb, ExportFormat.csv, tmp_path / "tables", NOW)
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "claims.csv",
        "entities.csv",
        "evidence.csv",
        "sources.csv",
    ]
    with (tmp_path / "tables" / "claims.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [c for c, _ in TABLES["claims"]]
    assert len(rows) == 12


def test_a_knowledge_base_with_errors_is_not_exported(kb: Path, tmp_path: Path) -> None:
    (kb / "targets" / "misquoted.yaml").write_bytes((INVALID / "SG404-quote-not-found.yaml").read_bytes())
    with pytest.raises(InvalidKnowledgeBase, match="has 1 error"):
        export(kb, ExportFormat.jsonl, tmp_path / "kb.jsonl", NOW)
    assert not (tmp_path / "kb.jsonl").exists()


def test_cli_export_to_a_file_and_to_stdout(kb: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["--kb", str(kb), "export", "--format", "sqlite", "--out", str(tmp_path / "kb.db")]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == f"exported 1 sources, 6 entities, 11 claims and 12 quotes to {tmp_path / 'kb.db'}\n"
    printed = CliRunner().invoke(app, ["--kb", str(kb), "export", "--format", "jsonl", "--out", "-"])
    assert printed.exit_code == 0
    assert len(printed.stdout.splitlines()) == 7
    refused = CliRunner().invoke(app, ["--kb", str(kb), "export", "--format", "csv", "--out", "-"])
    assert refused.exit_code == 2
    assert refused.stderr == "spyglass: error: --out - prints only jsonl or stix; csv needs a path\n"


def test_cli_export_of_a_broken_knowledge_base_fails_with_the_first_error(kb: Path, tmp_path: Path) -> None:
    (kb / "targets" / "misquoted.yaml").write_bytes((INVALID / "SG404-quote-not-found.yaml").read_bytes())
    result = CliRunner().invoke(app, ["--kb", str(kb), "export", "--format", "stix", "--out", str(tmp_path / "b.json")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"spyglass: error: {kb} has 1 error(s), the first at targets/misquoted.yaml:11:16")


def test_an_export_replaces_only_a_regular_file(kb: Path, tmp_path: Path) -> None:
    import os

    from spyglass.errors import UsageError

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for out in (fifo, tmp_path, tmp_path / "missing" / "kb.jsonl"):
        with pytest.raises(UsageError):
            export(kb, ExportFormat.jsonl, out, NOW)
    assert fifo.is_fifo()
    target = tmp_path / "target.jsonl"
    target.write_text("old")
    (tmp_path / "link.jsonl").symlink_to(target)
    export(kb, ExportFormat.jsonl, tmp_path / "link.jsonl", NOW)
    assert (tmp_path / "link.jsonl").is_symlink()
    assert target.read_text().startswith('{"record": "source"')
