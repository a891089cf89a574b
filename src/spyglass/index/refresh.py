"""Writing the index: replace the rows of changed files, and prove quotes against indexed texts."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from spyglass.errors import QuoteTooComplex
from spyglass.index.changes import ChangeLog
from spyglass.index.claim_answers import fill_answers
from spyglass.index.rows import Rows, insert_entity, insert_source, insert_written_ids
from spyglass.kb.files import ParsedRecord, RecordFile, inside
from spyglass.kb.reading import MAX_TEXT_BYTES, Refused, read_regular
from spyglass.kb.stat import Stat, Stats, stat_of, unchanged
from spyglass.text.quotes import ArchivedText, Parts


class IndexedFile(NamedTuple):
    """A record file as the index last read it."""

    size: int
    mtime: int
    ctime: int
    ino: int
    indexed_at: int  # ns; the racy window is counted back from here
    digest: str  # '' when the file could not be read

    @property
    def stat(self) -> Stat:
        return self.size, self.mtime, self.ctime, self.ino


BULK = 64  # from this many changed files on, parse through the shared parse cache (kb.load_kb)


def apply_changes(
    connection: sqlite3.Connection,
    root: Path,
    files: list[RecordFile],
    current: Stats,
    refused: int = 0,
    workers: int = 1,
) -> tuple[int, int, int]:
    """Inside a transaction: re-read what changed; returns (files read, files removed, texts re-anchored).

    `refused` counts record files that were found but never read (not UTF-8 named, not regular).
    """
    from spyglass.model.records import Source

    stored = {
        row[0]: IndexedFile(*row[1:7])
        for row in connection.execute("SELECT rel, size, mtime, ctime, ino, indexed_at, digest FROM files")
    }
    removed = stored.keys() - current.keys()
    stale_sources: set[str] = set()
    touched: set[str] = set()  # entities that came, went or changed: claims pointing at them are marked again
    now = time.time_ns()
    changed = [
        rel
        for rel, stat in current.items()
        if not (rel in stored and unchanged(stat, stored[rel].stat, stored[rel].indexed_at))
    ]
    log = ChangeLog(everything=len(changed) >= BULK or len(removed) >= BULK)
    contested: set[str] = set()  # ids a file took up or gave up: which file holds each is settled again

    def let_go(rel: str) -> None:
        """Remove the rows a file gave the index (it went, changed, or lost its id to a file read first)."""
        log.before(connection, rel)
        stale_sources.update(_delete_file(connection, rel, touched))

    for rel in removed:
        contested.update(_held_id(connection, rel))
        let_go(rel)
        connection.execute("DELETE FROM files WHERE rel = ?", (rel,))
    by_rel = {f.rel: f for f in files}
    parse = _bulk_parser(root, by_rel) if len(changed) >= BULK else _file_parser(root, by_rel)
    fresh: dict[str, ParsedRecord] = {}
    for rel in changed:
        stat = current[rel]
        parsed, digest = parse(rel)
        old = stored.get(rel)
        if old and old.digest == digest:  # touched, not changed (or still unreadable)
            connection.execute(
                "UPDATE files SET size=?, mtime=?, ctime=?, ino=?, indexed_at=? WHERE rel=?", (*stat, now, rel)
            )
            continue
        if old:
            contested.update(_held_id(connection, rel))
            let_go(rel)
        record = parsed.record
        # a record with an error of its own (a repeated key) still holds its id, as in validate; it is not indexed
        record_id = record.id if record is not None else None
        connection.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)", (rel, *stat, now, digest, record_id)
        )
        if record_id is not None:
            contested.add(record_id)
            fresh[rel] = parsed
    rows = Rows(connection)
    read: list[str] = []
    for rel, parsed in _holders(connection, contested, fresh, parse, let_go):
        record = parsed.record
        errors = [d.code for d in parsed.diagnostics if d.severity == "error"]
        if errors:  # it holds the id, and is left out with its claims
            if record is not None and not isinstance(record, Source):
                insert_written_ids(rows, rel, record, errors[0])
            continue
        if isinstance(record, Source):
            insert_source(connection, rel, record)
            stale_sources.add(record.id)
        elif record is not None:
            insert_entity(rows, rel, record)
            touched.add(record.id)
        connection.execute("UPDATE files SET ok = 1 WHERE rel = ?", (rel,))
        read.append(rel)
    rows.flush()
    stale_sources |= _changed_texts(connection, root)
    for source_id in stale_sources:
        _load_text(connection, root, source_id)
    # whatever made a source stale (its record, its text, where its text lies) may change its quotes' places:
    # the claims citing it are answered again, and shown again
    log.faces |= stale_sources
    _anchor(connection, root, stale_sources, read, workers)
    from spyglass.index.schema import count_problems, mark_valid

    flipped = mark_valid(connection, touched, stale_sources)
    for rel in read:
        log.after(connection, rel)
    log.flipped(connection, flipped)
    log.write(connection)
    fill_answers(connection, read, None if log.everything else log.faces)
    connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", count_problems(connection, refused).items())
    return len(read), len(removed), len(stale_sources)


Parser = Callable[[str], "tuple[ParsedRecord, str]"]  # the digest is '' for a file that was not read


def _held_id(connection: sqlite3.Connection, rel: str) -> list[str]:
    """The id a file's record declared when it was last read, if it had a record."""
    row = connection.execute("SELECT record_id FROM files WHERE rel = ?", (rel,)).fetchone()
    return [row[0]] if row and row[0] is not None else []


