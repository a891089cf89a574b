"""The site of the synthetic 5,000 x 10 knowledge base: a full build against a cold validate, and a rebuild.

    python bench/bench_site.py [--entities 5000] [--claims 10] [--no-screenshots]

Targets (issue 12): a full build within 3x a cold `validate` of the same records; a rebuild after one
edit at least 10x faster than the full build. Screenshots of an entity and a source page go to bench/out/.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from pathlib import Path

from common import OUT, compile_bytecode, spyglass, table, timed
from synthetic import build

CHROMIUM = Path("/usr/lib/chromium/chromium")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--claims", type=int, default=10)
    parser.add_argument("--no-screenshots", action="store_true")
    args = parser.parse_args()
    compile_bytecode()
    OUT.mkdir(exist_ok=True)
    kb = OUT / "kb-site"
    counts = build(kb, args.entities, args.claims, 500)
    time.sleep(2.1)  # files this new are hashed rather than trusted by stat (racy-git rule)
    exe = spyglass()
    site = OUT / "site"
    shutil.rmtree(site, ignore_errors=True)
    rows = []
    cache = tempfile.mkdtemp(prefix="spyglass-bench-")
    validate = timed([exe, "--kb", str(kb), "validate"], {"SPYGLASS_CACHE_DIR": cache}, ok=(0, 1))
    rows.append(("spyglass validate, cold (empty cache)", validate, "every quote proved"))
    shutil.rmtree(cache)
    cache = tempfile.mkdtemp(prefix="spyglass-bench-")
    full = timed([exe, "--kb", str(kb), "site", "--out", str(site)], {"SPYGLASS_CACHE_DIR": cache})
    rows.append(("spyglass site, full build (empty cache, new folder)", full, f"{full / validate:.1f}x validate"))
    same = timed([exe, "--kb", str(kb), "site", "--out", str(site)], {"SPYGLASS_CACHE_DIR": cache}, runs=3)
    rows.append(("spyglass site, again (nothing changed)", same, "0 pages written"))
    record = kb / "agencies" / "agency-1.yaml"
    # Two kinds of edit: a summary (its own page changes) and a claim's statement (the pages that show the
    # claim change too, among them the page of agency-0, which speaks in every claim: its JSON holds 50,000).
    for what, pattern, words in (
        ("a record's summary", r"^summary: .*$", "summary: Edit number {n} of a synthetic agency."),
        ("a claim's statement", r"^    statement: .*$", "    statement: Agency 1, edit number {n}."),
    ):
        edits = []
        for n in range(3):
            text = re.sub(pattern, words.format(n=n), record.read_text(), count=1, flags=re.M)
            record.write_text(text, encoding="utf-8")
            edits.append(timed([exe, "--kb", str(kb), "site", "--out", str(site)], {"SPYGLASS_CACHE_DIR": cache}))
        edit = sorted(edits)[1]
        rows.append((f"spyglass site, after editing {what}", edit, f"full build / rebuild = {full / edit:.0f}x"))
    shutil.rmtree(cache)
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    files = sum(1 for p in site.rglob("*") if p.is_file())
    print(
        f"{counts['entities']} entities, {counts['claims']} claims, {counts['sources']} sources: {files} files, {size / 1e6:.0f} MB"
    )
    print(table(rows))
    if not args.no_screenshots and CHROMIUM.exists():
        shoot(site)


def shoot(site: Path) -> None:
    """Screenshots of an entity page and a source page, light and on a phone in dark mode."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        for name, rel, width, scheme in (
            ("site-entity.png", "entity/agency-1.html", 1100, "light"),
            ("site-source.png", "source/source-1.html", 1100, "light"),
            ("site-entity-phone-dark.png", "entity/agency-1.html", 390, "dark"),
        ):
            page = browser.new_page(viewport={"width": width, "height": 1400}, color_scheme=scheme)
            page.goto((site / rel).resolve().as_uri())
            page.screenshot(path=str(OUT / name))
            print(f"screenshot: {OUT / name}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
