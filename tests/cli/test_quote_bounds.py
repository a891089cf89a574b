"""A quote past the matcher's bounds is refused with its reason, by validate and by quote; nothing hangs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spyglass.cli.app import app
from spyglass.text import placement

RECORD = """\
id: overquoted
kind: target
name: the harbour
claims:
  - predicate: states
    statement: The harbour is watched.
    evidence:
      - source: gazette
        quote: "{quote}"
"""
FIFTY_ONE = " ... ".join(["the Bureau of Examples"] * 51)


def run(kb: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["--kb", str(kb), *args])


def write(kb: Path, quote: str) -> dict[str, str]:
    (kb / "targets" / "overquoted.yaml").write_text(RECORD.format(quote=quote), encoding="utf-8")
    return {str(p.relative_to(kb)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(kb.rglob("*.*"))}


def test_validate_reports_a_quote_of_too_many_parts_as_not_found_with_the_reason(kb: Path) -> None:
    before = write(kb, FIFTY_ONE)
    result = run(kb, "validate")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{kb}/targets/overquoted.yaml:9:16: error SG404 quote not found in gazette: "
        "the quote has 51 parts split by '...'; at most 50 are matched\n"
        "    hint: Quote fewer, longer passages: split the evidence into several quotes.\n"
    )
    assert result.stderr.startswith("1 error(s), 0 warning(s)")
    assert "Traceback" not in result.output
    after = {str(p.relative_to(kb)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(kb.rglob("*.*"))}
    assert after == before


def test_validate_reports_a_quote_past_the_work_budget_every_run(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(placement, "MAX_CANDIDATES", 2)  # fewer occurrences than even the first placement examines
    write(kb, "the ... the ... harbour")
    for _ in range(2):  # the second run reads the cache, which must not turn the reason into a plain miss
        result = run(kb, "validate")
        assert result.exit_code == 1
        assert result.stdout == (
            f"{kb}/targets/overquoted.yaml:9:16: error SG404 quote not found in gazette: "
            "the quote's parts occur more than 2 times in the text; the search stops there\n"
            "    hint: Quote longer parts, with fewer '...', so that each is rarer in the text.\n"
        )


def test_quote_command_refuses_too_many_parts_with_a_message_and_a_hint(kb: Path) -> None:
    result = run(kb, "quote", "gazette", FIFTY_ONE)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "spyglass: error: the quote has 51 parts split by '...'; at most 50 are matched\n"
        "  hint: Quote fewer, longer passages: split the evidence into several quotes.\n"
    )


def test_quote_command_answers_many_common_parts_at_once(kb: Path) -> None:
    text = (kb / "sources" / "gazette.txt").read_text(encoding="utf-8")
    assert text.count("the ") == 7
    result = run(kb, "quote", "gazette", " ... ".join(["the"] * 7 + ["2001"]), "--json")
    assert result.exit_code == 0
    match = json.loads(result.stdout)["match"]
    assert (match["start"], match["end"]) == (text.index("the "), text.index("2001") + 4)
    missing = run(kb, "quote", "gazette", " ... ".join(["the"] * 18 + ["zzz"]))
    assert missing.exit_code == 1
    assert missing.stdout.startswith("Not found in gazette.")
