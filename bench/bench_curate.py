"""The curator's loop: `source add` of a 1 MB HTML page and a 100-page PDF, `new` and `quote` at 5,000 entities.

    python bench/bench_curate.py [--entities 5000] [--claims 10] [--sources 500] [--runs 5]

Writes into bench/out/ an invented 1 MB article page (navigation, scripts, a cookie banner and a
footer around its <article>) and a 100-page PDF with a text layer (fpdf2), then times the installed
console script end to end: `source add` of each into a fresh copy of records/, beside the extraction
alone in this process (read_document), so that the table shows what is extraction and what is
Spyglass, and beside trafilatura's own CLI on the page; then, on a synthetic knowledge base, `new`
(first after the index is built, then the median with the record deleted between runs), `new` on
an entity's name, `new` citing a source just added, and `quote`, beside `grep -n` for the same
passage (what a user would do instead).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import OUT, ROOT, compile_bytecode, spyglass, table, timed
from synthetic import WORDS, build

NAMES = ["Ministry of Harbours", "Bureau Nine", "Colonel Arvid Teller", "the Quiet Station", "Office Grey"]


def prose(rng: random.Random, sentences: int) -> list[str]:
    """Invented sentences of the house words, an invented name now and then."""
    out = []
    for _ in range(sentences):
        words = rng.choices(WORDS, k=rng.randint(12, 22))
        if rng.random() < 0.3:
            words.insert(rng.randint(0, len(words)), rng.choice(NAMES))
        line = " ".join(words)
        out.append(line[0].upper() + line[1:] + ".")  # not capitalize(): it would lower the names
    return out


def make_html(path: Path, size: int = 1_000_000) -> None:
    """An article page of about `size` bytes: a third chrome and scripts, the rest the article."""
    rng = random.Random(11)
    nav = "".join(f'<li><a href="/section/{n}">{" ".join(rng.choices(WORDS, k=2))}</a></li>' for n in range(600))
    script = "".join(f'var {w}{n} = "{" ".join(rng.choices(WORDS, k=12))}";\n' for n, w in enumerate(WORDS * 60))
    paragraphs: list[str] = []
    body = 0
    while body < size * 2 // 3:
        paragraph = f"<p>{' '.join(prose(rng, 6))}</p>\n"
        if len(paragraphs) % 25 == 0:
            paragraph = f"<h2>{' '.join(rng.choices(WORDS, k=4)).capitalize()}</h2>\n" + paragraph
        paragraphs.append(paragraph)
        body += len(paragraph)
    footer = "".join(f'<a href="/about/{n}">{rng.choice(WORDS)}</a> ' for n in range(800))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>The harbour network, inside out | The Bench Gazette</title>
<meta property="og:site_name" content="The Bench Gazette">
<meta property="og:title" content="The harbour network, inside out">
<meta name="author" content="Ada Invented">
<meta property="article:published_time" content="2024-05-17T08:00:00Z">
<script>{script}</script>
</head><body>
<div id="cookie-banner" class="cookie consent"><p>We use cookies to improve your experience.
<button>Accept all</button> <button>Reject</button></p></div>
<header><nav class="menu"><ul>{nav}</ul></nav></header>
<main><article>
<h1>The harbour network, inside out</h1>
<p class="byline">By Ada Invented</p>
{"".join(paragraphs)}</article></main>
<aside class="related"><ul>{nav[: len(nav) // 4]}</ul></aside>
<footer><p>Copyright The Bench Gazette.</p>{footer}</footer>
<script>{script[: len(script) // 2]}</script>
</body></html>
"""
    path.write_text(page, encoding="utf-8")


def make_pdf(path: Path, pages: int = 100) -> None:
    """A report of `pages` pages of invented text, with a text layer and its own title, author and date."""
    from datetime import UTC, datetime

    from fpdf import FPDF

    rng = random.Random(13)
    pdf = FPDF()
    pdf.set_title("Annual review of the harbour network")
    pdf.set_author("Bench Review Board")
    pdf.set_creation_date(datetime(2023, 11, 2, tzinfo=UTC))
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for number in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"Page {number + 1}. " + " ".join(prose(rng, 26)))
    pdf.output(str(path))


def extraction(path: Path, runs: int) -> tuple[float, float]:
    """read_document on the file's bytes in this process: (the first call, its imports included; the median after)."""
    raw = path.read_bytes()
    start = time.perf_counter()
    from spyglass.curate.extract import read_document

    read_document(raw, path.name)
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_document(raw, path.name)
        times.append(time.perf_counter() - start)
    return first, statistics.median(times)


