"""Writing the index: replace the rows of changed files, and prove quotes against indexed texts."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from .kb import RACY_NS
from .quotes import ArchivedText
from .records import RecordFile, inside


def apply_changes(
    connection: sqlite3.Connection, root: Path, files: list[RecordFile], current: dict[str, tuple[int, int]]
) -> tuple[int, int, int]:
    """Inside a transaction: re-read what changed; returns (files read, files removed, texts re-anchored)."""
    from .model import Source
    from .records import parse_record

    by_rel = {f.rel: f for f in files}
    stored = {row[0]: row[1:] for row in connection.execute("SELECT rel, size, mtime, indexed_at, digest FROM files")}
    removed = stored.keys() - current.keys()
    stale_sources: set[str] = set()
    for rel in removed:
        stale_sources |= _delete_file(connection, rel)
        connection.execute("DELETE FROM files WHERE rel = ?", (rel,))
    now = time.time_ns()
    read: list[str] = []
    for rel, (size, mtime) in current.items():
        old = stored.get(rel)
        if old and (size, mtime) == old[:2] and mtime < old[2] - RACY_NS:
            continue
        try:
            raw = (root / rel).read_bytes()
        except OSError:
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if old and old[3] == digest:  # touched, not changed
            connection.execute("UPDATE files SET size=?, mtime=?, indexed_at=? WHERE rel=?", (size, mtime, now, rel))
            continue
        stale_sources |= _delete_file(connection, rel)
        parsed, _ = parse_record(by_rel[rel], raw)
        record = parsed.record
        ok = int(record is not None and not any(d.severity == "error" for d in parsed.diagnostics))
        connection.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", (rel, size, mtime, ok, now, digest)
        )
        if record is None:
            continue
        if isinstance(record, Source):
            _insert_source(connection, root, rel, record)
            stale_sources.add(record.id)
        else:
            _insert_entity(connection, rel, record)
        read.append(rel)
    stale_sources |= _changed_texts(connection, root)
    for source_id in stale_sources:
        _load_text(connection, root, source_id)
    _anchor(connection, stale_sources, read)
    from .index import count_problems

    connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", count_problems(connection).items())
    return len(read), len(removed), len(stale_sources)


def _delete_file(connection: sqlite3.Connection, rel: str) -> set[str]:
    """Remove every row a file produced; returns the ids of sources it held."""
    rows = connection.execute("SELECT rowid, text FROM docs WHERE file = ?", (rel,)).fetchall()
    connection.executemany("INSERT INTO docs_fts(docs_fts, rowid, text) VALUES ('delete', ?, ?)", rows)
    sources = {row[0] for row in connection.execute("SELECT id FROM sources WHERE file = ?", (rel,))}
    for table in ("docs", "evidence", "claims", "names", "entities", "sources"):
        connection.execute(f"DELETE FROM {table} WHERE file = ?", (rel,))
    connection.executemany("DELETE FROM texts WHERE source = ?", [(s,) for s in sources])
    return sources


def _insert_source(connection: sqlite3.Connection, root: Path, rel: str, source: Any) -> None:
    connection.execute(
        "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            source.id,
            rel,
            source.type,
            source.title,
            json.dumps(source.authors),
            source.publisher,
            source.published,
            source.url,
            source.version,
            source.licence,
            source.text,
            source.sha256,
            source.reliability,
            source.notes,
        ),
    )


def _insert_entity(connection: sqlite3.Connection, rel: str, entity: Any) -> None:
    from .dates import sort_key
    from .shapes import derived_claim_id
    from .vocabulary import PREDICATES

    connection.execute(
        "INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?, ?, ?)",
        (entity.id, rel, entity.kind, entity.name, entity.summary, json.dumps(entity.further_reading)),
    )
    names = [(entity.name.casefold(), entity.id, rel, 0)]
    docs: list[tuple[Any, ...]] = [(rel, entity.id, entity.kind, "name", None, None, entity.name)]
    for position, claim in enumerate(entity.claims):
        date = claim.when or (claim.value if PREDICATES[claim.predicate].value == "date" else None)
        key = _sortable(*sort_key(date)) if date else None
        cursor = connection.execute(
            'INSERT INTO claims(id, file, subject, position, predicate, object, value, statement, "when", sort_key) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                derived_claim_id(entity.id, claim),
                rel,
                entity.id,
                position,
                claim.predicate,
                claim.object,
                claim.value,
                claim.statement,
                claim.when,
                key,
            ),
        )
        claim_row = cursor.lastrowid
        if claim.predicate == "alias" and claim.value:
            names.append((claim.value.casefold(), entity.id, rel, 1))
            docs.append((rel, entity.id, entity.kind, "alias", claim_row, None, claim.value))
        docs.append((rel, entity.id, entity.kind, "statement", claim_row, None, claim.statement))
        for e, item in enumerate(claim.evidence):
            connection.execute(
                "INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                (
                    claim_row,
                    e,
                    rel,
                    item.source,
                    item.quote,
                    item.speaker,
                    item.speaker_description,
                    item.stance,
                    item.credibility,
                    item.locator,
                ),
            )
            docs.append((rel, entity.id, entity.kind, "quote", claim_row, e, item.quote))
    connection.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", names)
    for doc in docs:
        cursor = connection.execute(
            "INSERT INTO docs(file, entity, kind, field, claim, evidence, text) VALUES (?, ?, ?, ?, ?, ?, ?)", doc
        )
        connection.execute("INSERT INTO docs_fts(rowid, text) VALUES (?, ?)", (cursor.lastrowid, doc[-1]))


def _sortable(year: int, month: int, day: int) -> str:
    """A date as text that sorts as the date does, negative years included."""
    return f"{year + 2_000_000_000:011d}-{month:02d}-{day:02d}"


def _changed_texts(connection: sqlite3.Connection, root: Path) -> set[str]:
    import os

    changed = set()
    for source, rel, size, mtime in connection.execute("SELECT source, rel, size, mtime FROM texts").fetchall():
        try:
            status = os.stat(root / rel)
            if (status.st_size, status.st_mtime_ns) != (size, mtime):
                changed.add(source)
        except OSError:
            if size is not None:
                changed.add(source)
    return changed


def _load_text(connection: sqlite3.Connection, root: Path, source_id: str) -> None:
    """Index a source's archived text, or NULL when it is missing, outside, altered or not UTF-8."""
    import os

    row = connection.execute("SELECT file, text, sha256 FROM sources WHERE id = ?", (source_id,)).fetchone()
    connection.execute("DELETE FROM texts WHERE source = ?", (source_id,))
    if row is None:
        return
    rel = (Path(row[0]).parent / row[1]).as_posix()
    path = root / rel
    body = size = mtime = None
    if not Path(row[1]).is_absolute() and inside(root, path):
        try:
            raw = path.read_bytes()
            status = os.stat(path)
            size, mtime = status.st_size, status.st_mtime_ns
            if hashlib.sha256(raw).hexdigest() == row[2]:
                body = raw.decode("utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError):
            pass
    connection.execute("INSERT INTO texts VALUES (?, ?, ?, ?, ?)", (source_id, rel, size, mtime, body))


def _anchor(connection: sqlite3.Connection, sources: set[str], files: list[str]) -> None:
    """Prove the quotes of the given sources and files; an unproved quote keeps NULL offsets."""
    texts: dict[str, ArchivedText | None] = {}
    rows: list[tuple[Any, ...]] = []
    if sources:
        marks = ",".join("?" * len(sources))
        rows += connection.execute(
            f"SELECT rowid, source, quote FROM evidence WHERE source IN ({marks})",
            sorted(sources),
        ).fetchall()
    for rel in files:
        rows += connection.execute("SELECT rowid, source, quote FROM evidence WHERE file = ?", (rel,)).fetchall()
    updates = []
    for rowid, source, quote in rows:
        if source not in texts:
            body = connection.execute("SELECT body FROM texts WHERE source = ?", (source,)).fetchone()
            texts[source] = ArchivedText(body[0]) if body and body[0] is not None else None
        text = texts[source]
        anchor = text.anchor(quote) if text else None
        updates.append((anchor.start if anchor else None, anchor.end if anchor else None, rowid))
    connection.executemany('UPDATE evidence SET start = ?, "end" = ? WHERE rowid = ?', updates)
