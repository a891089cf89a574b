"""Import ATT&CK then MISP (which links its clusters to ATT&CK's groups) into a copy of records/, then
validate cold, build the index and search 'APT10', as a user does.

    python bench/bench_catalogues.py [--runs N] [--data DIR]

Reads ../shared/data, or --data (the files are never copied into the project). Every step is the installed
console script; times are medians of wall time over N runs (3 by default), each first import into a
fresh copy of records/ and each cold step with an empty cache.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import OUT, ROOT, compile_bytecode, spyglass, table, timed

DATA = ROOT.parent / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs of each step; the median is shown")
    parser.add_argument("--data", type=Path, default=DATA, help="the folder holding attack/ and misp-galaxy/")
    args = parser.parse_args()
    misp_file = args.data / "misp-galaxy" / "threat-actor.json"
    attack_file = args.data / "attack" / "enterprise-intrusion-sets-and-relationships.json"
    if not (misp_file.exists() and attack_file.exists()):
        raise SystemExit(f"skipped: the real files are not in {args.data} (../shared/data is absent)")
    compile_bytecode()
    exe = spyglass()
    kb = OUT / "kb-catalogues"
    base = [exe, "--kb", str(kb)]
    attack, misp = [*base, "import", "attack", str(attack_file)], [*base, "import", "misp", str(misp_file)]
    first_attack, first_misp = [], []
    for _ in range(args.runs):
        if kb.exists():
            shutil.rmtree(kb)
        shutil.copytree(ROOT / "records", kb)
        with tempfile.TemporaryDirectory(prefix="spyglass-bench-") as cache:
            first_attack.append(timed(attack, {"SPYGLASS_CACHE_DIR": cache}))
            first_misp.append(timed(misp, {"SPYGLASS_CACHE_DIR": cache}))
    cache = tempfile.mkdtemp(prefix="spyglass-bench-")
    env = {"SPYGLASS_CACHE_DIR": cache}
    report = json.loads(_run([*misp, "--json"], env))
    rows = [
        ("spyglass import attack (172 groups, 24 campaigns), first", _median(first_attack), ""),
        (
            "spyglass import misp (1,041 clusters), first, linking them",
            _median(first_misp),
            f"{report['same_as_links']} same_as links to ATT&CK groups",
        ),
        ("spyglass import attack, again (nothing changed)", timed(attack, env, runs=args.runs), ""),
        (
            "spyglass import misp, again (nothing changed)",
            timed(misp, env, runs=args.runs),
            "the links stay as they are",
        ),
    ]
    shutil.rmtree(cache)
    time.sleep(2.1)  # files this new are hashed rather than trusted by stat (racy-git rule)
    rows.append(("spyglass validate, cold (empty cache)", _cold([*base, "validate"], args.runs), "every quote proved"))
    search = [*base, "search", "APT10"]
    rows.append(("spyglass search APT10, cold (builds the index)", _cold(search, args.runs), ""))
    with tempfile.TemporaryDirectory(prefix="spyglass-bench-") as cache:
        env = {"SPYGLASS_CACHE_DIR": cache}
        timed(search, env)  # the first query builds the index
        rows.append(("spyglass search APT10 (index current)", timed(search, env, runs=max(args.runs, 5)), ""))
        counts = json.loads(_run([*base, "validate", "--format", "json"], env))["counts"]
    print(
        f"knowledge base: records/ plus both imports: {counts['files']:,} files, {counts['entities']:,} entities, "
        f"{counts['claims']:,} claims, {counts['quotes']:,} quotes; {counts['errors']} errors, "
        f"{counts['warnings']} warnings"
    )
    print(table(rows))


def _cold(command: list[str], runs: int) -> float:
    """The median time of a command run each time with an empty cache folder."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="spyglass-bench-") as cache:
            times.append(timed(command, {"SPYGLASS_CACHE_DIR": cache}))
    return _median(times)


def _median(times: list[float]) -> float:
    import statistics

    return statistics.median(times)


def _run(command: list[str], env: dict[str, str] | None = None) -> str:
    """The stdout of a command (exit 0 or 1: validate finds problems with 1)."""
    done = subprocess.run(command, env={**os.environ, **(env or {})}, capture_output=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    return done.stdout.decode()


if __name__ == "__main__":
    main()
