"""Every command through the runner: exit code, stdout and stderr apart."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import INVALID
from spyglass.cli.app import app
from spyglass.cli.report_formats import Format

Result = Any  # what CliRunner.invoke returns (typer vendors click, so its type has no public home)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def broken(kb: Path) -> Path:
    shutil.copyfile(INVALID / "SG404-quote-not-found.yaml", kb / "targets" / "misquoted.yaml")
    return kb


def test_validate_a_clean_knowledge_base(kb: Path) -> None:
    result = run("--kb", str(kb), "validate", "--strict")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "0 error(s), 0 warning(s); checked 7 files, 11 claims, 12 quotes proved\n"


def test_validate_text_names_file_line_column_code_and_hint(kb: Path) -> None:
    result = run("--kb", str(broken(kb)), "validate")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{kb}/targets/misquoted.yaml:11:16: error SG404 quote not found in gazette; closest passage (88% alike) at line 1, column 34\n"
        '    hint: The text there reads: "the Bureau of Examples watches the harbour."\n'
    )
    assert result.stderr.startswith("1 error(s), 0 warning(s)")


def test_validate_json_shape(kb: Path) -> None:
    result = run("--kb", str(broken(kb)), "validate", "--format", "json")
    payload = json.loads(result.stdout)
    assert result.exit_code == 1
    assert payload["ok"] is False
    assert payload["counts"] == {
        "files": 8,
        "sources": 1,
        "entities": 7,
        "claims": 12,
        "quotes": 12,
        "errors": 1,
        "warnings": 0,
    }
    assert payload["diagnostics"][0] == {
        "code": "SG404",
        "severity": "error",
        "file": f"{kb}/targets/misquoted.yaml",
        "line": 11,
        "column": 16,
        "message": "quote not found in gazette; closest passage (88% alike) at line 1, column 34",
        "hint": 'The text there reads: "the Bureau of Examples watches the harbour."',
    }


def test_validate_github_annotations(kb: Path) -> None:
    result = run("--kb", str(broken(kb)), "validate", "--format", "github")
    assert result.stdout.startswith(
        f"::error file={kb}/targets/misquoted.yaml,line=11,col=16,title=SG404::quote not found"
    )


def test_every_format_is_handled(kb: Path) -> None:
    for format in Format:
        assert run("--kb", str(broken(kb)), "validate", "--format", format.value).exit_code == 1


def test_warnings_pass_unless_strict(kb: Path) -> None:
    shutil.copyfile(INVALID / "SG501-entity-without-claims.yaml", kb / "agencies" / "ministry.yaml")
    assert run("--kb", str(kb), "validate").exit_code == 0
    assert run("--kb", str(kb), "validate", "--strict").exit_code == 1


def test_validate_paths_report_only_those_files(kb: Path) -> None:
    broken(kb)
    assert run("validate", str(kb / "agencies")).exit_code == 0
    assert run("validate", str(kb / "targets" / "misquoted.yaml")).exit_code == 1
    assert run("validate", str(kb)).exit_code == 1


def test_usage_errors_exit_2(kb: Path, tmp_path: Path) -> None:
    assert run("--kb", str(kb), "validate", "--format", "xml").exit_code == 2
    assert run("--kb", str(tmp_path / "nowhere"), "validate").exit_code == 2
    assert run("validate", str(tmp_path / "nowhere.yaml")).exit_code == 2


def test_the_console_script_never_shows_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "spyglass", "--kb", str(tmp_path / "nowhere"), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"spyglass: error: no knowledge base at {tmp_path / 'nowhere'}\n"
        "  hint: Give --kb a folder holding sources/ and agencies/.\n"
    )
    assert "Traceback" not in result.stderr


def test_record_text_cannot_forge_terminal_output(kb: Path) -> None:
    record = kb / "targets" / "harbour.yaml"
    record.write_text(record.read_text().replace("id: harbour", 'id: harbour\nnmae: "\\e[31m[bold]x"'))
    result = run("--kb", str(kb), "validate")
    assert "\x1b" not in result.stdout
    assert "unknown key 'nmae'" in result.stdout


# The query commands


def evidence_items(payload: object) -> list[dict[str, object]]:
    """Every evidence object anywhere in a JSON answer."""
    found: list[dict[str, object]] = []
    if isinstance(payload, dict):
        if "quote" in payload and "stance" in payload:
            found.append(payload)
        for value in payload.values():
            found += evidence_items(value)
    elif isinstance(payload, list):
        for value in payload:
            found += evidence_items(value)
    return found


def query(kb: Path, *args: str) -> Result:
    return run("--kb", str(kb), *args)


def test_show_by_alias_in_any_case(kb: Path) -> None:
    result = query(kb, "show", "boe", "--json")
    by_alias = query(kb, "show", "BOE", "--json")
    assert result.exit_code == by_alias.exit_code == 0
    assert result.stdout == by_alias.stdout
    profile = json.loads(result.stdout)
    assert list(profile) == [
        "id",
        "kind",
        "name",
        "summary",
        "aliases",
        "claims",
        "mentions",
        "said",
        "further_reading",
        "cluster",
        "members",
        "same_as",
        "contested",
        "sections",
    ]
    assert (profile["cluster"], profile["same_as"], profile["contested"]) == (["boe"], [], [])
    assert profile["members"] == [
        {
            "id": "boe",
            "kind": "agency",
            "name": "Bureau of Examples",
            "file": "agencies/boe.yaml",
            "summary": "A fictional bureau used by the tests.",
        }
    ]
    assert profile["sections"]["members"] == profile["mentions"]
    assert [c["value"] for c in profile["aliases"]] == ["BoE"]
    assert [(c["predicate"], c["object"], c["status"]) for c in profile["claims"]] == [
        ("targets", "harbour", "corroborated"),
        ("uses", "recruiting-dock-workers", "single"),
    ]
    assert [(c["subject"], c["predicate"]) for c in profile["mentions"]] == [("rivera", "formerly_member_of")]
    assert result.stderr == ""


def test_show_human_output_labels_the_summary_and_shows_each_quote(kb: Path) -> None:
    result = query(kb, "show", "Bureau of Examples")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Bureau of Examples  agency · id boe"
    assert lines[1] == "Curator's summary (not a quote): A fictional bureau used by the tests."
    assert "      “the Bureau of Examples, or BoE”" in lines
    assert "  • The Bureau of Examples watches the harbour.  corroborated" in lines


def test_show_an_unknown_name_suggests_close_ones(kb: Path) -> None:
    result = query(kb, "show", "Bureau of Exampels")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "spyglass: error: no entity called 'Bureau of Exampels'\n  hint: Did you mean: Bureau of Examples (boe)?\n"
    )


def test_show_an_ambiguous_name_lists_the_candidates(kb: Path) -> None:
    (kb / "targets" / "bureau.yaml").write_text(
        "id: bureau\nkind: target\nname: BoE\nclaims:\n  - predicate: states\n    statement: BoE.\n"
        "    evidence:\n      - source: gazette\n        quote: or BoE\n"
    )
    (kb / "methods" / "boe-method.yaml").write_text(
        "id: boe-method\nkind: method\nname: BoE\nclaims:\n  - predicate: states\n    statement: BoE.\n"
        "    evidence:\n      - source: gazette\n        quote: or BoE\n"
    )
    result = query(kb, "show", "boe")  # the id wins
    assert result.exit_code == 0
    result = query(kb, "show", "BoE")
    assert result.exit_code == 1
    assert result.stderr == (
        "spyglass: error: 'BoE' names 3 entities\n"
        "  hint: Name one of them by its id. Candidates: boe-method (method: BoE); bureau (target: BoE); "
        "boe (agency: Bureau of Examples)\n"
    )


def test_search_ranks_an_exact_name_first_and_highlights_nothing_unsafe(kb: Path) -> None:
    result = query(kb, "search", "Ms. Rivera", "--json")
    payload = json.loads(result.stdout)
    assert result.exit_code == 0
    assert payload["query"] == "Ms. Rivera"
    first = payload["hits"][0]
    assert (first["entity"], first["match"]) == (
        "rivera",
        {"field": "name", "text": "Ms. Rivera", "spans": [[0, 2], [4, 10]]},
    )


def test_search_phrase_prefix_kind_and_limit(kb: Path) -> None:
    phrase = json.loads(query(kb, "search", '"dock workers"', "--json").stdout)
    # one hit per profile: the name's hit shows the claim whose quote holds the name (the bureau's,
    # which points here), and beneath it the method's own claim whose statement matched
    assert [(h["entity"], h["match"]["field"], h["claim"]["subject"], h["cluster"]) for h in phrase["hits"]] == [
        ("recruiting-dock-workers", "name", "boe", ["recruiting-dock-workers"]),
    ]
    assert [c["subject"] for c in phrase["hits"][0]["claims"]] == ["boe", "recruiting-dock-workers"]
    assert phrase["hits"][0]["claims"][0] == phrase["hits"][0]["claim"]
    prefix = json.loads(query(kb, "search", "recruit*", "--kind", "method", "--json").stdout)
    assert [(h["entity"], h["match"]["field"], len(h["claims"])) for h in prefix["hits"]] == [
        ("recruiting-dock-workers", "name", 2),
    ]
    limited = json.loads(query(kb, "search", "bureau", "--limit", "1", "--json").stdout)
    assert len(limited["hits"]) == 1


def test_search_without_hits_says_so_and_exits_0(kb: Path) -> None:
    result = query(kb, "search", "zeppelin")
    assert (result.exit_code, result.stdout) == (0, "No hits for 'zeppelin'.\n")


def test_claims_filters_combine(kb: Path) -> None:
    def ids(*args: str) -> list[tuple[str, str]]:
        payload = json.loads(query(kb, "claims", *args, "--json").stdout)
        return [(c["subject"], c["predicate"]) for c in payload["claims"]]

    assert ids("--about", "rivera") == [
        ("departure", "involves"),
        ("rivera", "born"),
        ("rivera", "formerly_member_of"),
        ("rivera", "involved_in"),
    ]
    assert ids("--speaker", "Ms. Rivera", "--predicate", "uses") == [("boe", "uses")]
    assert ids("--status", "corroborated") == [("boe", "targets")]
    assert ids("--source", "gazette", "--about", "ministry") == [("ministry", "states")]
    assert query(kb, "claims", "--predicate", "likes").exit_code == 2


def test_sources_list_and_detail_with_coverage(kb: Path) -> None:
    listed = json.loads(query(kb, "sources", "--json").stdout)
    assert [(s["id"], s["claims"]) for s in listed["sources"]] == [("gazette", 11)]
    detail = json.loads(query(kb, "sources", "gazette", "--json").stdout)
    assert detail["coverage"] == {"sentences": 5, "quoted": 5, "share": 1.0, "unquoted": []}
    assert (
        query(kb, "sources", "gazete").stderr == "spyglass: error: no source 'gazete'\n  hint: Did you mean: gazette?\n"
    )


def test_timeline_orders_by_date_and_keeps_edtf_as_written(kb: Path) -> None:
    payload = json.loads(query(kb, "timeline", "--json").stdout)
    assert [(c["subject"], c["when"] or c["value"]) for c in payload["timeline"]] == [
        ("rivera", "1971"),
        ("departure", "2001"),
        ("rivera", "2001"),
    ]
    about = json.loads(query(kb, "timeline", "departure", "--json").stdout)
    assert [c["subject"] for c in about["timeline"]] == ["departure"]


def test_quote_finds_offsets_or_the_closest_passage(kb: Path) -> None:
    found = json.loads(query(kb, "quote", "gazette", "dock workers", "--json").stdout)
    assert found["match"] == {
        "start": 135,
        "end": 147,
        "line": 3,
        "column": 58,
        "before": found["match"]["before"],
        "text": "dock workers",
        "after": found["match"]["after"],
    }
    missing = query(kb, "quote", "gazette", "dock wrokers")
    assert missing.exit_code == 1
    assert missing.stdout.splitlines()[0] == "Not found in gazette. The closest passages:"


def test_every_answer_carries_proved_evidence(kb: Path) -> None:
    from spyglass.text.quotes import ArchivedText

    text = ArchivedText((kb / "sources" / "gazette.txt").read_text())
    answers = [
        query(kb, "show", "boe", "--json"),
        query(kb, "show", "rivera", "--json"),
        query(kb, "search", "bureau", "--json"),
        query(kb, "claims", "--json"),
        query(kb, "sources", "gazette", "--json"),
        query(kb, "timeline", "--json"),
    ]
    items = [item for result in answers for item in evidence_items(json.loads(result.stdout))]
    assert len(items) > 30
    for item in items:
        assert {
            "source",
            "source_title",
            "quote",
            "start",
            "end",
            "speaker",
            "speaker_name",
            "speaker_description",
            "stance",
            "grade",
        } <= item.keys()
        anchor = text.anchor(str(item["quote"]))
        assert anchor is not None and (anchor.start, anchor.end) == (item["start"], item["end"])


def test_record_markup_and_escapes_print_as_text(kb: Path) -> None:
    record = kb / "agencies" / "ministry.yaml"
    record.write_text(
        record.read_text().replace("name: Ministry", 'name: Ministry\nsummary: "[bold]loud[/bold] \\e[31mred"')
    )
    result = query(kb, "show", "ministry")
    assert "Curator's summary (not a quote): [bold]loud[/bold] \\x1b[31mred" in result.stdout
    assert "\x1b" not in result.stdout


def test_a_broken_knowledge_base_still_answers_with_one_warning(kb: Path) -> None:
    (kb / "targets" / "harbour.yaml").write_text("id: harbour\nkind: target\nname: [unclosed\n")
    result = query(kb, "show", "boe", "--json")
    assert result.exit_code == 0
    assert result.stderr == (
        f"spyglass: warning: left out 1 claim and 1 record of {kb} that validate rejects; "
        f"to see why, run: spyglass --kb {kb} validate\n"
    )
    shown = json.loads(result.stdout)
    assert "harbour" not in {c["object"] for c in shown["claims"]}  # the claim pointing at it is left out


def test_an_edit_is_seen_by_the_very_next_command(kb: Path) -> None:
    assert json.loads(query(kb, "show", "ministry", "--json").stdout)["summary"] is None
    record = kb / "agencies" / "ministry.yaml"
    record.write_text(record.read_text().replace("name: Ministry", "name: Ministry\nsummary: Now with a summary."))
    assert json.loads(query(kb, "show", "ministry", "--json").stdout)["summary"] == "Now with a summary."


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for command in app.registered_commands:
        assert f"spyglass {command.name or command.callback.__name__}" in readme  # type: ignore[union-attr]


def test_search_or_and_not_in_capitals_are_operators() -> None:
    from spyglass.query.search import fts_query

    assert fts_query('MSS OR FBI "Falun Gong" recruit*') == '"MSS" OR "FBI" "Falun Gong" "recruit"*'
    assert fts_query("NOT MSS or") == '"NOT" "MSS" "or"'  # an operator needs a word on each side
    assert fts_query("(MSS) -x *y") == '"MSS" "x" "y"'


def test_search_or_widens_and_not_narrows(kb: Path) -> None:
    def entities(words: str) -> set[str]:  # the entities of the hits
        return {h["entity"] for h in json.loads(query(kb, "search", words, "--json").stdout)["hits"]}

    assert entities("Rivera OR harbour") == entities("Rivera") | entities("harbour")
    hits = json.loads(query(kb, "search", "bureau NOT Rivera", "--json").stdout)["hits"]
    assert hits and all("rivera" not in h["match"]["text"].lower() for h in hits)


def test_the_readme_examples_are_real_output() -> None:
    """The README shows what the shipped records answer; a change to either must keep them alike."""
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text()
    for command in ('search "Falun Gong" --limit 1', "sources", "timeline li"):
        block = readme.split(f"```\n$ spyglass {command}\n", 1)[1].split("```", 1)[0]
        result = run("--kb", str(root / "records"), *shlex.split(command))
        assert result.stdout == block, command
    show = readme.split("```\n$ spyglass show MSS\n", 1)[1].split("\n...\n```", 1)[0]
    assert run("--kb", str(root / "records"), "show", "MSS").stdout.startswith(show + "\n")
    quotes = [block.split("```", 1)[0] for block in readme.split("```\n$ spyglass quote ")[1:]]
    assert len(quotes) == 5
    for block in quotes:
        command, expected = block.split("\n", 1)
        assert run("--kb", str(root / "records"), "quote", *shlex.split(command)).stdout == expected, command


def test_a_cache_folder_that_cannot_be_made_is_an_error_not_a_crash(kb: Path, tmp_path: Path, monkeypatch: Any) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("SPYGLASS_CACHE_DIR", str(blocker))
    result = query(kb, "show", "boe")
    assert result.exit_code == 1
    assert result.stderr.startswith("spyglass: error: Not a directory (")
    schema = run("schema", "--out", str(blocker / "schemas"))
    assert (schema.exit_code, schema.stderr.startswith("spyglass: error: Not a directory (")) == (1, True)


def test_an_exact_name_leads_however_common_its_words(kb: Path) -> None:
    for number in range(60):  # more claims than search ranks, whose statements repeat the name's words
        (kb / "targets" / f"echo-{number}.yaml").write_text(
            f"id: echo-{number}\nkind: target\nname: harbour\nclaims:\n  - predicate: states\n"
            "    statement: The harbour, the harbour, the harbour, the harbour.\n    evidence:\n      - source: gazette\n"
            "        quote: watches the harbour\n"
        )
    first = json.loads(query(kb, "search", "The Harbour", "--limit", "1", "--json").stdout)["hits"][0]
    assert (first["entity"], first["match"]["field"], first["match"]["text"]) == ("harbour", "name", "the harbour")
