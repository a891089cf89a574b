"""Start-up: `spyglass show MSS` on the shipped records against `python -c "import typer"`, in turns.

    python bench/bench_startup.py [--runs 30] [--vs /path/to/another/spyglass]

`--vs` times a second installation (an earlier release, say) in the same turns, so that a change's
cost to start-up is a ratio measured side by side, not two figures from two noisy moments.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

from common import ROOT, compile_bytecode, spyglass


def once(command: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--vs", help="another spyglass executable to time in the same turns")
    args = parser.parse_args()
    compile_bytecode()
    commands = {"spyglass show MSS": [spyglass(), "--kb", str(ROOT / "records"), "show", "MSS"]}
    if args.vs:
        commands["the other spyglass, show MSS"] = [args.vs, "--kb", str(ROOT / "records"), "show", "MSS"]
    commands["python -c 'import typer'"] = [sys.executable, "-c", "import typer"]
    caches = {label: tempfile.mkdtemp(prefix="spyglass-bench-") for label in commands}
    envs = {label: {"SPYGLASS_CACHE_DIR": caches[label], "NO_COLOR": "1"} for label in commands}
    for label, command in commands.items():  # build each index, and warm the file cache
        once(command, envs[label])
        once(command, envs[label])
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(args.runs):
        for label, command in commands.items():
            times[label].append(once(command, envs[label]))
    typer = statistics.median(times["python -c 'import typer'"])
    print(f"{args.runs} runs each, in turns; medians of wall time")
    print("| what | median | against import typer |")
    print("|---|---:|---:|")
    for label, measured in times.items():
        median = statistics.median(measured)
        print(f"| {label} | {median * 1000:.0f} ms | {median / typer:.2f}x |")
    if args.vs:
        ratios = [a / b for a, b in zip(times["spyglass show MSS"], times["the other spyglass, show MSS"], strict=True)]
        print(f"this spyglass / the other, turn by turn: median {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
