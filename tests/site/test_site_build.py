"""`spyglass site`: the pages it writes, what it leaves out, what it refuses, and rebuilding only what changed."""

from __future__ import annotations

import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from site_records import HOSTILE_STATEMENT, add_hostile
from typer.testing import CliRunner

from spyglass.cli.app import app
from spyglass.site.passages import passage_id, runs
from spyglass.site.words import date_in_words

runner = CliRunner()


def build(kb: Path, out: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["--kb", str(kb), "site", "--out", str(out)])
    return result.exit_code, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_builds_every_page_and_says_what_it_built(kb: Path, tmp_path: Path) -> None:
    code, stderr = build(kb, tmp_path / "site")
    assert code == 0
    assert (
        stderr
        == f"built 25 pages (25 written, 0 removed) for 6 entities, 1 sources and 11 claims in {tmp_path / 'site'}\n"
    )
    files = set(snapshot(tmp_path / "site"))
    for name in ("index.html", "agency.html", "sources.html", "timeline.html", "search.html", "assets/search-index.js"):
        assert name in files
    assert {"entity/boe.html", "entity/boe.json", "source/gazette.html"} <= files


def test_the_same_records_give_the_same_bytes(kb: Path, tmp_path: Path) -> None:
    build(kb, tmp_path / "one")
    copy = tmp_path / "elsewhere"
    shutil.copytree(kb, copy)
    build(copy, tmp_path / "two")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_rebuild_writes_only_the_pages_that_changed(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(kb, out)
    before = snapshot(out)
    code, stderr = build(kb, out)
    assert (code, stderr.split(" for ")[0]) == (0, "built 25 pages (0 written, 0 removed)")
    ministry = kb / "agencies" / "ministry.yaml"
    ministry.write_text(ministry.read_text().replace("a report about the bureau", "a report"), encoding="utf-8")
    code, stderr = build(kb, out)
    changed = {name for name, data in snapshot(out).items() if before.get(name) != data}
    # the ministry's page and JSON, the source page quoting it, the search index, and the record of the build
    assert changed == {
        "entity/ministry.html",
        "entity/ministry.json",
        "source/gazette.html",
        "assets/search-index.js",
        ".spyglass-site.json",
    }
    assert stderr.startswith("built 25 pages (4 written, 0 removed)")


def test_a_removed_record_takes_its_pages_away(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "notes.txt").parent.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / ".spyglass-site.json").write_text('{"pages": {}}', encoding="utf-8")
    build(kb, out)
    (kb / "people" / "rivera.yaml").unlink()
    code, stderr = build(kb, out)
    assert code == 0
    assert " 3 removed)" in stderr  # its page, its JSON, and the list of people, now empty
    assert not (out / "person.html").exists()
    assert not (out / "entity" / "rivera.html").exists()
    assert not (out / "entity" / "rivera.json").exists()
    assert (out / "notes.txt").read_text() == "mine"  # only pages it built itself are ever removed


def test_a_claim_with_an_error_is_left_out_and_counted(kb: Path, tmp_path: Path) -> None:
    ministry = kb / "agencies" / "ministry.yaml"
    ministry.write_text(
        ministry.read_text()
        + "  - predicate: states\n    statement: The Ministry has a secret garden.\n    evidence:\n"
        + "      - source: gazette\n        quote: the secret garden of the Ministry\n",
        encoding="utf-8",
    )
    code, stderr = build(kb, tmp_path / "site")
    assert code == 0
    assert stderr.endswith("; 1 claim(s) left out because they have errors (run: spyglass validate)\n")
    page = (tmp_path / "site" / "entity" / "ministry.html").read_text()
    assert "secret garden" not in page
    assert "Officials of the Ministry confirmed a report about the bureau." in page
    home = (tmp_path / "site" / "index.html").read_text()
    assert "Valid claims: 11 (1 left out: they have errors; run <code>spyglass validate</code>)" in home


def test_markup_and_template_code_in_records_stay_text(kb: Path, tmp_path: Path) -> None:
    add_hostile(kb)
    code, _ = build(kb, tmp_path / "site")
    assert code == 0
    page = (tmp_path / "site" / "entity" / "script-unit.html").read_text()
    assert "<script>window" not in page and "<img" not in page
    assert HOSTILE_STATEMENT.replace("<", "&lt;").replace(">", "&gt;") in page
    assert "{{ 7*7 }}" in page and "49" not in page
    source = (tmp_path / "site" / "source" / "markup.html").read_text()
    assert "<b>noon" not in source and "&lt;b&gt;noon" in source


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "{kb}/site"], "overlaps the knowledge base"),
        (["--out", "{tmp}/full"], "is not empty and holds no Spyglass site"),
        (["--out", "{tmp}/file"], "is not a folder; a site is a folder of pages"),
        (["--out", "{tmp}/no/such/site"], "no folder"),
    ],
)
def test_refuses_a_folder_it_could_damage(kb: Path, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "thesis.tex").write_text("mine", encoding="utf-8")
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    records = snapshot(kb)
    filled = [a.format(kb=kb, tmp=tmp_path) for a in args]
    result = runner.invoke(app, ["--kb", str(kb), "site", *filled])
    assert result.exit_code == 2
    assert result.stderr.startswith("spyglass: error: ") and message in result.stderr
    assert "\n  hint: " in result.stderr
    assert snapshot(kb) == records
    assert (tmp_path / "full" / "thesis.tex").read_text() == "mine"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) and tag != "blockquote":
                self.links.append(values[name] or "")
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.csp = values.get("content") or ""


