"""Queries at 100,000 claims: `spyglass search` end to end against `grep -ril`, and the index's costs.

    python bench/bench_query.py [--entities 10000] [--claims 10] [--sources 1000]

Measures in one run: the index build (the first query on an empty cache), a refresh after one
file changed, the in-process query time, `spyglass search` end to end against `grep -ril` over the
same YAML (what a user would do instead), and `spyglass show MSS` on the shipped records against
`python -c "import typer"`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import OUT, ROOT, compile_bytecode, spyglass, table, timed
from synthetic import build

QUERIES = [
    ("a rare name", "Agency 4321", "agency 4321"),
    ("a common word", "embassy", "embassy"),
    ("two words", "courier embassy", "courier"),
]


def in_process(kb: Path, cache: str, query: str) -> tuple[float, float]:
    """(open + refresh with nothing changed, one search) in ms, medians of many, in this process."""
    os.environ["SPYGLASS_CACHE_DIR"] = cache
    from spyglass.index.database import open_index
    from spyglass.query.search import search

    opens, searches = [], []
    for _ in range(20):
        start = time.perf_counter()
        connection, _ = open_index(kb)
        opens.append(time.perf_counter() - start)
        start = time.perf_counter()
        search(connection, query)
        searches.append(time.perf_counter() - start)
        connection.close()
    return statistics.median(opens), statistics.median(searches)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=10)
    parser.add_argument("--sources", type=int, default=1000)
    args = parser.parse_args()
    compile_bytecode()
    kb = OUT / f"kb-{args.entities}x{args.claims}"
    counts = build(kb, args.entities, args.claims, args.sources)
    size = sum(f.stat().st_size for f in kb.glob("*/*.yaml"))
    print(f"corpus: {counts['entities']:,} entities, {counts['claims']:,} claims, {size / 1e6:.1f} MB of YAML")
    time.sleep(2.1)  # past the racy window, as files usually are
    cache = tempfile.mkdtemp(prefix="spyglass-bench-")
    env = {"SPYGLASS_CACHE_DIR": cache, "NO_COLOR": "1"}
    command = [spyglass(), "--kb", str(kb)]
    rows = [("index build (first query, empty cache)", timed([*command, "search", "embassy"], env), "")]
    timed([*command, "search", "embassy"], env)  # settles the racy window of the build
    edited = kb / "agencies" / "agency-7.yaml"
    edited.write_text(edited.read_text().replace("summary: A synthetic", "summary: An edited synthetic"))
    refresh = timed([*command, "search", "embassy"], env)
    rows.append(
        ("refresh after one file changed, then search", refresh, f"{rows[0][1] / refresh:.0f}x less than a build")
    )
    time.sleep(2.1)
    timed([*command, "search", "embassy"], env)
    for label, words, grep_word in QUERIES:
        ours = timed([*command, "search", words], env, runs=10)
        grep = timed(["grep", "-ril", grep_word, str(kb)], runs=10, ok=(0, 1))
        rows.append((f"spyglass search, {label} ({words!r})", ours, f"grep -ril {grep_word!r}: {grep * 1000:.0f} ms"))
    opened, searched = in_process(kb, cache, "embassy")
    rows.append(("in-process: open the index, nothing changed", opened, "stats every record file and text"))
    rows.append(("in-process: one search ('embassy')", searched, "FTS5 with bm25 and highlight"))
    shipped = {"SPYGLASS_CACHE_DIR": cache, "NO_COLOR": "1"}
    timed([spyglass(), "--kb", str(ROOT / "records"), "show", "MSS"], shipped)
    show = timed([spyglass(), "--kb", str(ROOT / "records"), "show", "MSS"], shipped, runs=10)
    typer = timed([sys.executable, "-c", "import typer"], runs=10)
    rows.append(
        (
            "spyglass show MSS (shipped records)",
            show,
            f"python -c 'import typer': {typer * 1000:.0f} ms ({show / typer:.1f}x)",
        )
    )
    shutil.rmtree(cache)
    print(table(rows))


if __name__ == "__main__":
    main()