def source_add(document: Path, runs: int) -> float:
    """The median time of `spyglass source add` of the document, each run on a fresh copy of records/."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="spyglass-bench-") as scratch:
            kb = Path(scratch) / "kb"
            shutil.copytree(ROOT / "records", kb)
            env = {"SPYGLASS_CACHE_DIR": str(Path(scratch) / "cache"), "NO_COLOR": "1"}
            times.append(timed([spyglass(), "--kb", str(kb), "source", "add", str(document), "--id", "bench"], env))
    return statistics.median(times)


def has_yaml_option() -> bool:
    """Whether this checkout's `quote` has --yaml (added in parallel by another change)."""
    shown = subprocess.run([spyglass(), "quote", "--help"], capture_output=True, text=True, check=False)
    return "--yaml" in shown.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--claims", type=int, default=10)
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_bytecode()
    OUT.mkdir(parents=True, exist_ok=True)
    page, report = OUT / "page.html", OUT / "report.pdf"
    make_html(page)
    make_pdf(report)
    print(
        f"documents: {page.name} {page.stat().st_size / 1e6:.2f} MB, {report.name} {report.stat().st_size / 1e6:.2f} MB"
    )
    rows = []
    for label, document in (("1 MB HTML page", page), ("100-page PDF", report)):
        ours = source_add(document, args.runs)
        first, warm = extraction(document, args.runs)
        rows.append(
            (
                f"spyglass source add, {label}",
                ours,
                f"extraction alone, in-process (read_document): {first * 1000:.0f} ms first with its imports, "
                f"{warm * 1000:.0f} ms after; the rest (start-up, checks, writes): {(ours - first) * 1000:.0f} ms",
            )
        )
    trafilatura = Path(sys.executable).parent / "trafilatura"
    alone = timed(["sh", "-c", f'"{trafilatura}" --precision < "{page}" > /dev/null'], runs=args.runs)
    rows.append(("trafilatura's own CLI, the same page", alone, "instead: the text only; the record written by hand"))

    kb = OUT / f"kb-{args.entities}x{args.claims}"
    counts = build(kb, args.entities, args.claims, args.sources)
    print(f"corpus: {counts['entities']:,} entities, {counts['claims']:,} claims, {counts['sources']} sources")
    time.sleep(2.1)  # files this new are hashed rather than trusted by stat (racy-git rule)
    cache = tempfile.mkdtemp(prefix="spyglass-bench-")
    env = {"SPYGLASS_CACHE_DIR": cache, "NO_COLOR": "1"}
    base = [spyglass(), "--kb", str(kb)]
    built = timed([*base, "search", "embassy"], env)
    rows.append(("index build (first command on an empty cache)", built, "once per cache; not part of the loop"))
    timed([*base, "search", "embassy"], env)  # settles the racy window of the build

    text = (kb / "sources" / "source-3.txt").read_text(encoding="utf-8")
    written = kb / "targets" / "embassy.yaml"
    new = [*base, "new", "target", "Embassy", "--source", "source-3"]  # a word of the text that no entity is named
    first = timed(new, env)
    written.unlink()
    again = []
    for _ in range(args.runs):
        again.append(timed(new, env))
        written.unlink()
    rows.append(("spyglass new target Embassy --source source-3, first after the build", first, ""))
    rows.append(("spyglass new, again (the record deleted between runs)", statistics.median(again), ""))
    name = (kb / "agencies" / "agency-3.yaml").read_text(encoding="utf-8").split("\nname: ")[1].split("\n")[0]
    same = [*base, "new", "agency", name, "--source", "source-3", "--id", "bench-new"]
    named = []
    for _ in range(args.runs):
        named.append(timed(same, env))
        (kb / "agencies" / "bench-new.yaml").unlink()
    rows.append((f"spyglass new agency {name!r} (an entity's name)", statistics.median(named), "warns: a duplicate?"))

    after_add = []
    for n in range(args.runs):
        timed([*base, "source", "add", str(page), "--id", f"bench-page-{n}"], env)
        after_add.append(timed([*base, "new", "agency", "Bureau Nine", "--source", f"bench-page-{n}"], env))
        (kb / "agencies" / "bureau-nine.yaml").unlink()
    rows.append(
        ("spyglass new, citing a source just added", statistics.median(after_add), "the index takes in one text")
    )
    for n in range(args.runs):
        for suffix in (".txt", ".yaml", ".orig.html"):
            (kb / "sources" / f"bench-page-{n}{suffix}").unlink()
    timed([*base, "search", "embassy"], env)  # the index forgets the pages again

    passage = text.split("\n")[0].split(". ")[1]  # the second sentence of the first paragraph
    yaml = has_yaml_option()
    quote = [*base, "quote", "source-3", passage, *(["--yaml"] if yaml else [])]
    ours = timed(quote, env, runs=args.runs)
    grep = timed(["grep", "-n", "-F", passage, str(kb / "sources" / "source-3.txt")], runs=args.runs)
    shown = "spyglass quote SOURCE TEXT --yaml" if yaml else "spyglass quote SOURCE TEXT (no --yaml in this checkout)"
    rows.append((shown, ours, f"grep -n -F for the passage in the archived text: {grep * 1000:.0f} ms"))
    typer = timed([sys.executable, "-c", "import typer"], runs=args.runs)
    rows.append(("python -c 'import typer'", typer, "the floor of any typer command"))
    shutil.rmtree(cache)
    print(table(rows))


if __name__ == "__main__":
    main()
