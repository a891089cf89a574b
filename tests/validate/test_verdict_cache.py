"""A verdict never outlives the code that computed it: change a rule, and the next validate sees it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import spyglass

PACKAGE = Path(spyglass.__file__).parent
RUN = "import sys; sys.path.insert(0, sys.argv.pop(1)); from spyglass.cli.app import main; main()"


def validate_with(code: Path, kb: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """`spyglass validate` run by the package copy under `code`, with its own cache folder."""
    env = {"PATH": "/usr/bin:/bin", "SPYGLASS_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    command = [sys.executable, "-c", RUN, str(code), "--kb", str(kb), "validate"]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def test_a_changed_rule_is_applied_by_the_next_validate(kb: Path, tmp_path: Path) -> None:
    code = tmp_path / "code"
    shutil.copytree(PACKAGE, code / "spyglass", ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    first = validate_with(code, kb, cache)
    assert (first.returncode, first.stderr.splitlines()[-1]) == (
        0,
        "0 error(s), 0 warning(s); checked 7 files, 11 claims, 12 quotes proved",
    )
    again = validate_with(code, kb, cache)
    assert again.stderr.splitlines()[-1] == first.stderr.splitlines()[-1] + " (cached)"

    checks = code / "spyglass" / "validate" / "checks.py"
    rule = "        if not entity.claims:\n"
    assert checks.read_text().count(rule) == 1
    checks.write_text(checks.read_text().replace(rule, "        if entity.claims:  # changed by the test\n"))

    changed = validate_with(code, kb, cache)
    assert changed.returncode == 0
    assert changed.stdout.count(" warning SG501 ") == 6
    assert changed.stderr.splitlines()[-1] == "0 error(s), 6 warning(s); checked 7 files, 11 claims, 12 quotes proved"
