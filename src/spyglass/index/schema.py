"""The index's tables, its format number, and the counts of what it could not use."""

from __future__ import annotations

import sqlite3

INDEX_FORMAT = 8  # 8: files and texts keep ctime and inode beside size and mtime
SCHEMA = """
CREATE TABLE files(rel TEXT PRIMARY KEY, size INT, mtime INT, ctime INT, ino INT, ok INT, indexed_at INT,
  digest TEXT);
CREATE TABLE texts(source TEXT PRIMARY KEY, rel TEXT, size INT, mtime INT, ctime INT, ino INT, body TEXT);
CREATE TABLE sources(id TEXT PRIMARY KEY, file TEXT, type TEXT, title TEXT, authors TEXT, publisher TEXT,
  published TEXT, url TEXT, version TEXT, licence TEXT, text TEXT, sha256 TEXT, reliability TEXT, notes TEXT);
CREATE TABLE entities(id TEXT PRIMARY KEY, file TEXT, kind TEXT, name TEXT, summary TEXT, further_reading TEXT);
CREATE TABLE names(folded TEXT, entity TEXT, file TEXT, is_alias INT);
CREATE TABLE claims(rowid INTEGER PRIMARY KEY, id TEXT, file TEXT, subject TEXT, position INT, predicate TEXT,
  object TEXT, value TEXT, statement TEXT, "when" TEXT, sort_key TEXT);
CREATE TABLE evidence(claim INT, position INT, file TEXT, source TEXT, quote TEXT, speaker TEXT,
  speaker_description TEXT, stance TEXT, credibility TEXT, locator TEXT, start INT, "end" INT);
CREATE TABLE docs(rowid INTEGER PRIMARY KEY, file TEXT, entity TEXT, kind TEXT, field TEXT, claim INT,
  evidence INT, text TEXT);
CREATE VIRTUAL TABLE docs_fts USING fts5(text, content='docs', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2');
CREATE TABLE meta(key TEXT PRIMARY KEY, value);
CREATE INDEX names_folded ON names(folded);
CREATE INDEX names_file ON names(file);
CREATE INDEX entities_file ON entities(file);
CREATE INDEX sources_file ON sources(file);
CREATE INDEX claims_subject ON claims(subject);
CREATE INDEX claims_object ON claims(object);
CREATE INDEX claims_file ON claims(file);
CREATE INDEX claims_id ON claims(id);
CREATE INDEX evidence_claim ON evidence(claim);
CREATE INDEX evidence_file ON evidence(file);
CREATE INDEX evidence_source ON evidence(source);
CREATE INDEX evidence_speaker ON evidence(speaker);
CREATE INDEX docs_file ON docs(file);
"""


def count_problems(connection: sqlite3.Connection, refused: int = 0) -> dict[str, int]:
    """Counts of what the index could not use: broken files (with `refused` ones never read),
    unproved quotes, dangling references."""
    broken = connection.execute("SELECT count(*) FROM files WHERE ok = 0").fetchone()[0] + refused
    unproved = connection.execute("SELECT count(*) FROM evidence WHERE start IS NULL").fetchone()[0]
    dangling = connection.execute(
        "SELECT count(*) FROM claims WHERE object IS NOT NULL AND object NOT IN (SELECT id FROM entities)"
    ).fetchone()[0]
    return {"broken_files": broken, "unproved_quotes": unproved, "dangling_references": dangling}
