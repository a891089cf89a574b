"""A run builds only the command it names; help and unknown words get the whole app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from spyglass.cli.app import app, only_the_command_asked_for


def names(chosen: object) -> list[str]:
    typer_app = chosen
    commands = [c.name or c.callback.__name__ for c in typer_app.registered_commands]  # type: ignore[attr-defined]
    return commands + [g.name for g in typer_app.registered_groups]  # type: ignore[attr-defined]


def test_a_named_command_is_built_alone() -> None:
    assert names(only_the_command_asked_for(["--kb", "records", "show", "MSS"])) == ["show"]
    assert names(only_the_command_asked_for(["--kb=records", "source", "add", "-"])) == ["source"]
    assert names(only_the_command_asked_for(["validate", "--strict"])) == ["validate"]


def test_help_and_unknown_words_get_the_whole_app() -> None:
    for arguments in ([], ["--help"], ["-h", "show"], ["shw", "MSS"], ["--kb"]):
        assert only_the_command_asked_for(arguments) is app


def test_the_console_script_runs_the_command_named(kb: Path, tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "SPYGLASS_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "spyglass", "--kb", str(kb), "show", "BoE"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout.splitlines()[0], done.stderr) == (0, "Bureau of Examples  agency · id boe", "")
    unknown = subprocess.run(
        [sys.executable, "-m", "spyglass", "shw"], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert unknown.returncode == 2
    assert "No such command 'shw'. Did you mean 'show'?" in unknown.stderr


def test_usage_mistakes_read_like_every_other_error(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "SPYGLASS_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    cases = {
        ("shw", "MSS"): "spyglass: error: No such command 'shw'. Did you mean 'show'?\n  hint: See: spyglass --help\n",
        ("show",): "spyglass: error: Missing argument 'name'.\n  hint: See: spyglass show --help\n",
        ("claims", "--status", "bogus"): (
            "spyglass: error: Invalid value for '--status': 'bogus' is not one of 'corroborated', 'single', "
            "'contested'.\n  hint: See: spyglass claims --help\n"
        ),
    }
    for arguments, expected in cases.items():
        done = subprocess.run(
            [sys.executable, "-m", "spyglass", *arguments],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert (done.returncode, done.stdout, done.stderr) == (2, "", expected), arguments
