"""The built site in headless Chromium from file://: claims, highlights, search, safety, links and axe."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from site_records import add_hostile

from conftest import VALID

CHROMIUM = Path("/usr/lib/chromium/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
ARGS += ["--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no browser: {CHROMIUM} is not installed")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of tests/data/valid plus a record full of markup, built once."""
    from spyglass.site.build import build_site

    root = tmp_path_factory.mktemp("browser") / "kb"
    shutil.copytree(VALID, root)
    add_hostile(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPYGLASS_CACHE_DIR", str(tmp_path_factory.mktemp("browser-cache")))
        built = build_site(root, root.parent / "site")
    assert built.left_out == 0
    return built.folder


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


class Watched:
    """A page whose requests, console errors and script errors are recorded."""

    def __init__(self, browser: Any, dark: bool = False) -> None:
        self.context = browser.new_context(color_scheme="dark" if dark else "light")
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

    def open(self, site: Path, rel: str) -> Any:
        self.page.goto((site / rel).as_uri() if "?" not in rel else (site.as_uri() + "/" + rel))
        return self.page


@pytest.fixture
def watched(browser: Any, site: Path) -> Iterator[Watched]:
    tab = Watched(browser)
    yield tab
    outside = [url for url in tab.requests if not url.startswith(site.as_uri() + "/")]
    assert outside == [], "a request left the site's folder"
    assert tab.errors == []
    tab.context.close()


def test_every_claim_and_quote_of_an_entity_is_on_its_page(site: Path, watched: Watched) -> None:
    shown = json.loads((site / "entity" / "boe.json").read_text())
    page = watched.open(site, "entity/boe.html")
    text = " ".join(page.inner_text("main").split())
    claims = shown["aliases"] + shown["claims"] + shown["mentions"]
    assert len(claims) == 4
    for claim in claims:
        assert claim["statement"] in text
        for evidence in claim["evidence"]:
            assert " ".join(evidence["quote"].split()) in text
    assert (
        page.locator(f"#{shown['claims'][0]['id']} .status").inner_text()
        == "Corroborated: independent speakers support it"
    )
    assert "Curator’s summary (the curator’s words, not a quote): A fictional bureau used by the tests." in text


def test_an_evidence_link_lands_on_the_highlighted_passage(site: Path, watched: Watched) -> None:
    page = watched.open(site, "entity/boe.html")
    alias = json.loads((site / "entity" / "boe.json").read_text())["aliases"][0]
    page.locator(f"#{alias['id']} a.passage").click()
    page.wait_for_load_state()
    assert page.url.endswith("source/gazette.html#q94-124")
    landed = page.evaluate(
        """() => {
        const target = document.querySelector(':target');
        const mark = target.nextElementSibling;
        const box = mark.getBoundingClientRect();
        return [target.className, mark.tagName, mark.textContent, box.top >= 0 && box.bottom <= innerHeight];
    }"""
    )
    assert landed == ["qa", "MARK", "the Bureau of Examples, or BoE", True]
    page.click("a.qa:target")
    assert page.locator(":target li a").all_inner_texts() == [
        "Bureau of Examples: The Bureau of Examples is called BoE."
    ]


@pytest.mark.parametrize(
    ("query", "first"), [("Bureau of Examples", "Bureau of Examples"), ("BoE", "Bureau of Examples")]
)
def test_search_from_a_folder_finds_an_entity_by_name_and_by_alias(
    site: Path, watched: Watched, query: str, first: str
) -> None:
    page = watched.open(site, "index.html")
    page.fill("#q", query)
    page.press("#q", "Enter")
    page.wait_for_selector("#names li")
    assert page.locator("#names li a").first.inner_text() == first
    assert page.locator("#status").inner_text().startswith("1 name and ")


def test_search_ranks_exact_names_first_and_finds_quotes(site: Path, watched: Watched) -> None:
    page = watched.open(site, "search.html?q=ministry")
    names = page.locator("#names li a").all_inner_texts()
    assert names[0] == "Ministry"
    claims = page.locator("#claims li").all_inner_texts()
    assert any(
        "Officials of the Ministry confirmed that the Bureau of Examples watches the harbour" in c for c in claims
    )


def test_markup_in_records_shows_as_text_and_runs_nothing(site: Path, watched: Watched) -> None:
    for rel in ("entity/script-unit.html", "source/markup.html", "target.html", "search.html?q=pwned"):
        page = watched.open(site, rel)
        assert page.evaluate("window.pwned") is None
        assert page.locator("main script, main img, main b").count() == 0
    page = watched.open(site, "entity/script-unit.html")
    assert page.locator("h1").inner_text() == "<script>window.pwned = 1</script> unit"
    assert "{{ 7*7 }}" in page.inner_text(".statement")


def test_every_page_loads_without_errors_or_outside_requests(site: Path, watched: Watched) -> None:
    for page in sorted(site.rglob("*.html")):
        watched.open(site, page.relative_to(site).as_posix())
    assert len(watched.requests) > 20


@pytest.mark.parametrize("dark", [False, True])
def test_axe_finds_nothing_serious(browser: Any, site: Path, dark: bool) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tab = Watched(browser, dark=dark)
    found = {}
    for rel in (
        "index.html",
        "agency.html",
        "entity/boe.html",
        "source/gazette.html",
        "timeline.html",
        "search.html?q=BoE",
    ):
        result = Axe().run(tab.open(site, rel))
        serious = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        found[rel] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    tab.context.close()
    assert found == {rel: [] for rel in found}
    assert os.environ.get("SPYGLASS_CACHE_DIR")
