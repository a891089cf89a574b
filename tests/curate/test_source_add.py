"""`spyglass source add`: a document archived as a source in one step; bad input changes nothing."""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

import pytest
from fpdf import FPDF
from typer.testing import CliRunner

from spyglass.cli.app import app
from spyglass.kb.yaml_loader import load_yaml_bytes
from spyglass.validate.run import validate_kb

PAGE = """<!doctype html>
<html lang="en"><head><title>Harbour bureau recruits dock workers | The Example Gazette</title>
<meta name="author" content="Ann Writer">
<meta property="og:site_name" content="The Example Gazette">
<meta property="article:published_time" content="2021-04-07T09:00:00Z">
<meta property="og:title" content="Harbour bureau recruits dock workers">
<link rel="canonical" href="https://gazette.example/harbour-bureau">
<script>var tracking = "a script the archive must not keep";</script>
</head><body>
<div id="cookie-banner">We use cookies. Accept all cookies?</div>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Harbour bureau recruits dock workers</h1>
<p>The Bureau of Examples recruits dock workers who travel abroad, officials of the Ministry of Samples said on Tuesday.</p>
<p>Jane Q. Example, a former clerk at the bureau, said the recruiting began in 2019. "We saw it every week," she said.</p>
<p>Mr. Rivera of the U.S. Coast Office declined to comment on the report, No. 7 of the series.</p>
</article>
<footer>Copyright 2021 The Example Gazette. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>
"""
ARTICLE = (
    "Harbour bureau recruits dock workers\n\n"
    "The Bureau of Examples recruits dock workers who travel abroad, officials of the Ministry of Samples said on "
    "Tuesday.\n\n"
    'Jane Q. Example, a former clerk at the bureau, said the recruiting began in 2019. "We saw it every week," she '
    "said.\n\n"
    "Mr. Rivera of the U.S. Coast Office declined to comment on the report, No. 7 of the series."
)


def add(kb: Path, *args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--kb", str(kb), "source", "add", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


def made_pdf(tmp_path: Path, *pages: str) -> Path:
    pdf = FPDF()
    pdf.set_title("Report on the harbour bureau")
    pdf.set_author("Office of Examples")
    pdf.set_creation_date(datetime.datetime(2022, 3, 4, tzinfo=datetime.UTC))
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text)
    path = tmp_path / "report.pdf"
    path.write_bytes(bytes(pdf.output()))
    return path


