"""Queries and the index under faults: odd names, special files, damaged index files, marker characters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spyglass.cli.app import app
from spyglass.index.database import index_path

Result = Any  # what CliRunner.invoke returns


def run(kb: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--kb", str(kb), *args])


def run_process(kb: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command, with a timeout: a read that blocks fails the test instead of hanging it."""
    return subprocess.run(
        [sys.executable, "-m", "spyglass", "--kb", str(kb), *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def age(root: Path, seconds: int = 10) -> None:
    """Make every file older than the racy window, so that the index trusts their stat."""
    for path in root.rglob("*"):
        stamp = os.stat(path).st_mtime_ns - seconds * 1_000_000_000
        os.utime(path, ns=(stamp, stamp))


def warning(kb: Path, problems: str) -> str:
    return f"spyglass: warning: left out {problems} of {kb} that validate rejects; to see why, run: spyglass --kb {kb} validate\n"


def hits(result: Result) -> list[tuple[str, str]]:
    return [(hit["entity"], hit["match"]["text"]) for hit in json.loads(result.stdout)["hits"]]


def test_a_file_name_that_is_not_utf8_is_left_out_of_queries(kb: Path) -> None:
    with open(os.fsencode(kb / "agencies") + b"/\xff.yaml", "wb") as handle:
        handle.write(b"id: x\n")
    for _ in range(2):  # built, then answered from the manifest
        result = run(kb, "search", "harbour", "--json")
        assert result.exit_code == 0, result.output
        assert result.stderr == warning(kb, "1 record")
        assert hits(result)[0] == ("harbour", "the harbour")


def test_a_fifo_record_is_left_out_and_nothing_hangs(kb: Path) -> None:
    os.mkfifo(kb / "agencies" / "pipe.yaml")
    result = run_process(kb, "show", "boe", "--json")
    assert result.returncode == 0
    assert result.stderr == warning(kb, "1 record")
    assert json.loads(result.stdout)["id"] == "boe"


def test_a_fifo_archived_text_proves_nothing_and_nothing_hangs(kb: Path) -> None:
    (kb / "sources" / "gazette.txt").unlink()
    os.mkfifo(kb / "sources" / "gazette.txt")
    result = run_process(kb, "claims", "--json")
    assert result.returncode == 0
    assert result.stderr == warning(kb, "11 claims")
    assert json.loads(result.stdout) == {"claims": []}


def test_a_looping_link_as_archived_text_proves_nothing(kb: Path) -> None:
    (kb / "sources" / "gazette.txt").unlink()
    (kb / "sources" / "gazette.txt").symlink_to("gazette.txt")
    result = run(kb, "claims", "--json")
    assert result.exit_code == 0
    assert result.stderr == warning(kb, "11 claims")


def test_a_record_that_becomes_a_fifo_leaves_the_index_and_comes_back(kb: Path) -> None:
    age(kb)
    assert run(kb, "show", "ministry").exit_code == 0
    record = kb / "agencies" / "ministry.yaml"
    kept = record.read_bytes()
    record.unlink()
    os.mkfifo(record)
    result = run_process(kb, "show", "ministry")
    assert result.returncode == 1
    assert result.stderr == warning(kb, "1 claim and 1 record") + (
        "spyglass: error: no entity called 'ministry'\n  hint: Try: spyglass search \"ministry\"\n"
    )
    record.unlink()
    record.write_bytes(kept)
    result = run(kb, "show", "ministry", "--json")
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_record_that_can_no_longer_be_read_leaves_the_index(kb: Path) -> None:
    age(kb)
    assert run(kb, "show", "ministry").exit_code == 0
    record = kb / "agencies" / "ministry.yaml"
    record.unlink()
    record.symlink_to("ministry.yaml")  # found by the listing, refused when read (ELOOP)
    result = run(kb, "show", "ministry")
    assert result.exit_code == 1
    assert result.stderr.startswith(warning(kb, "1 claim and 1 record"))
    assert "no entity called 'ministry'" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_record_made_unreadable_leaves_the_index(kb: Path) -> None:
    age(kb)
    assert run(kb, "show", "ministry").exit_code == 0
    record = kb / "agencies" / "ministry.yaml"
    record.chmod(0)
    try:
        result = run(kb, "show", "ministry")
    finally:
        record.chmod(0o644)
    assert result.exit_code == 1
    assert result.stderr.startswith(warning(kb, "1 claim and 1 record"))


def damage_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(bytes(range(256)) * (size // 4 // 256))


def damage_all_but_header(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\xa5" * (size - 100))


def truncate_half(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def overwrite_all(path: Path) -> None:
    path.write_bytes(b"not a database" * 1000)


@pytest.mark.parametrize("damage", [damage_middle, damage_all_but_header, truncate_half, overwrite_all])
def test_a_damaged_index_is_rebuilt_once_without_help(kb: Path, damage: Any) -> None:
    age(kb)
    expected = run(kb, "claims", "--json")
    assert expected.exit_code == 0
    damage(index_path(kb))
    for command in (["claims", "--json"], ["search", "harbour", "--json"], ["show", "boe", "--json"]):
        result = run(kb, *command)
        assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert run(kb, "claims", "--json").stdout == expected.stdout


def test_marker_characters_in_statements_and_quotes_are_searchable(kb: Path) -> None:
    text = "The harbour \x02watch\x03 keeps a log \ue000private\ue001 of ships.\n"
    (kb / "sources" / "log.txt").write_text(text)
    digest = __import__("hashlib").sha256(text.encode()).hexdigest()
    (kb / "sources" / "log.yaml").write_text(
        f"id: log\ntype: report\ntitle: The harbour log\ntext: log.txt\nsha256: {digest}\n"
    )
    (kb / "targets" / "log-keeping.yaml").write_text(
        "id: log-keeping\nkind: target\nname: log keeping\nclaims:\n"
        "  - predicate: states\n"
        '    statement: "The \\x02harbour\\x03 watch keeps a \\uE000log\\uE001."\n'
        "    evidence:\n"
        "      - source: log\n"
        '        quote: "The harbour \\x02watch\\x03 keeps a log \\uE000private\\uE001 of ships."\n'
    )
    result = run(kb, "search", "watch", "--kind", "target", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["hits"]
    assert [(h["entity"], h["match"]) for h in found] == [
        (
            "log-keeping",
            {
                "field": "statement",
                "text": "The \ufffdharbour\ufffd watch keeps a \ue000log\ue001.",
                "spans": [[14, 19]],
            },
        )
    ]
    assert found[0]["claim"]["statement"] == "The \x02harbour\x03 watch keeps a \ue000log\ue001."
    result = run(kb, "search", "ships", "--json")  # unicode61 counts private-use characters as letters
    assert result.exit_code == 0, result.output
    match = json.loads(result.stdout)["hits"][0]["match"]
    assert match == {
        "field": "quote",
        "text": "The harbour \ufffdwatch\ufffd keeps a log \ue000private\ue001 of ships.",
        "spans": [[45, 50]],
    }
    result = run(kb, "search", "harbour", "--json")
    assert result.exit_code == 0, result.output
    assert "log-keeping" in {hit["entity"] for hit in json.loads(result.stdout)["hits"]}


def test_a_same_size_edit_with_its_mtime_restored_is_seen_by_queries(kb: Path) -> None:
    age(kb)
    assert run(kb, "show", "boe").exit_code == 0
    record = kb / "agencies" / "boe.yaml"
    before = os.stat(record)
    record.write_text(record.read_text().replace("used by the tests.", "used by the TESTS."))
    os.utime(record, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(record).st_size == before.st_size
    result = run(kb, "show", "boe", "--json")
    assert json.loads(result.stdout)["summary"] == "A fictional bureau used by the TESTS."


def test_a_same_size_edit_of_an_archived_text_with_its_mtime_restored_unproves_its_quotes(kb: Path) -> None:
    age(kb)
    assert run(kb, "claims").exit_code == 0
    text = kb / "sources" / "gazette.txt"
    before = os.stat(text)
    text.write_text(text.read_text().replace("Gazette reports", "Gazette REPORTS"))
    os.utime(text, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = run(kb, "claims", "--json")
    assert result.stderr == warning(kb, "11 claims")
    assert json.loads(result.stdout) == {"claims": []}


def test_an_index_left_as_this_code_wrote_it_is_not_checked_again(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from spyglass.index import database

    age(kb)
    assert run(kb, "claims").exit_code == 0
    assert run(kb, "claims").exit_code == 0

    def refused(*_: object) -> None:
        raise AssertionError("refreshed although nothing changed")

    monkeypatch.setattr(database, "_apply", refused)
    result = run(kb, "claims", "--json")
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_record_the_system_refuses_to_read_leaves_the_index(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    age(kb)
    assert run(kb, "show", "ministry").exit_code == 0
    record = kb / "agencies" / "ministry.yaml"
    record.touch()
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path) == str(record):  # as chmod 000 does for anyone but root
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    result = run(kb, "show", "ministry")
    assert result.exit_code == 1
    assert result.stderr.startswith(warning(kb, "1 claim and 1 record"))
    assert "no entity called 'ministry'" in result.stderr
