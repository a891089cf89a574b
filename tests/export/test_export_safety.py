"""Exports under hostile input and faults: no write into the knowledge base, no spreadsheet formula,
no half-written file when the disk is full."""

from __future__ import annotations

import csv
import json
import os
import resource
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spyglass.cli.app import app
from spyglass.errors import UsageError
from spyglass.export.run import ExportFormat, export
from spyglass.export.tables import spreadsheet_safe

NOW = datetime(2025, 1, 2, tzinfo=UTC)
HINT = "  hint: Give --out a path outside the knowledge base, e.g. --out exports/kb.jsonl\n"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (links as their target), byte for byte."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def export_cli(kb: Path, format: str, out: Path | str) -> Any:
    return CliRunner().invoke(app, ["--kb", str(kb), "export", "--format", format, "--out", str(out)])


@pytest.mark.parametrize(
    ("format", "target"),
    [
        ("jsonl", "agencies/boe.yaml"),  # a record
        ("stix", "sources/gazette.txt"),  # an archived text
        ("sqlite", "new.db"),  # a new file in the knowledge base
        ("csv", "tables"),  # a csv folder inside it
        ("csv", "."),  # the knowledge base itself as the csv folder
    ],
)
def test_an_export_into_the_knowledge_base_is_refused(kb: Path, format: str, target: str) -> None:
    before = snapshot(kb)
    out = kb / target
    result = export_cli(kb, format, out)
    assert result.exit_code == 2
    assert result.stderr == (
        f"spyglass: error: {out} is inside the knowledge base {kb}; an export there could overwrite its records "
        "or texts\n" + HINT
    )
    assert snapshot(kb) == before
    with pytest.raises(UsageError, match="inside the knowledge base"):
        export(kb, ExportFormat(format), out, NOW)
    assert snapshot(kb) == before


def test_a_link_into_the_knowledge_base_is_refused_where_it_leads(kb: Path, tmp_path: Path) -> None:
    before = snapshot(kb)
    link = tmp_path / "looks-harmless.jsonl"
    link.symlink_to(kb / "people" / "rivera.yaml")
    folder_link = tmp_path / "tables"
    folder_link.symlink_to(kb / "targets", target_is_directory=True)
    result = export_cli(kb, "jsonl", link)
    assert result.exit_code == 2
    assert result.stderr == (
        f"spyglass: error: {link} is inside the knowledge base {kb} (it leads to {kb / 'people' / 'rivera.yaml'}); "
        "an export there could overwrite its records or texts\n" + HINT
    )
    assert export_cli(kb, "csv", folder_link).exit_code == 2
    assert snapshot(kb) == before
    assert link.is_symlink()


def test_an_export_beside_the_knowledge_base_is_written(kb: Path, tmp_path: Path) -> None:
    before = snapshot(kb)
    result = export_cli(kb, "csv", tmp_path)  # the folder that holds the knowledge base: only four files in it
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == [
        "claims.csv",
        "entities.csv",
        "evidence.csv",
        "sources.csv",
    ]
    assert snapshot(kb) == before


HOSTILE = {
    "summary: A fictional bureau used by the tests.": 'summary: "=HYPERLINK(\\"http://evil.example/\\",\\"open\\")"',
    "statement: The Bureau of Examples is called BoE.": "statement: \"+cmd|' /C calc'!A0\"",
    "statement: The Bureau of Examples watches the harbour.": 'statement: "-2+3"',
    "statement: The Bureau of Examples recruits dock workers who travel abroad.": 'statement: "@SUM(A1:A9)"',
}


