"""Validate a synthetic knowledge base: Spyglass cold and warm against check-jsonschema (schema only).

    python bench/bench_validate.py [--entities 5000] [--claims 10] [--sources 500]

Spyglass proves every quote and reference besides the schema; check-jsonschema checks the schema
only, one run per record kind over the same files.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time

from common import OUT, ROOT, compile_bytecode, spyglass, table, timed
from synthetic import build

KIND_FOLDERS = {"sources": "source", "agencies": "agency", "people": "person", "targets": "target", "methods": "method"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--claims", type=int, default=10)
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--no-check-jsonschema", action="store_true", help="skip the slow comparison")
    args = parser.parse_args()
    compile_bytecode()
    kb = OUT / f"kb-{args.entities}x{args.claims}"
    counts = build(kb, args.entities, args.claims, args.sources)
    files = sorted(kb.glob("*/*.yaml"))
    size = sum(f.stat().st_size for f in files)
    print(
        f"corpus: {len(files):,} files, {size / 1e6:.1f} MB of YAML, {counts['claims']:,} claims, "
        f"{2 * counts['claims']:,} quotes, {counts['sources']} sources"
    )
    time.sleep(2.1)  # files this new are hashed rather than trusted by stat (racy-git rule)
    command = [spyglass(), "--kb", str(kb), "validate"]
    rows = []
    cold = []
    for _ in range(3):
        cache = tempfile.mkdtemp(prefix="spyglass-bench-")
        cold.append(timed(command, {"SPYGLASS_CACHE_DIR": cache}))
        shutil.rmtree(cache)
    cold_time = sorted(cold)[1]
    cache = tempfile.mkdtemp(prefix="spyglass-bench-")
    timed(command, {"SPYGLASS_CACHE_DIR": cache})
    warm = timed(command, {"SPYGLASS_CACHE_DIR": cache}, runs=5)
    edited = kb / "agencies" / "agency-1.yaml"
    edited.write_text(edited.read_text().replace("summary: A synthetic", "summary: An edited synthetic"))
    one_edit = timed(command, {"SPYGLASS_CACHE_DIR": cache})
    shutil.rmtree(cache)
    rows += [
        ("spyglass validate, cold (empty cache)", cold_time, "YAML, schema, references, every quote proved"),
        ("spyglass validate, nothing changed", warm, f"{cold_time / warm:.0f}x faster than cold"),
        ("spyglass validate, one file edited", one_edit, "re-reads one file, re-runs the cross-file checks"),
    ]
    if not args.no_check_jsonschema and shutil.which("check-jsonschema"):
        total = 0.0
        for folder, kind in KIND_FOLDERS.items():
            paths = [str(p) for p in sorted((kb / folder).glob("*.yaml"))]
            total += timed(["check-jsonschema", "--schemafile", str(ROOT / "schemas" / f"{kind}.schema.json"), *paths])
        rows.append(
            ("check-jsonschema, same files, schema only", total, f"spyglass cold is {total / cold_time:.1f}x faster")
        )
    print(table(rows))


if __name__ == "__main__":
    main()
