"""Output under hostile text and faults: JSON and annotations escape what could steer a terminal, and a
full disk, a closed pipe, an ASCII-only stdout or a broken index end in a message, never a traceback."""

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

UNSAFE = ("\u202e", "\u200b", "\u0007", "\u0085", "\u2028")


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def hostile_statement(kb: Path) -> str:
    """Give boe's alias claim a statement with bidi, zero-width, bell, C1 and line-separator characters
    (and rivera's dated claim a bidi override)."""
    statement = "Caf\u00e9 \u202eevil\u200b bell\u0007 next\u0085 line\u2028 end"
    record = kb / "agencies" / "boe.yaml"
    text = record.read_text(encoding="utf-8")
    escaped = 'statement: "Caf\u00e9 \\u202eevil\\u200b bell\\a next\\x85 line\\u2028 end"'
    record.write_text(text.replace("statement: The Bureau of Examples is called BoE.", escaped), encoding="utf-8")
    dated = kb / "people" / "rivera.yaml"  # a dated claim, for the timeline
    text = dated.read_text(encoding="utf-8")
    dated.write_text(text.replace("statement: Ms. Rivera left the bureau in 2001.", 'statement: "\\u202eevil in 2001"'))
    return statement


@pytest.mark.parametrize(
    "args",
    [
        ("show", "boe", "--json"),
        ("search", "evil", "--json"),
        ("claims", "--about", "boe", "--json"),
        ("timeline", "--json"),
        ("sources", "gazette", "--json"),
    ],
)
def test_json_answers_escape_controls_bidi_and_zero_width(kb: Path, args: tuple[str, ...]) -> None:
    hostile_statement(kb)
    result = run("--kb", str(kb), *args)
    assert result.exit_code == 0, result.output
    assert not [ch for ch in UNSAFE if ch in result.stdout]
    assert "\\u202eevil" in result.stdout
    if args[0] in ("show", "search", "claims"):
        assert "Caf\u00e9 \\u202eevil\\u200b bell\\u0007 next\\u0085 line\\u2028 end" in result.stdout


def test_the_json_escapes_decode_to_the_record_text(kb: Path) -> None:
    statement = hostile_statement(kb)
    result = run("--kb", str(kb), "show", "boe", "--json")
    assert json.loads(result.stdout)["aliases"][0]["statement"] == statement
    assert "Caf\u00e9" in result.stdout  # letters stay readable


def test_validate_json_escapes_what_a_record_key_smuggles(kb: Path) -> None:
    record = kb / "targets" / "harbour.yaml"
    record.write_text(record.read_text().replace("id: harbour", 'id: harbour\n"k\\u202ey\\a": 1', 1))
    result = run("--kb", str(kb), "validate", "--format", "json")
    assert result.exit_code == 1
    assert "\u202e" not in result.stdout and "\a" not in result.stdout
    assert json.loads(result.stdout)["diagnostics"][0]["message"] == "unknown key 'k\u202ey\u0007'"


def test_github_annotations_cannot_be_forged_or_steer_the_log(kb: Path) -> None:
    record = kb / "targets" / "harbour.yaml"
    key = '"x\\u202e,y:%\\r\\n::error file=forged.py::forged\\u200b\\a": 1'
    record.write_text(record.read_text().replace("id: harbour", f"id: harbour\n{key}", 1))
    (kb / "targets" / "a,b:c.yaml").write_text("id: a-b-c\nkind: target\nname: Harbour\n")
    result = run("--kb", str(kb), "validate", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"::error file={kb}/targets/a%2Cb%3Ac.yaml,line=1,col=5,title=SG208::id 'a-b-c' in a file named a,b:c"
        " - Rename the file or change the id so that they match.",
        f"::error file={kb}/targets/harbour.yaml,line=2,col=1,title=SG201::unknown key"
        " 'x\\u202e,y:%25%0D%0A::error file=forged.py::forged\\u200b\\x07'"
        " - Keys allowed here: id, kind, name, summary, further_reading, claims.",
    ]


