"""The index's tables, its format number, and the counts of what it could not use."""

from __future__ import annotations

import sqlite3

from spyglass.model.vocabulary import ACTORS

INDEX_FORMAT = 11  # 11: quotes' parts, each claim's answer, and a log of what each refresh changed (for the site)
SCHEMA = """
CREATE TABLE files(rel TEXT PRIMARY KEY, size INT, mtime INT, ctime INT, ino INT, ok INT, indexed_at INT,
  digest TEXT, record_id TEXT);
CREATE TABLE texts(source TEXT PRIMARY KEY, rel TEXT, size INT, mtime INT, ctime INT, ino INT, body TEXT);
CREATE TABLE sources(id TEXT PRIMARY KEY, file TEXT, type TEXT, title TEXT, authors TEXT, publisher TEXT,
  published TEXT, url TEXT, version TEXT, licence TEXT, text TEXT, sha256 TEXT, reliability TEXT, notes TEXT);
CREATE TABLE entities(id TEXT PRIMARY KEY, file TEXT, kind TEXT, name TEXT, summary TEXT, further_reading TEXT);
CREATE TABLE names(folded TEXT, entity TEXT, file TEXT, is_alias INT, claim INT);
CREATE TABLE claims(rowid INTEGER PRIMARY KEY, id TEXT, file TEXT, subject TEXT, position INT, predicate TEXT,
  object TEXT, value TEXT, statement TEXT, "when" TEXT, sort_key TEXT, problem TEXT, object_kinds TEXT, ok INT,
  explicit_id INT, rank TEXT);
CREATE TABLE answers(claim INTEGER PRIMARY KEY, answer TEXT, spans TEXT, search_row TEXT);
CREATE TABLE evidence(claim INT, position INT, file TEXT, source TEXT, quote TEXT, speaker TEXT,
  speaker_description TEXT, stance TEXT, credibility TEXT, locator TEXT, start INT, "end" INT, parts TEXT);
CREATE TABLE docs(rowid INTEGER PRIMARY KEY, file TEXT, entity TEXT, kind TEXT, field TEXT, claim INT,
  evidence INT, text TEXT);
CREATE VIRTUAL TABLE docs_fts USING fts5(text, content='docs', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2');
CREATE TABLE meta(key TEXT PRIMARY KEY, value);
CREATE TABLE changes(generation INT, id TEXT, face INT);
CREATE INDEX files_record ON files(record_id);
CREATE INDEX names_folded ON names(folded);
CREATE INDEX names_file ON names(file);
CREATE INDEX entities_file ON entities(file);
CREATE INDEX sources_file ON sources(file);
CREATE INDEX claims_subject ON claims(subject);
CREATE INDEX claims_object ON claims(object);
CREATE INDEX claims_file ON claims(file);
CREATE INDEX claims_id ON claims(id);
CREATE INDEX claims_ok ON claims(ok);
CREATE INDEX evidence_claim ON evidence(claim);
CREATE INDEX evidence_file ON evidence(file);
CREATE INDEX evidence_source ON evidence(source);
CREATE INDEX evidence_speaker ON evidence(speaker);
CREATE INDEX docs_file ON docs(file);
CREATE INDEX changes_generation ON changes(generation);
"""


# A claim is answered only when validate would take it: none of its own errors (found when it was
# indexed), an object that exists with a kind the predicate accepts, every quote proved, and
# speakers that exist and may speak.
_SPEAKERS = ", ".join(f"'{kind}'" for kind in sorted(ACTORS))
_VALID = f"""
  problem IS NULL
  AND NOT (explicit_id AND EXISTS (SELECT 1 FROM claims c2 WHERE c2.id = claims.id AND c2.explicit_id
    AND (c2.rank, c2.position) < (claims.rank, claims.position)))
  AND (object IS NULL OR EXISTS (
    SELECT 1 FROM entities o WHERE o.id = claims.object AND instr(claims.object_kinds, ',' || o.kind || ',') > 0))
  AND NOT EXISTS (
    SELECT 1 FROM evidence e WHERE e.claim = claims.rowid AND (e.start IS NULL OR (e.speaker IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM entities p WHERE p.id = e.speaker AND p.kind IN ({_SPEAKERS})))))
"""


def mark_valid(connection: sqlite3.Connection, entities: set[str], sources: set[str]) -> list[int]:
    """Mark whether validate would take each claim that a refresh may have changed: the claims just
    indexed, those pointing at (or spoken by) an entity that came, went or changed, those quoting a
    source whose text was anchored again, and those with a written id (another file's claim may now
    have it first). Returns the claims indexed before whose mark changed."""
    for table in ("touched_entities(id TEXT PRIMARY KEY)", "touched_sources(id TEXT PRIMARY KEY)"):
        connection.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table}")
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS marked(rowid INTEGER PRIMARY KEY, ok INT)")
    connection.executemany("INSERT OR IGNORE INTO touched_entities VALUES (?)", [(e,) for e in entities])
    connection.executemany("INSERT OR IGNORE INTO touched_sources VALUES (?)", [(s,) for s in sources])
    connection.execute(
        "INSERT INTO marked SELECT rowid, ok FROM claims WHERE ok IS NULL OR explicit_id "
        "OR object IN (SELECT id FROM touched_entities) "
        "OR rowid IN (SELECT claim FROM evidence WHERE speaker IN (SELECT id FROM touched_entities) "
        "OR source IN (SELECT id FROM touched_sources))"
    )
    connection.execute(f"UPDATE claims SET ok = ({_VALID}) WHERE rowid IN (SELECT rowid FROM marked)")
    flipped = [
        row[0]
        for row in connection.execute(
            "SELECT m.rowid FROM marked m JOIN claims c ON c.rowid = m.rowid WHERE m.ok IS NOT NULL AND m.ok != c.ok"
        )
    ]
    for table in ("touched_entities", "touched_sources", "marked"):
        connection.execute(f"DELETE FROM {table}")
    return flipped


def count_problems(connection: sqlite3.Connection, refused: int = 0) -> dict[str, int]:
    """Counts of what the index leaves out: record files it could not use (with `refused` ones never
    read) and claims that validate would reject."""
    broken = connection.execute("SELECT count(*) FROM files WHERE ok = 0").fetchone()[0] + refused
    left_out = connection.execute("SELECT count(*) FROM claims WHERE ok = 0").fetchone()[0]
    return {"broken_files": broken, "left_out_claims": left_out}
