"""The knowledge base as four related tables: SQLite (with full-text search, for Datasette) or CSV."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spyglass.cache import current_umask
from spyglass.export.rows import Exported, entity_rows, source_rows

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.validate.proof import Proof

# (column, declaration); a column named like a table's singular points at that table's id.
TABLES: dict[str, list[tuple[str, str]]] = {
    "sources": [
        ("id", "TEXT PRIMARY KEY"),
        ("type", "TEXT NOT NULL"),
        ("title", "TEXT NOT NULL"),
        ("authors", "TEXT"),  # a JSON array
        ("publisher", "TEXT"),
        ("published", "TEXT"),
        ("url", "TEXT"),
        ("version", "TEXT"),
        ("licence", "TEXT"),
        ("text_file", "TEXT NOT NULL"),
        ("sha256", "TEXT NOT NULL"),
        ("reliability", "TEXT"),
        ("notes", "TEXT"),
        ("archived_text", "TEXT"),
    ],
    "entities": [
        ("id", "TEXT PRIMARY KEY"),
        ("kind", "TEXT NOT NULL"),
        ("name", "TEXT NOT NULL"),
        ("summary", "TEXT"),
        ("further_reading", "TEXT"),  # a JSON array
    ],
    "claims": [
        ("id", "TEXT PRIMARY KEY"),
        ("subject", "TEXT NOT NULL REFERENCES entities(id)"),
        ("position", "INTEGER NOT NULL"),
        ("predicate", "TEXT NOT NULL"),
        ("object", "TEXT REFERENCES entities(id)"),
        ("value", "TEXT"),
        ("statement", "TEXT NOT NULL"),
        ("when", "TEXT"),
        ("status", "TEXT NOT NULL"),
    ],
    "evidence": [
        ("id", "INTEGER PRIMARY KEY"),
        ("claim", "TEXT NOT NULL REFERENCES claims(id)"),
        ("position", "INTEGER NOT NULL"),
        ("source", "TEXT NOT NULL REFERENCES sources(id)"),
        ("quote", "TEXT NOT NULL"),
        ("start", "INTEGER"),
        ("end", "INTEGER"),
        ("speaker", "TEXT REFERENCES entities(id)"),
        ("speaker_description", "TEXT"),
        ("stance", "TEXT NOT NULL"),
        ("credibility", "TEXT"),
        ("grade", "TEXT"),
        ("locator", "TEXT"),
    ],
}
# Full-text tables over the columns people search; Datasette finds them by their `content=[table]`.
FTS: dict[str, tuple[str, ...]] = {
    "sources": ("title", "archived_text"),
    "entities": ("name", "summary"),
    "claims": ("statement", "value"),
    "evidence": ("quote",),
}
# Cell starts that spreadsheets read as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
INDEXES = ("claims(subject)", "claims(object)", "evidence(claim)", "evidence(source)", "evidence(speaker)")


def table_rows(kb: KnowledgeBase, proof: Proof) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of every table, in the column order of TABLES."""
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
    for s in source_rows(kb):
        text = proof.texts[s["id"]].original if s["id"] in proof.texts else None
        rows["sources"].append((
            s["id"], s["type"], s["title"], json.dumps(s["authors"], ensure_ascii=False), s["publisher"],
            s["published"], s["url"], s["version"], s["licence"], s["text"], s["sha256"], s["reliability"],
            s["notes"], text,
        ))  # fmt: skip
    taken: set[str] = set()
    for entity in entity_rows(kb, proof):
        reading = json.dumps(entity["further_reading"], ensure_ascii=False)
        rows["entities"].append((entity["id"], entity["kind"], entity["name"], entity["summary"], reading))
        for position, claim in enumerate(entity["claims"]):
            claim_id = _unique(claim["id"], taken)
            rows["claims"].append((
                claim_id, entity["id"], position, claim["predicate"], claim["object"], claim["value"],
                claim["statement"], claim["when"], claim["status"],
            ))  # fmt: skip
            source = kb.entities[entity["id"]].claims[position].evidence
            for e, item in enumerate(claim["evidence"]):
                rows["evidence"].append((
                    len(rows["evidence"]) + 1, claim_id, e, item["source"], item["quote"], item["start"],
                    item["end"], item["speaker"], item["speaker_description"], item["stance"],
                    source[e].credibility, item["grade"], source[e].locator,
                ))  # fmt: skip
    return rows


