"""Timing helpers shared by the benchmarks: run a command a few times, print a table."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def spyglass() -> str:
    """The console script installed beside this Python, as pip writes it (not a pyenv shim in front of it)."""
    beside = Path(sys.executable).parent / "spyglass"
    found = str(beside) if beside.exists() else shutil.which("spyglass")
    if not found:
        raise SystemExit("spyglass is not installed: python3 -m pip install -e .")
    return found


def compile_bytecode() -> None:
    """Compile spyglass to bytecode first, as `pip install .` does: an editable install under
    PYTHONDONTWRITEBYTECODE would otherwise compile every module on every run."""
    import compileall

    compileall.compile_dir(str(ROOT / "src" / "spyglass"), quiet=1)


def timed(command: Sequence[str], env: dict[str, str] | None = None, runs: int = 1, ok: Sequence[int] = (0,)) -> float:
    """The median wall time of `runs` runs of a command, in seconds; a failure stops the bench."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, env={**os.environ, **(env or {})}, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in ok:
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    return statistics.median(times)


def table(rows: list[tuple[str, float, str]]) -> str:
    """Rows of (what, seconds, note) as a Markdown table."""
    lines = ["| what | time | note |", "|---|---:|---|"]
    for what, seconds, note in rows:
        shown = f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"
        lines.append(f"| {what} | {shown} | {note} |")
    return "\n".join(lines)
