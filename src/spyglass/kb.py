"""KnowledgeBase: every record file parsed (re-read only when it changed), and lookups by id."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import cache_dir, load_pickle, save_pickle
from .diagnostics import Diagnostic
from .errors import KnowledgeBaseNotFound
from .records import ParsedRecord, RecordFile, discover

if TYPE_CHECKING:
    from .model import Entity, Source

Stat = tuple[int, int]  # size and mtime in ns: a change to either means the file must be read again
RACY_NS = 2_000_000_000  # a file changed this close to the cache's writing is hashed, not trusted by stat


def file_stat(path: Path) -> Stat | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def check_root(root: Path) -> Path:
    if not root.is_dir():
        raise KnowledgeBaseNotFound(
            f"no knowledge base at {root}", "Give --kb a folder holding sources/ and agencies/."
        )
    return root


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

    def __post_init__(self) -> None:
        from .model import Source

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


def load_kb(root: Path, *, use_cache: bool = True) -> KnowledgeBase:
    """Parse every record file of `root`; unchanged files come from the cache, checked by stat first."""
    check_root(root)
    files, problems = discover(root)
    store = cache_dir(root) / "parsed.pickle"
    cached = (load_pickle(store) if use_cache else None) or {"saved_at": 0, "files": {}}
    saved_at: int = cached["saved_at"]
    known: dict[str, tuple[Stat, str, ParsedRecord]] = cached["files"]
    fresh: dict[str, tuple[Stat, str, ParsedRecord]] = {}
    changed = set(known) - {f.rel for f in files}
    for file in files:
        path = root / file.rel
        stat = file_stat(path)
        entry = known.get(file.rel)
        if entry and stat == entry[0] and entry[2].file == file and stat[1] < saved_at - RACY_NS:
            fresh[file.rel] = entry
            continue
        parsed, digest = read_and_parse(root, file, entry)
        fresh[file.rel] = (stat or (0, 0), digest, parsed)
        changed.add(file.rel)
    if use_cache and changed:
        save_pickle(store, {"saved_at": time.time_ns(), "files": fresh})
    return KnowledgeBase(root, [entry[2] for entry in fresh.values()], list(problems))


def read_and_parse(
    root: Path, file: RecordFile, entry: tuple[Stat, str, ParsedRecord] | None
) -> tuple[ParsedRecord, str]:
    """Read a file and parse it, unless its content is the one already parsed."""
    from .diagnostics import make
    from .records import parse_record

    try:
        raw = (root / file.rel).read_bytes()
    except OSError as exc:
        return ParsedRecord(file, None, diagnostics=[make("SG101", file.rel, 0, 0, f"cannot read: {exc.strerror}")]), ""
    digest = hashlib.sha256(raw).hexdigest()
    if entry and entry[1] == digest and entry[2].file == file:
        return entry[2], digest
    return parse_record(root, file, raw), digest
