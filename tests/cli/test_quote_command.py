"""`spyglass quote`: the --yaml evidence item, each '...' part, parts too far apart, near misses of case or quote marks."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner, Result

from spyglass.cli.app import app
from spyglass.kb.yaml_loader import load_yaml_bytes

NOTES = 'Index:\n- item: "a #1 - b"\t# not a comment\n  and a bell \x07 rang.\n'
LEDGER = "alpha " + "filler " * 60 + "omega.\n"  # omega starts 421 characters after alpha ends


def quote(kb: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--kb", str(kb), "quote", *args])


def add_source(kb: Path, source_id: str, text: str) -> None:
    """A source of `text` in the knowledge base, with its true sha256."""
    raw = text.encode("utf-8")
    (kb / "sources" / f"{source_id}.txt").write_bytes(raw)
    (kb / "sources" / f"{source_id}.yaml").write_text(
        f"id: {source_id}\ntype: other\ntitle: Notes\nlicence: CC0-1.0\ntext: {source_id}.txt\nsha256: {hashlib.sha256(raw).hexdigest()}\n",
        encoding="utf-8",
    )


def digests(kb: Path) -> dict[str, str]:
    return {str(p.relative_to(kb)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(kb.rglob("*.*"))}


def test_yaml_prints_an_evidence_item_and_nothing_else(kb: Path) -> None:
    before = digests(kb)
    found = quote(kb, "gazette", "watches the harbour", "--yaml")
    assert (found.exit_code, found.stdout, found.stderr) == (
        0,
        '- source: "gazette"\n  quote: "watches the harbour"\n',
        "",
    )
    spoken = quote(kb, "gazette", '"We saw it   every week,"', "--yaml", "--speaker", "rivera")
    assert (spoken.exit_code, spoken.stdout, spoken.stderr) == (
        0,
        '- source: "gazette"\n  quote: "“We saw it every week,”"\n  speaker: "rivera"\n',
        "",
    )
    assert digests(kb) == before


def test_the_item_keeps_each_part_as_archived_and_the_ellipsis_between(kb: Path) -> None:
    found = quote(kb, "gazette", "The Example  Gazette…watches the harbour", "--yaml")
    assert (found.exit_code, found.stdout) == (
        0,
        '- source: "gazette"\n  quote: "The Example Gazette ... watches the harbour"\n',
    )


def test_an_awkward_passage_pasted_under_evidence_loads_back_as_archived_and_validates(kb: Path) -> None:
    add_source(kb, "notes", NOTES)
    typed = '- item: "a #1 - b" # not a comment and a bell \x07 rang'
    found = quote(kb, "notes", "--yaml", "--speaker", "rivera", "--", typed)
    assert (found.exit_code, found.stderr) == (0, "")
    assert found.stdout == (
        '- source: "notes"\n'
        '  quote: "- item: \\"a #1 - b\\"\\t# not a comment\\n  and a bell \\u0007 rang"\n'
        '  speaker: "rivera"\n'
    )
    record = (
        "id: bell\nkind: target\nname: a bell\nclaims:\n  - predicate: states\n"
        "    statement: A bell rang.\n    evidence:\n"
        + "".join(f"      {line}\n" for line in found.stdout.splitlines())
    )
    loaded = load_yaml_bytes(record.encode("utf-8"), "bell.yaml")
    assert loaded.diagnostics == []
    assert loaded.data["claims"][0]["evidence"][0]["quote"] == NOTES[7 : NOTES.index("rang") + 4]
    (kb / "targets" / "bell.yaml").write_text(record, encoding="utf-8")
    checked = CliRunner().invoke(app, ["--kb", str(kb), "validate"])
    assert (checked.exit_code, checked.stdout) == (0, "")


def test_yaml_for_a_quote_not_found_prints_the_closest_passages_and_one_line_on_stderr(kb: Path) -> None:
    before = digests(kb)
    missed = quote(kb, "gazette", "watches the harbor", "--yaml")
    assert (missed.exit_code, missed.stdout, missed.stderr) == (
        1,
        "Not found in gazette. The closest passages:\n"
        "  95% alike at 56-76 (line 1, column 57): watches the harbour.\n"
        "  95% alike at 266-286 (line 5, column 65): watches the harbour.\n"
        "  50% alike at 28-46 (line 1, column 29): that the Bureau of\n",
        "spyglass: error: no evidence item: the quote is not in gazette "
        "(the closest passages are on standard output)\n",
    )
    assert digests(kb) == before


def test_a_quote_that_differs_only_in_case_says_so_and_where(kb: Path) -> None:
    human = quote(kb, "gazette", "Watches the Harbour")
    assert (human.exit_code, human.stdout) == (
        1,
        'Not in gazette as typed: found with different case at 56-75: "watches the\nharbour" in the text (line 1, column 57)\n',
    )
    as_yaml = quote(kb, "gazette", "Watches the Harbour", "--yaml")
    assert (as_yaml.exit_code, as_yaml.stderr) == (
        1,
        "spyglass: error: no evidence item: the quote is not in gazette as typed; "
        'found with different case at 56-75: "watches the harbour" in the text\n',
    )
    assert "source:" not in as_yaml.stdout
    answer = json.loads(quote(kb, "gazette", "Watches the Harbour", "--json").stdout)
    assert (answer["found"], answer["match"], answer["differs_only_in"]) == (False, None, "case")
    assert (answer["near_match"]["start"], answer["near_match"]["end"]) == (56, 75)
    marks = quote(kb, "gazette", "'We saw it every week,'", "--yaml")
    assert (marks.exit_code, marks.stderr) == (
        1,
        "spyglass: error: no evidence item: the quote is not in gazette as typed; "
        'found with different quote marks at 167-190: "“We saw it every week,”" in the text\n',
    )


def test_each_part_of_an_ellipsis_quote_is_shown_with_its_place(kb: Path) -> None:
    human = quote(kb, "gazette", "The Example Gazette ... watches the harbour")
    assert (human.exit_code, human.stdout) == (
        0,
        "Found in gazette at 0-75 (line 1, column 1):\n"
        "  The Example Gazette reports that the Bureau of Examples watches the harbour.\n"
        "  Ms. Rivera said the Bureau of Examples, or BoE, recruits…\n"
        "  part 1 at 0-19 (line 1, column 1): The Example Gazette\n"
        "  part 2 at 56-75 (line 1, column 57): watches the harbour\n",
    )
    answer = json.loads(quote(kb, "gazette", "The Example Gazette ... watches the harbour", "--json").stdout)
    assert answer["match"]["parts"] == [
        {"start": 0, "end": 19, "line": 1, "column": 1, "text": "The Example Gazette"},
        {"start": 56, "end": 75, "line": 1, "column": 57, "text": "watches the harbour"},
    ]
    assert (answer["match"]["start"], answer["match"]["end"], answer["match"]["before"]) == (0, 75, "")


def test_parts_too_far_apart_are_named_with_their_distance_and_the_limit(kb: Path) -> None:
    add_source(kb, "ledger", LEDGER)
    human = quote(kb, "ledger", "alpha ... omega ... alpha")
    assert human.exit_code == 1
    assert human.stdout.split("The closest passages:\n")[0] == (
        "Not found in ledger: every part occurs, but not each within 300 characters of\n"
        "the one before:\n"
        '  part 2 "omega" cannot follow part 1 "alpha": their nearest occurrences (at 0-5\n'
        "  and 426-431) are 420 characters apart; the limit is 300\n"
        '  part 3 "alpha" never occurs after part 2 "omega"\n'
    )
    as_yaml = quote(kb, "ledger", "alpha ... omega", "--yaml")
    assert (as_yaml.exit_code, as_yaml.stderr) == (
        1,
        "spyglass: error: no evidence item: the quote is not in ledger: every part occurs, "
        "but part 2 cannot follow part 1 within 300 characters\n",
    )
    answer = json.loads(quote(kb, "ledger", "alpha ... omega", "--json").stdout)
    assert [(gap["part"], gap["after_part"], gap["apart"], gap["limit"]) for gap in answer["too_far_apart"]] == [
        (2, 1, 420, 300)
    ]


def test_a_speaker_must_be_a_known_actor(kb: Path) -> None:
    before = digests(kb)
    unknown = quote(kb, "gazette", "watches the harbour", "--yaml", "--speaker", "rivra")
    assert (unknown.exit_code, unknown.stdout, unknown.stderr) == (
        1,
        "",
        "spyglass: error: no entity 'rivra' to be the speaker\n  hint: Did you mean: rivera (Ms. Rivera)?\n",
    )
    target = quote(kb, "gazette", "watches the harbour", "--yaml", "--speaker", "harbour")
    assert (target.exit_code, target.stdout) == (1, "")
    assert target.stderr.startswith("spyglass: error: 'harbour' is a target; a speaker is an agency, a person or")
    assert digests(kb) == before


def test_options_that_do_not_go_together_are_usage_errors(kb: Path) -> None:
    both = quote(kb, "gazette", "watches the harbour", "--yaml", "--json")
    assert (both.exit_code, both.stdout, both.stderr) == (
        2,
        "",
        "spyglass: error: --yaml and --json cannot be combined\n"
        "  hint: Give one: --yaml for an evidence item, --json for the answer.\n",
    )
    alone = quote(kb, "gazette", "watches the harbour", "--speaker", "rivera")
    assert (alone.exit_code, alone.stdout, alone.stderr) == (
        2,
        "",
        "spyglass: error: --speaker goes with --yaml\n  hint: Add --yaml to print an evidence item with this speaker.\n",
    )


def test_a_passage_longer_than_a_quote_may_be_is_refused(kb: Path) -> None:
    long = " ".join(f"word{n}" for n in range(700))
    add_source(kb, "long", long + ".\n")
    refused = quote(kb, "long", long, "--yaml")
    assert (refused.exit_code, refused.stdout, refused.stderr) == (
        1,
        "",
        "spyglass: error: the passage found is 5,489 characters long; a quote holds at most 4,000\n"
        "  hint: Quote less of it, or leave out its middle with '...'.\n",
    )


def test_an_ascii_terminal_gets_escapes_that_yaml_reads_back_as_the_archived_characters(kb: Path) -> None:
    passage = "Café “Ø” said 😀 twice"
    add_source(kb, "cafe", f"Then {passage}.\n")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "spyglass", "--kb", str(kb), "quote", "cafe", passage, "--yaml"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.isascii()
    loaded = load_yaml_bytes(b"evidence:\n" + b"".join(b"  " + line for line in done.stdout.splitlines(True)), "x.yaml")
    assert loaded.data == {"evidence": [{"source": "cafe", "quote": passage}]}
