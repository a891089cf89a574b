"""A document's text and bibliographic details, from plain text, HTML (the article only) or PDF.

HTML goes through trafilatura, which keeps the article and drops navigation, scripts, cookie
banners and footers; PDF through pypdf. Both are imported only here, when a document is added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import PurePath

from spyglass.errors import SpyglassError

MAX_DOCUMENT = 64 * 1024 * 1024  # bytes of the file a curator adds; an archived text is far smaller
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_TEXT_SUFFIXES = (".txt", ".text", ".md", "")


class UnusableDocument(SpyglassError):
    """A document whose text cannot be archived: binary, empty, scanned without text, too large."""


@dataclass(frozen=True)
class Document:
    """What a document offers: its text, exactly as it will be archived and quoted, and its details."""

    text: str
    form: str  # 'text', 'html' or 'pdf'
    title: str | None = None
    authors: tuple[str, ...] = field(default_factory=tuple)
    publisher: str | None = None
    published: str | None = None  # as the document's own metadata dates it (YYYY-MM-DD or YYYY)
    url: str | None = None


def read_document(raw: bytes, name: str) -> Document:
    """The document in `raw`, read by its form (sniffed from its bytes, then its file name)."""
    if len(raw) > MAX_DOCUMENT:
        raise UnusableDocument(
            f"{name} is {len(raw):,} bytes, over the limit of {MAX_DOCUMENT:,}",
            "Split the document, or add the part that will be quoted.",
        )
    suffix = PurePath(name).suffix.lower()
    head = raw[:2048].lstrip().lower()
    if raw.startswith(b"%PDF-") or suffix == ".pdf":
        return _pdf(raw, name)
    if suffix in _HTML_SUFFIXES or head.startswith((b"<!doctype html", b"<html")):
        return _html(raw, name)
    if suffix in _TEXT_SUFFIXES or _looks_like_text(raw):
        return _plain(raw, name)
    raise UnusableDocument(
        f"{name} is not a document Spyglass can read (its form is not text, HTML or PDF)",
        "Give a .txt, .html or .pdf file; convert other formats to one of them first.",
    )


def _looks_like_text(raw: bytes) -> bool:
    try:
        raw[:65536].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < 65532:  # a character cut at the sample's end is not a decoding error
            return False
    return b"\x00" not in raw[:65536]


def _plain(raw: bytes, name: str) -> Document:
    if b"\x00" in raw:
        raise UnusableDocument(f"{name} is a binary file, not text", "Give a .txt, .html or .pdf file.")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise UnusableDocument(
            f"{name} is not UTF-8 text (byte {exc.start} cannot be read)",
            "Convert it first, e.g.: iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.txt",
        ) from None
    if not text.strip():
        raise UnusableDocument(f"{name} holds no text", "Give a document with the text to be quoted.")
    return Document(_tidy(text), "text")


def _html(raw: bytes, name: str) -> Document:
    import trafilatura

    extracted = trafilatura.bare_extraction(
        raw.decode("utf-8", "replace") if _is_utf8(raw) else raw,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,  # an index page of links and banners yields nothing rather than its menus
        fast=True,
        date_extraction_params={"extensive_search": False, "original_date": True},  # metadata, never a guess
    )
    found = extracted if isinstance(extracted, trafilatura.settings.Document) else None  # not as_dict: an object
    lines = (found.text or "").split("\n") if found is not None else []
    # trafilatura ends each paragraph with one line break; a blank line between them reads (and splits) better
    text = _tidy("\n\n".join(line.strip() for line in lines if line.strip()))
    if found is None or not text:
        raise UnusableDocument(
            f"{name} has no article text that Spyglass can find",
            "Save the page's text as a .txt file, or save the article's own page rather than an index page.",
        )
    authors = tuple(a.strip() for a in re.split(r";|\band\b", found.author or "") if a.strip())
    return Document(text, "html", found.title or None, authors, found.sitename or None, found.date or None, found.url)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False  # trafilatura then finds the page's own encoding
    return True


def _pdf(raw: bytes, name: str) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnusableDocument(f"{name} is an encrypted PDF", "Save an unencrypted copy first.")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnusableDocument(f"{name} is not a readable PDF: {exc}", "Check that the file is a whole PDF.") from None
    text = _tidy("\n\n".join(p.strip() for p in pages if p.strip()))
    if not text:
        raise UnusableDocument(
            f"{name} has no text layer (a scan, or images of pages)",
            "Run OCR on it first (for example: ocrmypdf in.pdf out.pdf), then add the result.",
        )
    title = author = published = None
    if info is not None:
        title = (info.title or "").strip() or None
        author = (info.author or "").strip() or None
        created = info.creation_date_raw if isinstance(info.creation_date_raw, str) else None
        match = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", created or "")
        if match:
            published = "-".join(part for part in match.groups() if part)
    return Document(text, "pdf", title, (author,) if author else (), None, published)


def _tidy(text: str) -> str:
    """Line ends as '\\n' and no white space at either end: the only changes made to a text."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