def _holders(
    connection: sqlite3.Connection,
    contested: set[str],
    fresh: dict[str, ParsedRecord],
    parse: Parser,
    let_go: Callable[[str], None],
) -> list[tuple[str, ParsedRecord]]:
    """Settle which file holds each contested id, as validate does: the first in its reading order (SG301 for
    the others, which are left out). Returns the files to index, in that order: those just read that hold their
    id, and unchanged ones that hold it now (their rival changed or went); an unchanged file that lost its id to
    one read first gives its rows up."""
    from spyglass.kb.layout import discovery_rank

    taken: list[tuple[str, ParsedRecord]] = []
    for record_id in sorted(contested):
        rivals = dict(connection.execute("SELECT rel, ok FROM files WHERE record_id = ?", (record_id,)).fetchall())
        if not rivals:
            continue  # the id went with its only file
        holder = min(rivals, key=discovery_rank)
        for rel, indexed in rivals.items():
            if rel != holder and indexed:
                let_go(rel)
                connection.execute("UPDATE files SET ok = 0 WHERE rel = ?", (rel,))
        if holder in fresh:
            taken.append((holder, fresh[holder]))
        elif not rivals[holder]:
            let_go(holder)  # the rows of a record left out for its own error, if any, are written again
            taken.append((holder, parse(holder)[0]))  # left out until now: read again
    return sorted(taken, key=lambda item: discovery_rank(item[0]))


def _file_parser(root: Path, by_rel: dict[str, RecordFile]) -> Parser:
    """Read and parse one file at a time: for a few changed files."""
    from spyglass.kb.knowledge_base import refusal
    from spyglass.kb.parse import parse_record
    from spyglass.kb.yaml_loader import MAX_FILE_BYTES

    def parse(rel: str) -> tuple[ParsedRecord, str]:
        try:
            raw = read_regular(root / rel, MAX_FILE_BYTES)
        except Refused as refused:
            return ParsedRecord(by_rel[rel], None, diagnostics=[refusal(rel, refused)]), ""
        return parse_record(by_rel[rel], raw)[0], hashlib.sha256(raw).hexdigest()

    return parse


def _bulk_parser(root: Path, by_rel: dict[str, RecordFile]) -> Parser:
    """Parse through the parse cache that validate shares: a validated knowledge base is not parsed again."""
    from spyglass.kb.knowledge_base import load_kb

    kb = load_kb(root)
    parsed = {p.file.rel: p for p in kb.records}

    def parse(rel: str) -> tuple[ParsedRecord, str]:
        if rel not in parsed:  # gone between two listings: left out until the next refresh
            return ParsedRecord(by_rel[rel], None), ""
        return parsed[rel], kb.digests.get(rel, "")

    return parse


def _delete_file(connection: sqlite3.Connection, rel: str, entities: set[str]) -> set[str]:
    """Remove every row a file produced; returns the ids of sources it held, and adds its entities' ids to `entities`."""
    entities.update(row[0] for row in connection.execute("SELECT id FROM entities WHERE file = ?", (rel,)))
    rows = connection.execute("SELECT rowid, text FROM docs WHERE file = ?", (rel,)).fetchall()
    connection.executemany("INSERT INTO docs_fts(docs_fts, rowid, text) VALUES ('delete', ?, ?)", rows)
    sources = {row[0] for row in connection.execute("SELECT id FROM sources WHERE file = ?", (rel,))}
    connection.execute("DELETE FROM answers WHERE claim IN (SELECT rowid FROM claims WHERE file = ?)", (rel,))
    for table in ("docs", "evidence", "claims", "names", "entities", "sources"):
        connection.execute(f"DELETE FROM {table} WHERE file = ?", (rel,))
    connection.executemany("DELETE FROM texts WHERE source = ?", [(s,) for s in sources])
    return sources


def _changed_texts(connection: sqlite3.Connection, root: Path) -> set[str]:
    """Sources whose archived text changed (or appeared, or went) since it was indexed."""
    return {
        source
        for source, rel, size, *rest in connection.execute(
            "SELECT source, rel, size, mtime, ctime, ino FROM texts"
        ).fetchall()
        if not unchanged(stat_of(root / rel), None if size is None else (size, *rest))
    }


