"""Import the real MISP galaxy and ATT&CK bundle into a copy of records/, then validate, search and export it.

    python bench/bench_exchange.py [--no-stix-validator]

Reads ../shared/data (the files are never copied into the project). Every step is the installed
console script, as a user runs it; times are medians of wall time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time

from common import OUT, ROOT, spyglass, table, timed

DATA = ROOT.parent / "shared" / "data"
MISP = DATA / "misp-galaxy" / "threat-actor.json"
ATTACK = DATA / "attack" / "enterprise-intrusion-sets-and-relationships.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-stix-validator", action="store_true", help="skip the OASIS validator (slow)")
    args = parser.parse_args()
    if not (MISP.exists() and ATTACK.exists()):
        raise SystemExit(f"skipped: the real files are not in {DATA} (../shared/data is absent)")
    kb = OUT / "kb-exchange"
    if kb.exists():
        shutil.rmtree(kb)
    shutil.copytree(ROOT / "records", kb)
    exe = spyglass()
    cache = tempfile.mkdtemp(prefix="spyglass-bench-")
    env = {"SPYGLASS_CACHE_DIR": cache}
    base = [exe, "--kb", str(kb)]
    rows = [
        ("spyglass import misp (1,041 clusters), first", timed([*base, "import", "misp", str(MISP)], env), ""),
        (
            "spyglass import attack (187 intrusion sets), first",
            timed([*base, "import", "attack", str(ATTACK)], env),
            "",
        ),
        ("spyglass import misp, again (nothing changed)", timed([*base, "import", "misp", str(MISP)], env, runs=3), ""),
        ("spyglass import attack, again", timed([*base, "import", "attack", str(ATTACK)], env, runs=3), ""),
    ]
    time.sleep(2.1)  # files this new are hashed rather than trusted by stat (racy-git rule)
    shutil.rmtree(cache)
    validate = [*base, "validate"]  # SG505 warns of names upstream gives two unlinked entries: not a failure
    rows.append(("spyglass validate, cold (empty cache)", timed(validate, env), "every quote proved"))
    rows.append(("spyglass validate, nothing changed", timed(validate, env, runs=5), ""))
    counts = json.loads(
        subprocess.run([*base, "validate", "--format", "json"], env=_env(env), capture_output=True, check=False).stdout
    )["counts"]
    if subprocess.run([*base, "search", "--help"], capture_output=True, check=False).returncode == 0:
        timed([*base, "search", "MSS"], env)  # the first query builds the index
        rows.append(("spyglass search MSS (index built)", timed([*base, "search", "MSS"], env, runs=5), ""))
        rows.append(
            (
                "spyglass search 'Ministry of State Security'",
                timed([*base, "search", '"Ministry of State Security"'], env, runs=5),
                "",
            )
        )
    else:
        print("spyglass search: not available yet; skipped")
    out = OUT / "exports"
    out.mkdir(exist_ok=True)
    for format, name in (("jsonl", "kb.jsonl"), ("stix", "kb.stix.json"), ("sqlite", "kb.db"), ("csv", "csv")):
        seconds = timed([*base, "export", "--format", format, "--out", str(out / name)], env, runs=3)
        size = (
            sum(p.stat().st_size for p in (out / name).rglob("*"))
            if (out / name).is_dir()
            else (out / name).stat().st_size
        )
        rows.append((f"spyglass export --format {format}", seconds, f"{size / 1e6:.1f} MB"))
    if not args.no_stix_validator and shutil.which("stix2_validator"):
        command = ["stix2_validator", "--version", "2.1", "--silent", str(out / "kb.stix.json")]
        rows.append(("stix2_validator on the STIX export", timed(command, runs=1), "OASIS validator: no errors"))
    shutil.rmtree(cache, ignore_errors=True)
    print(
        f"knowledge base: records/ plus both imports: {counts['files']:,} files, {counts['sources']:,} sources, "
        f"{counts['entities']:,} entities, {counts['claims']:,} claims, {counts['quotes']:,} quotes; "
        f"{counts['errors']} errors, {counts['warnings']} warnings"
    )
    print(table(rows))


def _env(extra: dict[str, str]) -> dict[str, str]:
    import os

    return {**os.environ, **extra}


if __name__ == "__main__":
    main()