def _unique(claim_id: str, taken: set[str]) -> str:
    """A claim id once only: two identical claims of one entity derive the same id."""
    candidate, n = claim_id, 1
    while candidate in taken:
        n += 1
        candidate = f"{claim_id}-{n}"
    taken.add(candidate)
    return candidate


def write_sqlite(kb: KnowledgeBase, proof: Proof, out: Path) -> Exported:
    """A SQLite database at `out` (replaced whole, never half-written), ready for `datasette out`.

    Cells keep their raw values (no spreadsheet quote): a database runs no formulas."""
    rows = table_rows(kb, proof)
    temporary = _temporary(out)
    try:
        db = sqlite3.connect(temporary)
        try:
            with db:
                _fill(db, rows)
        finally:
            db.close()
        os.replace(temporary, out)
    except BaseException:
        for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return _counts(rows)


def _fill(db: sqlite3.Connection, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    for name, columns in TABLES.items():
        db.execute(f"CREATE TABLE [{name}] ({', '.join(f'[{c}] {d}' for c, d in columns)})")
        marks = ", ".join("?" * len(columns))
        db.executemany(f"INSERT INTO [{name}] VALUES ({marks})", rows[name])
    for index in INDEXES:
        table, column = index.rstrip(")").split("(")
        db.execute(f"CREATE INDEX [{table}_{column}] ON [{table}]([{column}])")
    for name, searched in FTS.items():
        listed = ", ".join(f"[{c}]" for c in searched)
        db.execute(f"CREATE VIRTUAL TABLE [{name}_fts] USING fts5({listed}, content=[{name}])")
        db.execute(f"INSERT INTO [{name}_fts](rowid, {listed}) SELECT rowid, {listed} FROM [{name}]")


def spreadsheet_safe(cell: Any) -> Any:
    """A cell that a spreadsheet shows as text and never runs as a formula: OWASP's "CSV Injection"
    advice, a single quote before a text starting with = + - @ TAB or CR (`'=SUM(A1)`)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def write_csv(kb: KnowledgeBase, proof: Proof, out: Path) -> Exported:
    """One CSV file per table (sources.csv, entities.csv, claims.csv, evidence.csv) in the folder `out`.

    All four are written beside their old versions first and only then renamed into place, so that a
    failure (a full disk) leaves the old set whole; a folder made for them is removed again."""
    rows = table_rows(kb, proof)
    made = not out.exists()
    out.mkdir(exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, columns in TABLES.items():
            buffer = io.StringIO(newline="")
            writer = csv.writer(buffer)
            writer.writerow(c for c, _ in columns)
            writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows[name])
            temporary = _temporary(out / f"{name}.csv")
            staged.append((temporary, out / f"{name}.csv"))
            temporary.write_bytes(buffer.getvalue().encode("utf-8"))
        for temporary, final in staged:
            os.replace(temporary, final)
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        if made:
            with contextlib.suppress(OSError):
                out.rmdir()
        raise
    return _counts(rows)


def _temporary(path: Path) -> Path:
    """A new empty file beside `path`, with the permissions a file made by this user gets."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, 0o666 & ~current_umask())  # mkstemp makes 0600; an export is for others too
    finally:
        os.close(handle)
    return Path(temporary)


def _counts(rows: dict[str, list[tuple[Any, ...]]]) -> Exported:
    return Exported(len(rows["sources"]), len(rows["entities"]), len(rows["claims"]), len(rows["evidence"]))