def _load_text(connection: sqlite3.Connection, root: Path, source_id: str) -> None:
    """Index a source's archived text, or NULL when it is missing, outside, refused, altered or not UTF-8."""
    row = connection.execute("SELECT file, text, sha256 FROM sources WHERE id = ?", (source_id,)).fetchone()
    connection.execute("DELETE FROM texts WHERE source = ?", (source_id,))
    if row is None:
        return
    rel = (Path(row[0]).parent / row[1]).as_posix()
    path = root / rel
    body = None
    stat: tuple[int | None, ...] = (None, None, None, None)
    if ".." not in Path(row[1]).parts and not Path(row[1]).is_absolute() and inside(root, path):  # validate's rule
        stat = stat_of(path) or stat  # before reading: a change made while it is read is seen next time
        try:
            raw = read_regular(path, MAX_TEXT_BYTES)
            if hashlib.sha256(raw).hexdigest() == row[2]:
                body = raw.decode("utf-8").removeprefix("\ufeff")
        except (Refused, UnicodeDecodeError):
            pass
    connection.execute("INSERT INTO texts VALUES (?, ?, ?, ?, ?, ?, ?)", (source_id, rel, *stat, body))


def _span(text: ArchivedText, quote: str) -> Span:
    """Where a quote lies, or Nones: a quote too complex to place is unproved, as validate says (SG404)."""
    try:
        anchor = text.anchor(quote)
    except QuoteTooComplex:
        return None, None, None
    return (anchor.start, anchor.end, _parts(anchor.parts)) if anchor else (None, None, None)


Span = tuple[int | None, int | None, str | None]  # start, end, and the parts of a quote with `...` as JSON


def _parts(parts: Parts) -> str | None:
    """The parts of a quote as JSON; None for a quote in one part, whose start and end say all."""
    return json.dumps([list(part) for part in parts], separators=(",", ":")) if len(parts) > 1 else None


def _proved_by_validate(root: Path) -> dict[tuple[str, str], Any]:
    """Where validate found each quote, keyed by (sha256 of the text, quote): not proved twice."""
    from spyglass.cache import cache_dir, load_marshal

    return load_marshal(cache_dir(root) / "anchors.marshal") or {}


PARALLEL_QUOTES = 5000  # quotes; below this, starting workers costs more than it saves


def _anchor(connection: sqlite3.Connection, root: Path, sources: set[str], files: list[str], workers: int) -> None:
    """Prove the quotes of the given sources and files; an unproved quote keeps NULL offsets."""
    import multiprocessing

    from spyglass.forks import can_fork

    connection.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_sources(id TEXT PRIMARY KEY)")
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_files(rel TEXT PRIMARY KEY)")
    connection.executemany("INSERT OR IGNORE INTO wanted_sources VALUES (?)", [(s,) for s in sources])
    connection.executemany("INSERT OR IGNORE INTO wanted_files VALUES (?)", [(f,) for f in files])
    rows = connection.execute(
        "SELECT rowid, source, quote FROM evidence WHERE source IN (SELECT id FROM wanted_sources) "
        "OR file IN (SELECT rel FROM wanted_files) ORDER BY source"
    ).fetchall()
    connection.execute("DELETE FROM wanted_sources")
    connection.execute("DELETE FROM wanted_files")
    groups: dict[str, list[tuple[int, str]]] = {}
    for rowid, source, quote in rows:
        groups.setdefault(source, []).append((rowid, quote))
    _KNOWN[:] = [_proved_by_validate(root) if len(rows) > 1000 else {}]
    updates: list[tuple[int | None, int | None, str | None, int]] = []

    def tasks() -> Iterator[tuple[str, str, list[tuple[int, str]]]]:
        for source, quotes in groups.items():
            body = connection.execute(
                "SELECT t.body, s.sha256 FROM texts t JOIN sources s ON s.id = t.source WHERE t.source = ?", (source,)
            ).fetchone()
            if body and body[0] is not None:
                yield body[0], body[1], quotes
            else:
                updates.extend((None, None, None, rowid) for rowid, _ in quotes)

    try:
        if workers > 1 and len(rows) >= PARALLEL_QUOTES and can_fork():
            # read here, every text at once: the pool feeds its workers from a thread of its own, and SQLite
            # connections are not shared between threads (nor used by the workers, which never touch this one)
            every = list(tasks())
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for done in pool.imap_unordered(_anchor_text, every):
                    updates += done
        else:
            for task in tasks():  # one archived text in memory at a time
                updates += _anchor_text(task)
    finally:
        _KNOWN.clear()
    connection.executemany('UPDATE evidence SET start = ?, "end" = ?, parts = ? WHERE rowid = ?', updates)


_KNOWN: list[dict[tuple[str, str], Any]] = []  # set before the workers fork: where validate found each quote


def _anchor_text(task: tuple[str, str, list[tuple[int, str]]]) -> list[tuple[int | None, int | None, str | None, int]]:
    """Where each quote lies in one archived text (in a worker, when forked)."""
    body, sha256, quotes = task
    text = ArchivedText(body)
    proved = _KNOWN[0] if _KNOWN else {}
    out = []
    for rowid, quote in quotes:
        known = proved.get((sha256, quote))
        span = (known[0], known[1], _parts(tuple(map(tuple, known[2])))) if known else _span(text, quote)
        out.append((*span, rowid))
    return out
