"""Every command through the runner: exit code, stdout and stderr apart."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from conftest import INVALID
from spyglass.cli import app
from spyglass.formats import Format


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
    shutil.copyfile(INVALID / "SG501-entity-without-claims.yaml", kb / "targets" / "quiet.yaml")
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