def test_every_internal_link_and_anchor_resolves_and_every_page_has_a_policy(kb: Path, tmp_path: Path) -> None:
    add_hostile(kb)
    out = tmp_path / "site"
    build(kb, out)
    parsed: dict[Path, _Links] = {}
    for page in out.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        parsed[page.resolve()] = parser
    checked = 0
    for page, parser in parsed.items():
        assert parser.csp.startswith("default-src 'none'"), page
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme:  # only a source's original may point outside, and only as a link
                assert parts.scheme in ("http", "https") and 'rel="noreferrer noopener external"' in page.read_text()
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.name}: {link}"
            assert target.is_relative_to(out.resolve())
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in parsed[target].ids, f"{page.name}: {link}"
            checked += 1
    assert checked > 300


def test_passages_overlap_and_ellipsis_quotes_cut_the_text_in_runs() -> None:
    text = "one two three four five"
    full, inner, gapped = ((0, 13),), ((4, 9),), ((4, 7), (14, 18))
    cut = runs(text, [full, inner, gapped])
    assert [(r.text, r.marks, r.starts) for r in cut] == [
        ("one ", (0,), [0]),
        ("two", (0, 1, 2), [1, 2]),
        (" t", (0, 1), []),
        ("hree", (0,), []),
        (" ", (), []),
        ("four", (2,), []),
        (" five", (), []),
    ]
    assert "".join(r.text for r in cut) == text
    assert passage_id(full) == "q0-13"
    assert re.fullmatch(r"q4-18-[0-9a-f]{6}", passage_id(gapped))


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("2009-03-19", "19 March 2009"),
        ("2004?", "possibly 2004"),
        ("198X", "some year from 1980 to 1989"),
        ("2003/2005", "from 2003 to 2005"),
        ("../2004", "until 2004"),
        ("2010/", "from 2010 (end unknown)"),
        ("2001-21~", "about spring 2001"),
    ],
)
def test_dates_are_written_out_with_their_uncertainty(date: str, words: str) -> None:
    assert date_in_words(date) == words


def test_every_page_is_found_offline_and_the_json_is_the_show_shape(kb: Path, tmp_path: Path) -> None:
    import json

    build(kb, tmp_path / "site")
    shown = json.loads((tmp_path / "site" / "entity" / "boe.json").read_text())
    assert sorted(shown) == [
        "aliases",
        "claims",
        "further_reading",
        "id",
        "kind",
        "mentions",
        "name",
        "said",
        "summary",
    ]
    assert [c["value"] for c in shown["aliases"]] == ["BoE"]
    assert [c["predicate"] for c in shown["claims"]] == ["targets", "uses"]
    assert [c["subject"] for c in shown["mentions"]] == ["rivera"]
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text()
        assert (
            not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html.replace('rel="noreferrer', ""))
            or page.parent.name == "source"
        )
    digest = hashlib.sha256((tmp_path / "site" / "assets" / "site.css").read_bytes()).hexdigest()
    assert digest == hashlib.sha256(Path("src/spyglass/site/assets/site.css").read_bytes()).hexdigest()


def test_claims_citing_a_source_whose_text_is_not_pinned_are_left_out(kb: Path, tmp_path: Path) -> None:
    text = kb / "sources" / "gazette.txt"
    text.write_text(text.read_text() + "\nA line added after the text was pinned.\n", encoding="utf-8")
    code, stderr = build(kb, tmp_path / "site")
    assert code == 0
    assert "for 6 entities, 1 sources and 0 claims" in stderr
    assert stderr.endswith("; 11 claim(s) left out because they have errors (run: spyglass validate)\n")
    assert "Officials of the Ministry confirmed" not in (tmp_path / "site" / "entity" / "ministry.html").read_text()


def test_a_full_build_on_forked_workers_gives_the_same_bytes(
    kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spyglass.site import render
    from spyglass.site.build import build_site

    build_site(kb, tmp_path / "one", workers=1)
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "CHUNK", 2)
    built = build_site(kb, tmp_path / "two", workers=2)
    assert built.written == 25
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_the_neighbourhood_is_drawn_around_the_entity_with_labels_clear_of_nodes() -> None:
    from spyglass.site.graph import MAX_DRAWN, Link, draw

    links = [Link("targets", True, f"t-{n:02d}", f"Target {n}", "target", f"#c{n}") for n in range(MAX_DRAWN + 3)]
    drawing = draw([*links, links[0]])  # a neighbour linked twice is drawn once
    assert len(drawing.nodes) == MAX_DRAWN and drawing.hidden == 3
    top, bottom = drawing.nodes[0], drawing.nodes[MAX_DRAWN // 2]
    assert (top.id, top.x, top.y, top.anchor, top.label_y) == ("t-00", 210.0, 60.0, "middle", 44.0)
    assert (bottom.anchor, bottom.label_y) == ("middle", 386.0)
    assert all(n.anchor == "start" for n in drawing.nodes[1 : MAX_DRAWN // 2 - 1])


def test_a_second_claim_with_a_written_id_is_left_out_as_validate_rejects_it(kb: Path, tmp_path: Path) -> None:
    for name in ("boe.yaml", "ministry.yaml"):
        record = kb / "agencies" / name
        text = record.read_text()
        at = text.index("  - predicate:")
        record.write_text(text[:at] + text[at:].replace("  - predicate:", "  - id: one-claim\n    predicate:", 1))
    code, stderr = build(kb, tmp_path / "site")
    assert code == 0
    assert stderr.endswith("; 1 claim(s) left out because they have errors (run: spyglass validate)\n")
    pages = [(tmp_path / "site" / "entity" / f"{e}.html").read_text() for e in ("boe", "ministry")]
    assert sum(page.count('id="one-claim"') for page in pages) == 1
