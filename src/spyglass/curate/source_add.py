"""`source add`: archive a document as a source in one step, its text and its record written together."""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from spyglass.cache import write_atomically
from spyglass.curate.extract import Document, read_document
from spyglass.errors import SpyglassError, UsageError
from spyglass.kb.files import inside
from spyglass.kb.layout import check_root
from spyglass.kb.yaml_text import yaml_string
from spyglass.model.records import SLUG
from spyglass.text.quotes import sentences

_DEFAULT_TYPE = {"html": "web-page", "pdf": "report", "text": "other"}
_BARE = ("id", "type", "text", "sha256", "reliability")
_ORIGINAL_SUFFIX = {"html": ".orig.html", "pdf": ".orig.pdf"}


class SourceExists(SpyglassError):
    """A source with this id is already in the knowledge base."""


@dataclass(frozen=True)
class SourceFields:
    """What the curator gives on the command line; each overrides what the document says of itself."""

    type: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = field(default_factory=tuple)
    publisher: str | None = None
    published: str | None = None
    url: str | None = None
    licence: str | None = None
    reliability: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class AddedSource:
    """What `source add` wrote, and what the text holds."""

    id: str
    record: dict[str, Any]  # the source record as written
    text_path: Path
    record_path: Path
    original_path: Path | None
    form: str
    characters: int
    sentences: int


def add_source(root: Path, raw: bytes, name: str, source_id: str, given: SourceFields) -> AddedSource:
    """Archive the document in `raw` (read from `name`) as source `source_id` of the knowledge base at `root`."""
    check_root(root)
    if not re.match(SLUG, source_id) or len(source_id) > 200:
        raise UsageError(
            f"'{source_id}' is not an id: ids are lowercase letters, digits and hyphens",
            f"For example: --id {_slug(source_id) or 'gazette-2021-04-07'}",
        )
    folder = root / "sources"
    if folder.exists() and not inside(root, folder):
        raise UsageError(f"{folder} leads outside the knowledge base", "Make sources/ a folder of the knowledge base.")
    text_path, record_path = folder / f"{source_id}.txt", folder / f"{source_id}.yaml"
    for path in (text_path, record_path, folder / f"{source_id}.yml"):
        if path.exists() or path.is_symlink():
            raise SourceExists(f"source '{source_id}' exists already: {path}", "Choose another --id.")
    document = read_document(raw, name)
    record = _record(document, given, source_id, text_path.name)
    original = folder / f"{source_id}{_ORIGINAL_SUFFIX[document.form]}" if document.form in _ORIGINAL_SUFFIX else None
    _write_together(text_path, document.text.encode("utf-8"), original, raw, record_path, _yaml(record))
    return AddedSource(
        source_id,
        record,
        text_path,
        record_path,
        original,
        document.form,
        len(document.text),
        len(sentences(document.text)),
    )


def _record(document: Document, given: SourceFields, source_id: str, text_name: str) -> dict[str, Any]:
    """The source record: the curator's fields first, then the document's own, checked by the model."""
    from pydantic import ValidationError

    from spyglass.model.dates import parse_date
    from spyglass.model.records import Source

    found = replace(
        given,
        type=given.type or _DEFAULT_TYPE[document.form],
        title=given.title or document.title,
        authors=given.authors or document.authors,
        publisher=given.publisher or document.publisher,
        published=given.published or document.published,
        url=given.url or document.url,
    )
    if not found.title:
        raise UsageError("the document has no title of its own", "Give one: --title 'The title as published'")
    record: dict[str, Any] = {
        "id": source_id,
        "type": found.type,
        "title": found.title,
        "authors": list(found.authors),
        "publisher": found.publisher,
        "published": found.published,
        "url": found.url,
        "licence": found.licence,
        "text": text_name,
        "sha256": hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
        "reliability": found.reliability,
        "notes": found.notes,
    }
    record = {key: value for key, value in record.items() if value not in (None, [])}
    # before the model, whose message for a date is its whole EDTF pattern
    if found.published and not _calendar_date(found.published) and parse_date(found.published)[1]:
        raise UsageError(
            f"--published: '{found.published}' is not a date", "Write it as EDTF: 2021-04-07, 2021-04, 2021"
        )
    try:
        Source.model_validate(record)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise UsageError(f"--{where}: {error['msg']}", "See: spyglass source add --help") from None
    return record


def _calendar_date(text: str) -> bool:
    """Whether `text` is a real YYYY, YYYY-MM or YYYY-MM-DD, as documents date themselves; EDTF judges the rest."""
    import datetime

    # these need no EDTF parser, whose loading costs ~80 ms
    match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", text)
    if match is None:
        return False
    year, month, day = (int(part or 1) for part in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:  # 2021-02-30, or year 0000, which EDTF takes: it decides
        return False
    return True


def _yaml(record: dict[str, Any]) -> bytes:
    """The record in the house style: one key a line, every text double-quoted."""
    lines = ["# yaml-language-server: $schema=../../schemas/source.schema.json"]
    for key, value in record.items():
        if key in _BARE:  # slugs, codes and hashes: nothing in them YAML could misread
            lines.append(f"{key}: {value}")
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(yaml_string(v) for v in value)}]")
        else:
            lines.append(f"{key}: {yaml_string(value)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _write_together(
    text_path: Path, text: bytes, original: Path | None, raw: bytes, record_path: Path, record: bytes
) -> None:
    """The text (and the original) first, the record last; if any write fails, what was written goes again.

    A text without its record is never read (nothing cites it), so the record is the commit point.
    """
    written: list[Path] = []
    try:
        for path, data in ((text_path, text), (original, raw), (record_path, record)):
            if path is not None:
                write_atomically(path, data)
                written.append(path)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]