def test_an_html_page_becomes_its_article_and_a_source_record(kb: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    code, out, _ = add(kb, str(page), "--id", "harbour-report", "--reliability", "B")
    assert code == 0
    text = kb / "sources" / "harbour-report.txt"
    assert text.read_text() == ARTICLE  # no menu, script, cookie banner or footer
    record = load_yaml_bytes((kb / "sources" / "harbour-report.yaml").read_bytes(), "x").data
    assert record == {
        "id": "harbour-report",
        "type": "web-page",
        "title": "Harbour bureau recruits dock workers",
        "authors": ["Ann Writer"],
        "publisher": "The Example Gazette",
        "published": "2021-04-07",
        "url": "https://gazette.example/harbour-bureau",
        "text": "harbour-report.txt",
        "sha256": hashlib.sha256(ARTICLE.encode()).hexdigest(),
        "reliability": "B",
    }
    assert (kb / "sources" / "harbour-report.orig.html").read_text() == PAGE
    assert out.splitlines()[0] == (f"archived {text} ({len(ARTICLE):,} characters, 5 sentences) from page.html (html)")
    assert f"next: spyglass --kb {kb} new KIND" in out
    record_path = kb / "sources" / "harbour-report.yaml"
    assert f"no licence recorded: add one to {record_path} (licence: ...), or give --licence next time" in out
    report = validate_kb(kb)
    assert [d.code for d in report.diagnostics] == ["SG502"]  # no claim cites it yet: a warning, no error


def test_options_override_what_the_document_says(kb: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    code, out, _ = add(
        kb,
        str(page),
        "--id",
        "harbour",
        "--title",
        "Dock workers",
        "--author",
        "B. One",
        "--author",
        "C. Two",
        "--published",
        "2021-04",
        "--type",
        "news-article",
        "--licence",
        "all rights reserved",
        "--json",
    )
    assert code == 0
    shown = json.loads(out)
    assert {k: shown["source"][k] for k in ("title", "authors", "published", "type", "licence")} == {
        "title": "Dock workers",
        "authors": ["B. One", "C. Two"],
        "published": "2021-04",
        "type": "news-article",
        "licence": "all rights reserved",
    }
    assert (shown["form"], shown["sentences"]) == ("html", 5)  # "Q." is an initial


def test_a_pdf_gives_its_text_layer_and_metadata(kb: Path, tmp_path: Path) -> None:
    pdf = made_pdf(tmp_path, "The Bureau of Examples recruits dock workers.", "Kenneth L. Parker said so.")
    code, out, _ = add(kb, str(pdf), "--id", "office-report", "--json")
    assert code == 0
    shown = json.loads(out)
    assert (kb / "sources" / "office-report.txt").read_text() == (
        "The Bureau of Examples recruits dock workers.\n\nKenneth L. Parker said so."
    )
    assert {k: shown["source"].get(k) for k in ("title", "authors", "published", "type")} == {
        "title": "Report on the harbour bureau",
        "authors": ["Office of Examples"],
        "published": "2022-03-04",
        "type": "report",
    }
    assert (kb / "sources" / "office-report.orig.pdf").read_bytes() == pdf.read_bytes()
    assert shown["sentences"] == 2  # "L." is an initial, not a sentence end


def test_plain_text_from_standard_input(kb: Path) -> None:
    code, _, _ = add(kb, "-", "--id", "notes", "--title", "Notes", stdin="\ufeffOne line.\r\nTwo lines.\r\n".encode())
    assert code == 0
    assert (kb / "sources" / "notes.txt").read_bytes() == b"One line.\nTwo lines."
    assert not (kb / "sources" / "notes.orig.html").exists()


@pytest.mark.parametrize(
    ("make", "args", "code", "message"),
    [
        (None, ["missing.html", "--id", "x"], 2, "spyglass: error: no such file: missing.html"),
        ("folder", ["--id", "x"], 2, "is a folder, not a document"),
        ("binary", ["--id", "x"], 1, "is a binary file, not text"),
        ("image", ["--id", "x"], 1, "is not a document Spyglass can read"),
        ("latin1", ["--id", "x", "--title", "T"], 1, "is not UTF-8 text (byte 3 cannot be read)"),
        ("scan", ["--id", "x"], 1, "has no text layer (a scan, or images of pages)"),
        ("empty-page", ["--id", "x"], 1, "has no article text that Spyglass can find"),
        ("huge", ["--id", "x", "--title", "T"], 1, "over the limit of 67,108,864"),
        ("page", ["--id", "Not A Slug"], 2, "'Not A Slug' is not an id"),
        ("page", ["--id", "gazette"], 1, "source 'gazette' exists already"),
        ("untitled", ["--id", "x"], 2, "the document has no title of its own"),
        ("page", ["--id", "x", "--published", "2021-02-30"], 2, "--published: '2021-02-30' is not a date"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    kb: Path, tmp_path: Path, make: str | None, args: list[str], code: int, message: str
) -> None:
    path = tmp_path / "input"
    if make == "folder":
        path.mkdir()
    elif make == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    elif make == "image":
        path = tmp_path / "photo.png"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    elif make == "latin1":
        path = tmp_path / "input.txt"
        path.write_bytes("Caf\xe9 au lait".encode("latin-1"))
    elif make == "scan":
        path = made_pdf(tmp_path, "")
    elif make == "empty-page":
        path = tmp_path / "index.html"
        path.write_text("<!doctype html><html><head><title>Index</title></head><body><nav>Home</nav></body></html>")
    elif make == "huge":
        path = tmp_path / "huge.txt"
        path.write_bytes(b"word " * (64 * 1024 * 1024 // 5 + 1))
    elif make == "untitled":
        path = tmp_path / "untitled.txt"
        path.write_text("A text without a title.")
    elif make == "page":
        path = tmp_path / "page.html"
        path.write_text(PAGE)
    before = tree(kb)
    got, _, err = add(kb, *([str(path)] if make else []), *args)
    assert (got, message in err) == (code, True), err
    assert "Traceback" not in err and "internal error" not in err
    assert err.count("  hint: ") == 1
    assert tree(kb) == before


def test_a_folder_that_is_not_a_knowledge_base_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    code, _, err = add(tmp_path / "nowhere", str(page), "--id", "x")
    assert code == 2
    assert err.startswith("spyglass: error: no knowledge base at ")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(
    ("published", "code"),
    [
        ("2021-04-07", 0),
        ("2021-04", 0),
        ("2021", 0),
        ("2020-02-29", 0),
        ("0000", 0),  # EDTF has a year zero; the calendar shortcut leaves it to EDTF
        ("2021-04-07T10:00:00Z", 0),
        ("2021?", 0),
        ("2019-02-29", 2),
        ("2021-04-31", 2),
        ("2021-13", 2),
        ("2021-00-10", 2),
        ("21-04-07", 2),
        ("\u0662\u0660\u0662\u0661", 2),  # Arabic-Indic digits: int() reads them, EDTF does not
    ],
)
def test_a_published_date_is_judged_as_edtf_judges_it(kb: Path, published: str, code: int) -> None:
    before = tree(kb)
    got, _, err = add(kb, "-", "--id", "notes", "--title", "Notes", "--published", published, stdin=b"One line.")
    if code == 0:
        assert (got, err) == (0, "")
        assert f"published: {json.dumps(published)}\n" in (kb / "sources" / "notes.yaml").read_text()
    else:  # the date's own message, never the model's EDTF pattern
        assert (got, err.splitlines()[0]) == (2, f"spyglass: error: --published: '{published}' is not a date")
        assert tree(kb) == before


def test_a_calendar_date_needs_no_edtf_parser(kb: Path) -> None:
    """A document's own date (YYYY-MM-DD) is checked without loading the EDTF parser (~80 ms)."""
    import subprocess
    import sys

    code = (
        "import sys; from spyglass.cli.app import main; sys.argv = ['spyglass', '--kb', sys.argv[1], 'source', "
        "'add', '-', '--id', 'notes', '--title', 'Notes', '--published', '2021-04-07']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
        "print('edtf' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(kb)], input="One line.", capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr, done.stdout.splitlines()[-1]) == (0, "", "False")
    assert 'published: "2021-04-07"\n' in (kb / "sources" / "notes.yaml").read_text()


def test_an_empty_text_is_refused_as_holding_no_text(kb: Path, tmp_path: Path) -> None:
    empty = tmp_path / "notes.docx"
    empty.write_bytes(b"")
    code, _, err = add(kb, str(empty), "--id", "x", "--title", "T")
    assert (code, err) == (
        1,
        "spyglass: error: notes.docx holds no text\n  hint: Give a document with the text to be quoted.\n",
    )
