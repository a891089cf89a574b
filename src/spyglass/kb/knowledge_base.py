"""KnowledgeBase: every record file parsed (re-read only when it changed), and lookups by id."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from spyglass.cache import cache_dir, load_marshal, save_marshal
from spyglass.diagnostics import Diagnostic
from spyglass.kb.files import ParsedRecord, RecordFile, discover
from spyglass.kb.layout import check_root
from spyglass.kb.reading import NotRegular, Refused, TooLarge, read_regular
from spyglass.kb.stat import Stat, stat_of, unchanged

if TYPE_CHECKING:
    from spyglass.model.records import Entity, Source


@dataclass
class KnowledgeBase:
    """The parsed records of one knowledge base, with what could not be parsed."""

    root: Path
    records: list[ParsedRecord]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    where: dict[str, ParsedRecord] = field(default_factory=dict)  # id -> the file holding it
    broken: set[str] = field(default_factory=set)  # stems of files that could not be used
    digests: dict[str, str] = field(default_factory=dict)  # rel -> sha256 of the bytes parsed

    def __post_init__(self) -> None:
        from spyglass.model.records import Source

        for parsed in self.records:
            self.diagnostics.extend(parsed.diagnostics)
            record = parsed.record
            if record is None:
                self.broken.add(parsed.file.stem)
            if record is None or record.id in self.where:
                continue  # duplicates are reported by validate, the first one kept
            self.where[record.id] = parsed
            if isinstance(record, Source):
                self.sources[record.id] = record
            else:
                self.entities[record.id] = record


class CachedFile(NamedTuple):
    """What the parse cache keeps of one file (stored as a plain tuple: marshal reads those fast)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int
    sha256: str
    data: Any  # the file's plain data; None when it has problems (it is then parsed again)


def load_kb(root: Path, *, use_cache: bool = True) -> KnowledgeBase:
    """Parse every record file of `root`; unchanged files come from the cache, checked by stat first.

    The cache holds each file's plain data, not models: it reads back ~5x faster, and the models
    are built again from it (~5 us a record), so a change to the models can never be missed.
    """
    check_root(root)
    files, problems = discover(root)
    store = cache_dir(root) / "parsed.marshal"
    cached = load_marshal(store) if use_cache else None
    saved_at: int = cached[0] if cached else 0
    known = {rel: CachedFile(*entry) for rel, entry in cached[1].items()} if cached else {}
    fresh: dict[str, CachedFile] = {}
    records: list[ParsedRecord] = []
    changed: set[str] = known.keys() - {f.rel for f in files}
    for file in files:
        stat = stat_of(root / file.rel) or (0, 0, 0, 0)
        entry = known.get(file.rel)
        trusted = entry is not None and unchanged(
            stat, (entry.size, entry.mtime_ns, entry.ctime_ns, entry.ino), saved_at
        )
        parsed = from_data(file, entry.data) if trusted and entry is not None else None
        if parsed is None or entry is None:
            parsed, entry = read_and_parse(root, file, stat, entry)
            changed.add(file.rel)
        fresh[file.rel] = entry
        records.append(parsed)
    if use_cache and changed:
        save_marshal(store, (time.time_ns(), {rel: tuple(entry) for rel, entry in fresh.items()}))
    digests = {rel: entry.sha256 for rel, entry in fresh.items()}
    return KnowledgeBase(root, records, list(problems), digests=digests)


def refusal(rel: str, refused: Refused) -> Diagnostic:
    """The diagnostic of a record file that was not read."""
    from spyglass.diagnostics import make
    from spyglass.kb.files import NOT_REGULAR

    if isinstance(refused, TooLarge):
        return make("SG102", rel, 0, 0, str(refused))
    if isinstance(refused, NotRegular):
        return make("SG101", rel, 0, 0, f"{rel} is {refused}; it was not read", NOT_REGULAR)
    hint = "Let the file be read: check its permissions, and that no link points back at itself."
    return make("SG101", rel, 0, 0, f"{rel}: {refused}", hint)


def from_data(file: RecordFile, data: Any) -> ParsedRecord | None:
    """A record built again from cached data, or None when it no longer fits the model."""
    from pydantic import ValidationError

    from spyglass.model.records import model_for

    if data is None:
        return None
    try:
        return ParsedRecord(file, model_for(file.kind).model_validate(data))
    except ValidationError:
        return None


def read_and_parse(
    root: Path, file: RecordFile, stat: Stat, entry: CachedFile | None
) -> tuple[ParsedRecord, CachedFile]:
    """Read a file and parse it, unless its content is the one already parsed."""
    from spyglass.kb.parse import parse_record
    from spyglass.kb.yaml_loader import MAX_FILE_BYTES

    try:
        raw = read_regular(root / file.rel, MAX_FILE_BYTES)
    except Refused as refused:
        problem = refusal(file.rel, refused)
        return ParsedRecord(file, None, diagnostics=[problem]), CachedFile(*stat, "", None)
    digest = hashlib.sha256(raw).hexdigest()
    if entry is not None and entry.sha256 == digest:
        parsed = from_data(file, entry.data)
        if parsed is not None:
            return parsed, CachedFile(*stat, digest, entry.data)
    parsed, data = parse_record(file, raw, root)
    return parsed, CachedFile(*stat, digest, data)