def hostile(kb: Path) -> Path:
    """The test knowledge base with curator text that spreadsheets would run as formulas."""
    record = kb / "agencies" / "boe.yaml"
    text = record.read_text(encoding="utf-8")
    for old, new in HOSTILE.items():
        text = text.replace(old, new)
    record.write_text(text, encoding="utf-8")
    rivera = kb / "people" / "rivera.yaml"
    text = rivera.read_text(encoding="utf-8")
    text = text.replace("statement: Ms. Rivera was born in 1971.", 'statement: "\\tborn in 1971"')
    text = text.replace("statement: Ms. Rivera left the bureau.", 'statement: "\\r=1+1"')
    rivera.write_text(text, encoding="utf-8")
    return kb


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_cells_that_spreadsheets_would_run_start_with_a_quote(kb: Path, tmp_path: Path) -> None:
    result = export_cli(hostile(kb), "csv", tmp_path / "tables")
    assert result.exit_code == 0, result.output
    entities = {row["id"]: row for row in read_csv(tmp_path / "tables" / "entities.csv")}
    assert entities["boe"]["summary"] == '\'=HYPERLINK("http://evil.example/","open")'
    assert entities["boe"]["name"] == "Bureau of Examples"  # plain text is left alone
    claims = [
        (row["subject"], row["position"], row["statement"]) for row in read_csv(tmp_path / "tables" / "claims.csv")
    ]
    assert ("boe", "0", "'+cmd|' /C calc'!A0") in claims
    assert ("boe", "1", "'-2+3") in claims
    assert ("boe", "2", "'@SUM(A1:A9)") in claims
    assert ("rivera", "0", "'\tborn in 1971") in claims
    assert ("rivera", "2", "'\r=1+1") in claims
    assert ("rivera", "1", "Ms. Rivera left the bureau in 2001.") in claims
    formulas = [c for path in (tmp_path / "tables").glob("*.csv") for row in read_csv(path) for c in row.values()]
    assert not [c for c in formulas if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_sqlite_keeps_the_raw_values(kb: Path, tmp_path: Path) -> None:
    assert export_cli(hostile(kb), "sqlite", tmp_path / "kb.db").exit_code == 0
    db = sqlite3.connect(tmp_path / "kb.db")
    summary = db.execute("SELECT summary FROM entities WHERE id = 'boe'").fetchone()[0]
    statements = {row[0] for row in db.execute("SELECT statement FROM claims WHERE subject = 'boe'")}
    db.close()
    assert summary == '=HYPERLINK("http://evil.example/","open")'
    assert statements == {"+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"}


def test_spreadsheet_safe_leaves_numbers_and_plain_text_alone() -> None:
    assert [spreadsheet_safe(c) for c in (0, -2, None, "", "a=b", "'=x", "=x", "-")] == [
        0,
        -2,
        None,
        "",
        "a=b",
        "'=x",
        "'=x",
        "'-",
    ]


def limited_export(kb: Path, format: str, out: Path, max_bytes: int) -> subprocess.CompletedProcess[str]:
    """The real `spyglass export`, allowed to write files of at most `max_bytes` (as a full disk would stop it)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    subprocess.run(  # prove (and cache) first, so that only the export meets the limit
        [sys.executable, "-m", "spyglass", "--kb", str(kb), "validate"], capture_output=True, check=True
    )
    return subprocess.run(
        [sys.executable, "-m", "spyglass", "--kb", str(kb), "export", "--format", format, "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=limit,
        timeout=60,
    )


FULL_HINT = "  hint: Free some space there, or give --out a path on another disk.\n"


@pytest.mark.parametrize(
    ("format", "reason"), [("jsonl", "File too large"), ("stix", "File too large"), ("sqlite", "disk I/O error")]
)
def test_a_write_that_fails_leaves_the_old_file_whole(kb: Path, tmp_path: Path, format: str, reason: str) -> None:
    out = tmp_path / "out" / "export.data"
    out.parent.mkdir()
    out.write_bytes(b"the previous export\n")
    result = limited_export(kb, format, out, 1000)
    assert result.returncode == 1
    assert result.stderr == f"spyglass: error: cannot write {out}: {reason}\n" + FULL_HINT
    assert out.read_bytes() == b"the previous export\n"
    assert [p.name for p in out.parent.iterdir()] == ["export.data"]  # no temporary file left behind


def test_a_csv_set_that_fails_halfway_leaves_the_old_set_whole(kb: Path, tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    tables.mkdir()
    names = ["claims.csv", "entities.csv", "evidence.csv", "sources.csv"]
    for name in names:
        (tables / name).write_text(f"old {name}\n")
    result = limited_export(kb, "csv", tables, 1000)  # sources.csv and entities.csv fit, claims.csv does not
    assert result.returncode == 1
    assert result.stderr == f"spyglass: error: cannot write {tables}: File too large\n" + FULL_HINT
    assert sorted(p.name for p in tables.iterdir()) == names
    assert all((tables / name).read_text() == f"old {name}\n" for name in names)
    fresh = tmp_path / "fresh"
    assert limited_export(kb, "csv", fresh, 1000).returncode == 1
    assert not fresh.exists()  # the folder made for the tables is gone again
    assert limited_export(kb, "csv", fresh, 1_000_000).returncode == 0
    assert sorted(p.name for p in fresh.iterdir()) == names


def test_a_device_is_not_an_export_target(kb: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    result = export_cli(kb, "jsonl", "/dev/full")
    assert result.exit_code == 2
    assert result.stderr == (
        "spyglass: error: /dev/full is not a regular file; an export replaces only a file\n  hint: Give a file path.\n"
    )


def test_json_exports_escape_bidi_and_controls_and_decode_to_the_record_text(kb: Path, tmp_path: Path) -> None:
    record = kb / "agencies" / "boe.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("summary: A fictional", 'summary: "\\u202eA\\u200b\\a fictional'), encoding="utf-8")
    record.write_text(record.read_text(encoding="utf-8").replace("used by the tests.", 'used by the tests."'))
    summary = "\u202eA\u200b\a fictional bureau used by the tests."
    for format, name in (("jsonl", "kb.jsonl"), ("stix", "kb.json")):
        assert export_cli(kb, format, tmp_path / name).exit_code == 0
        data = (tmp_path / name).read_text(encoding="utf-8")
        assert not [ch for ch in ("\u202e", "\u200b", "\a") if ch in data]
        assert "\\u202eA\\u200b\\u0007 fictional" in data
    entities = [json.loads(line) for line in (tmp_path / "kb.jsonl").read_text().splitlines()]
    assert [e["summary"] for e in entities if e.get("id") == "boe"] == [summary]


def test_a_folder_that_refuses_the_export_is_named_with_its_reason(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from spyglass.export.run import ExportFailed

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / ".kb.jsonl.x.tmp"))

    proved_first = export(kb, ExportFormat.jsonl, tmp_path / "first.jsonl", NOW)  # cache the proof
    assert proved_first.entities == 6
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    for format, out in (("jsonl", tmp_path / "kb.jsonl"), ("sqlite", tmp_path / "kb.db"), ("csv", tmp_path / "t")):
        with pytest.raises(ExportFailed) as failed:
            export(kb, ExportFormat(format), out, NOW)
        assert failed.value.message == f"cannot write {out}: Permission denied"
        folder = out if format == "csv" else tmp_path
        assert failed.value.hint == f"Check that you may write in {folder}, or give --out another path."
        assert not out.exists()
