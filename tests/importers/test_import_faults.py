"""An import that the system stops midway (disk full, a refused rename, a crash) leaves no half-written base."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spyglass.cli.app import app
from spyglass.importers import commit
from spyglass.validate.run import validate_kb


def galaxy(tmp_path: Path, name: str, clusters: dict[str, str]) -> Path:
    """A MISP galaxy file of clusters (name -> description); a cluster's uuid follows from its name, as upstream's do."""
    values = [
        {"value": value, "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, value)), "description": description, "meta": {}}
        for value, description in clusters.items()
    ]
    path = tmp_path / name
    path.write_text(json.dumps({"name": "Threat Actor", "values": values}), encoding="utf-8")
    return path


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` (hidden ones too) with the sha256 of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(kb: Path, path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--kb", str(kb), "import", "misp", str(path)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    """Two versions of a catalogue: the second rewords one entry, drops one and adds one."""
    first = galaxy(tmp_path, "v1.json", {"Reef Cat": "Reef Cat watches harbours.", "Sand Cat": "Sand Cat digs."})
    second = galaxy(tmp_path, "v2.json", {"Reef Cat": "Reef Cat watches ports.", "Mud Cat": "Mud Cat waits."})
    return first, second


def test_a_full_disk_while_staging_changes_nothing(
    kb: Path, versions: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = versions
    assert run(kb, first)[0] == 0
    before = tree(kb)
    real, calls = commit.stage, []

    def full_after_two(path: Path, data: bytes) -> str:
        calls.append(path.name)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, data)

    monkeypatch.setattr(commit, "stage", full_after_two)
    code, stdout, stderr = run(kb, second)
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [
        f"spyglass: error: could not write sources/{calls[2]}: No space left on device; nothing was changed",
        "  hint: Free some disk space, or let spyglass write to that folder, then import again.",
    ]
    assert tree(kb) == before  # no new file, no temporary file, no text without its record


def test_a_refused_rename_puts_every_file_back(
    kb: Path, versions: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = versions
    assert run(kb, first)[0] == 0
    before = tree(kb)
    real = os.replace

    def refuse_the_group(source: Any, target: Any) -> None:
        if str(target).endswith("groups/misp-reef-cat.yaml"):  # after the texts and sources are in place
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
        real(source, target)

    monkeypatch.setattr(commit.os, "replace", refuse_the_group)
    code, _, stderr = run(kb, second)
    assert code == 1
    assert stderr.splitlines()[0] == (
        "spyglass: error: could not put groups/misp-reef-cat.yaml in place: Input/output error; nothing was changed"
    )
    assert tree(kb) == before


class Crash(BaseException):
    """The process dies: nothing after it runs, not even the undoing."""


def test_an_import_that_died_midway_is_completed_by_the_next_run(
    kb: Path, versions: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = versions
    assert run(kb, first)[0] == 0
    real, placed = os.replace, []

    def die_after_three(source: Any, target: Any) -> None:
        if len(placed) == 3:  # the manifest accepting old and new, and two texts
            raise Crash
        real(source, target)
        if Path(target).is_relative_to(kb):
            placed.append(target)

    monkeypatch.setattr(commit.os, "replace", die_after_three)
    monkeypatch.setattr(commit, "_undo", lambda *_: [])
    monkeypatch.setattr(commit, "_discard", lambda *_: None)
    with pytest.raises(Crash):
        CliRunner().invoke(app, ["--kb", str(kb), "import", "misp", str(second)], catch_exceptions=False)
    monkeypatch.undo()
    assert validate_kb(kb, use_cache=False).errors > 0  # a text is new, its record still old
    code, stdout, stderr = run(kb, second)
    assert (code, stderr) == (0, "")  # the new files are not taken for a curator's edits
    assert "  files: 4 written, 2 unchanged, 3 removed" in stdout.splitlines()
    assert validate_kb(kb, use_cache=False).errors == 0
    assert run(kb, second)[1].splitlines()[5] == "  files: 0 written, 6 unchanged, 0 removed"


def test_staged_files_are_readable_as_the_umask_allows(kb: Path, versions: tuple[Path, Path]) -> None:
    mask = os.umask(0o027)
    try:
        assert run(kb, versions[0])[0] == 0
    finally:
        os.umask(mask)
    modes = {p.stat().st_mode & 0o777 for p in kb.rglob("*misp-*")}
    assert modes == {0o640}