def test_a_limit_beyond_any_page_is_a_usage_error(kb: Path) -> None:
    result = run("--kb", str(kb), "search", "bureau", "--limit", "99999999999999999999")
    assert result.exit_code == 2
    assert "Invalid value for '--limit': 99999999999999999999 is not in the range 1<=x<=100000." in " ".join(
        result.stderr.replace("│", " ").split()
    )
    assert run("--kb", str(kb), "search", "bureau", "--limit", "100000").exit_code == 0


def test_an_index_that_is_a_folder_is_named_with_a_way_out(kb: Path) -> None:
    path = index_path(kb)
    path.mkdir(parents=True)
    (path / "keep").write_text("not ours to delete")
    result = run("--kb", str(kb), "show", "boe")
    assert result.exit_code == 1
    assert result.stderr == (
        f"spyglass: error: the index {path} is a folder, not a database file\n"
        f"  hint: Remove it (rm -r '{path}'); the next command builds it again. Or set SPYGLASS_CACHE_DIR to "
        "build elsewhere.\n"
    )
    assert (path / "keep").read_text() == "not ours to delete"


# The real process: stdout to a full disk, a closed pipe, an encoding without the answer's letters


def spyglass(
    kb: Path, *args: str, stdout: Any = subprocess.PIPE, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "spyglass", "--kb", str(kb), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def assert_clean(stderr: str) -> None:
    for noise in ("Traceback", "internal error", "Exception ignored", "BrokenPipeError"):
        assert noise not in stderr


FULL = (
    "spyglass: error: cannot write to standard output (/dev/full): No space left on device\n"
    "  hint: Free some space where the output goes, or send it elsewhere (another file, or a pipe).\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--format", "jsonl", "--out", "-"),
        ("export", "--format", "stix", "--out", "-"),
        ("show", "MSS", "--json"),
        ("show", "boe", "--json"),
        ("show", "boe"),
        ("search", "bureau"),
    ],
)
def test_stdout_on_a_full_disk_is_an_error_naming_it(kb: Path, args: tuple[str, ...]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = spyglass(kb, *args, stdout=full)
    assert_clean(result.stderr)
    if args[1] == "MSS":  # no such entity: the error comes first, nothing is written
        assert result.returncode == 1
        assert result.stderr.startswith("spyglass: error: no entity called 'MSS'\n")
        return
    assert result.returncode == 1
    assert result.stderr.endswith(FULL)
    assert result.stderr.count("spyglass: error:") == 1


def test_validate_annotations_on_a_full_disk(kb: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    (kb / "targets" / "stray.yaml").write_text("id: stray\nkind: target\nname: Stray\nnmae: x\n")
    with open("/dev/full", "w") as full:
        result = spyglass(kb, "validate", "--format", "github", stdout=full)
    assert result.returncode == 1
    assert result.stderr == FULL


@pytest.mark.parametrize(
    "args",
    [
        ("search", "bureau"),
        ("search", "bureau", "--json"),
        ("show", "boe"),
        ("export", "--format", "stix", "--out", "-"),
        ("validate", "--format", "json"),
    ],
)
def test_a_closed_pipe_ends_the_command_quietly(kb: Path, args: tuple[str, ...]) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # like `| head -1` after its line: nobody reads any more
    try:
        result = spyglass(kb, *args, stdout=writer)
    finally:
        os.close(writer)
    assert result.returncode == 141
    assert result.stderr == ""
    assert_clean(result.stderr)


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""},
    ],
)
def test_an_ascii_only_stdout_gets_escapes_not_a_crash(kb: Path, env: dict[str, str]) -> None:
    statement = hostile_statement(kb)
    human = spyglass(kb, "show", "boe", env=env)
    assert human.returncode == 0
    assert_clean(human.stderr)
    assert "Bureau of Examples  agency \\xb7 id boe" in human.stdout  # the middle dot, backslash-escaped
    answer = spyglass(kb, "show", "boe", "--json", env=env)
    assert answer.returncode == 0
    assert answer.stdout.isascii()
    assert json.loads(answer.stdout)["aliases"][0]["statement"] == statement
    assert "Caf\\u00e9" in answer.stdout
