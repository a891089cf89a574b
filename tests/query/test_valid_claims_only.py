"""Answers only from valid claims: a claim validate rejects is left out of every answer, alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spyglass.cli.app import app
from spyglass.validate.run import validate_kb

# Each claim below is wrong in one way validate rejects; each statement carries the word "kestrel".
REJECTED = {
    "SG303": ("member_of", "object: no-such-bureau", None, "left the bureau"),
    "SG306": ("member_of", "object: harbour", None, "left the bureau"),
    "SG206": ("born", 'value: "1971-02-30"', None, "She was born in 1971"),
    "SG408": ("born", 'value: "1972"', None, "She was born in 1971"),
    "SG409": ("location", "value: Lisbon", None, "left the bureau"),
    "SG406": ("alias", "value: Rosa", None, "Ms. Rivera said"),
    "SG404": ("states", None, None, "She was never in the harbour"),
    "SG304": ("states", None, "nobody", "Ms. Rivera said"),
    "SG214": ("states", None, None, "Ms. Rivera said"),
}


def rejected_claims() -> str:
    lines = []
    for code, (predicate, field, speaker, quote) in REJECTED.items():
        statement = "TODO: kestrel" if code == "SG214" else f"A kestrel claim that {code} rejects."
        lines.append(f"  - predicate: {predicate}")
        if field:
            lines.append(f"    {field}")
        lines += [
            f'    statement: "{statement}"',
            "    evidence:",
            "      - source: gazette",
            f"        quote: {quote}",
        ]
        if speaker:
            lines.append(f"        speaker: {speaker}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def mixed(kb: Path) -> Path:
    """The fixture knowledge base, with nine claims about Ms. Rivera that validate rejects."""
    record = kb / "people" / "rivera.yaml"
    record.write_text(record.read_text() + rejected_claims())
    return kb


def run(kb: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--kb", str(kb), *args])
    return result.exit_code, result.stdout, result.stderr


WARNING = (
    "spyglass: warning: left out 9 claims of {kb} that validate rejects; to see why, run: spyglass --kb {kb} validate\n"
)


def test_validate_rejects_each_of_them(mixed: Path) -> None:
    errors = [d for d in validate_kb(mixed).diagnostics if d.severity == "error"]
    assert {d.code for d in errors} == set(REJECTED)


def test_show_keeps_the_valid_claims_of_the_same_record(mixed: Path) -> None:
    code, out, err = run(mixed, "show", "rivera", "--json")
    assert (code, err) == (0, WARNING.format(kb=mixed))
    shown = json.loads(out)
    assert [c["statement"] for c in shown["claims"]] == [
        "Ms. Rivera was born in 1971.",
        "Ms. Rivera left the bureau in 2001.",
        "Ms. Rivera left the bureau.",
    ]
    assert shown["aliases"] == []  # 'Rosa' is not in its quote
    assert "kestrel" not in out


def test_no_query_presents_a_rejected_claim(mixed: Path) -> None:
    for args in (
        ["claims", "--json"],
        ["claims", "--about", "rivera", "--json"],
        ["timeline", "--json"],
        ["sources", "--json"],
        ["sources", "gazette", "--json"],
        ["show", "harbour", "--json"],
        ["show", "boe", "--json"],
    ):
        code, out, err = run(mixed, *args)
        assert (code, err) == (0, WARNING.format(kb=mixed)), args
        assert "kestrel" not in out, args
    code, out, err = run(mixed, "search", "kestrel", "--json")
    assert (code, err, json.loads(out)["hits"]) == (0, WARNING.format(kb=mixed), [])
    assert len(json.loads(run(mixed, "claims", "--json")[1])["claims"]) == 11
    assert json.loads(run(mixed, "sources", "--json")[1])["sources"][0]["claims"] == 11


def test_an_alias_whose_claim_is_rejected_names_nothing(mixed: Path) -> None:
    code, _, err = run(mixed, "show", "Rosa")
    assert code == 1
    assert err.endswith("spyglass: error: no entity called 'Rosa'\n  hint: Try: spyglass search \"Rosa\"\n")


def test_fixing_another_record_brings_a_claim_back(mixed: Path) -> None:
    (mixed / "agencies" / "no-such-bureau.yaml").write_text(
        "id: no-such-bureau\nkind: agency\nname: Bureau of Examples\nclaims:\n  - predicate: states\n"
        "    statement: The bureau watches the harbour.\n    evidence:\n      - source: gazette\n"
        "        quote: the Bureau of Examples watches the harbour\n"
    )
    code, out, err = run(mixed, "claims", "--about", "rivera", "--predicate", "member_of", "--json")
    assert (code, err) == (0, WARNING.format(kb=mixed).replace("9 claims", "8 claims"))
    assert [c["object"] for c in json.loads(out)["claims"]] == ["no-such-bureau"]


def test_exports_refuse_a_knowledge_base_with_rejected_claims(mixed: Path, tmp_path: Path) -> None:
    code, out, err = run(mixed, "export", "--format", "jsonl", "--out", str(tmp_path / "out.jsonl"))
    assert (code, out) == (1, "")
    assert "error(s), the first at people/rivera.yaml:" in err
    assert not (tmp_path / "out.jsonl").exists()
