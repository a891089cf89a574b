"""The index's log of what each refresh changed, for whoever rebuilds from it (the site).

A page about a record shows the claims that name it (as subject, object, speaker or cited source) and
what those claims show of the other records they name: an entity's kind and name, a source's title,
date, publisher, reliability and text (its face). So a refresh logs every id named by a changed
claim, before and after, and the ids whose face changed: every claim naming one of those is shown
differently, and its stored answer is made again (claim_answers.fill_answers).
"""

from __future__ import annotations

import sqlite3
from typing import Any

KEPT = 1000  # generations of changes kept; a site built before them is rebuilt whole


def index_state(connection: sqlite3.Connection) -> tuple[str, int]:
    """The index file's own id (a rebuilt index has a new one) and the generation of its last change."""
    meta = dict(connection.execute("SELECT key, value FROM meta WHERE key IN ('epoch', 'generation')").fetchall())
    return str(meta.get("epoch", "")), int(meta.get("generation", 0))


class ChangeLog:
    """What one refresh changed: the ids whose pages change, and those whose face changed (or that came or went)."""

    def __init__(self, everything: bool) -> None:
        self.everything = everything  # so many files changed that noting each one costs more than it saves
        self.pages: set[str] = set()
        self.faces: set[str] = set()
        self._before: dict[str, tuple[Any, ...]] = {}
        self._claims_before: dict[str, dict[tuple[Any, ...], set[str]]] = {}

    def before(self, connection: sqlite3.Connection, rel: str) -> None:
        """Note a file's records and claims, before its rows go."""
        if self.everything:
            return
        self._before.update(_faces(connection, rel))
        self._claims_before[rel] = _claims(connection, rel)

    def after(self, connection: sqlite3.Connection, rel: str) -> None:
        """Note a file's records and claims once its new rows are in, proved and marked: the ids named by a claim
        that came, went or changed (its words, its quotes' places, or whether it is valid) have pages to remake."""
        if self.everything:
            return
        faces = _faces(connection, rel)
        self.faces |= {record_id for record_id, face in faces.items() if self._before.pop(record_id, None) != face}
        self.pages |= faces.keys()
        old, new = self._claims_before.pop(rel, {}), _claims(connection, rel)
        for signature in old.keys() ^ new.keys():
            self.pages |= old.get(signature) or new[signature]

    def flipped(self, connection: sqlite3.Connection, rowids: list[int]) -> None:
        """Note claims of files not read again whose validity changed: the pages naming them show or hide them."""
        if self.everything or not rowids:
            return
        connection.execute("CREATE TEMP TABLE IF NOT EXISTS flipped_claims(rowid INTEGER PRIMARY KEY)")
        connection.executemany("INSERT OR IGNORE INTO flipped_claims VALUES (?)", [(r,) for r in rowids])
        self.pages |= ids_named_by(connection, "SELECT rowid FROM flipped_claims")
        connection.execute("DELETE FROM flipped_claims")

    def write(self, connection: sqlite3.Connection) -> None:
        """Log the changes under the next generation (a NULL id: everything changed); keep the last KEPT."""
        self.faces |= self._before.keys()  # records that went (or moved to a file read later: noted there too)
        for gone in self._claims_before.values():  # files removed, or left out now: their claims went
            self.pages |= {named for ids in gone.values() for named in ids}
        self.pages |= self.faces
        if not (self.pages or self.everything):
            return
        row = connection.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        generation = (row[0] if row else 0) + 1
        rows = (
            [(generation, None, 1)] if self.everything else [(generation, i, int(i in self.faces)) for i in self.pages]
        )
        connection.executemany("INSERT INTO changes VALUES (?, ?, ?)", rows)
        connection.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (generation,))
        connection.execute("DELETE FROM changes WHERE generation <= ?", (generation - KEPT,))


def _faces(connection: sqlite3.Connection, rel: str) -> dict[str, tuple[Any, ...]]:
    """What other pages show of the records in a file: an entity's kind and name; a source's title, date,
    publisher, reliability and pinned digest."""
    faces: dict[str, tuple[Any, ...]] = {
        row[0]: row for row in connection.execute("SELECT id, kind, name FROM entities WHERE file = ?", (rel,))
    }
    faces.update(
        (row[0], row)
        for row in connection.execute(
            "SELECT id, title, published, publisher, reliability, sha256 FROM sources WHERE file = ?", (rel,)
        )
    )
    return faces


def _claims(connection: sqlite3.Connection, rel: str) -> dict[tuple[Any, ...], set[str]]:
    """A file's claims, each as what its pages show of it (its place in its record, words, quotes and their places,
    and whether it is valid), with the ids it names: subject, object, speakers and cited sources."""
    evidence: dict[int, list[tuple[Any, ...]]] = {}
    for row in connection.execute(
        'SELECT claim, position, source, quote, speaker, speaker_description, stance, credibility, locator, start, "end", '
        "parts FROM evidence WHERE file = ? ORDER BY claim, position",
        (rel,),
    ):
        evidence.setdefault(row[0], []).append(row[1:])
    claims = {}
    for rowid, *fields in connection.execute(
        'SELECT rowid, subject, position, id, predicate, object, value, statement, "when", ok FROM claims WHERE file = ?',
        (rel,),
    ):
        items = evidence.get(rowid, [])
        named = {fields[0], fields[4], *(item[3] for item in items), *(item[1] for item in items)}
        named.discard(None)
        claims[(*fields, *items)] = named
    return claims


def ids_named_by(connection: sqlite3.Connection, claims: str) -> set[str]:
    """Every id the claims of the subquery `claims` (of rowids) name: subjects, objects, speakers, cited sources."""
    named = {
        i for row in connection.execute(f"SELECT subject, object FROM claims WHERE rowid IN ({claims})") for i in row
    }
    named |= {
        i for row in connection.execute(f"SELECT speaker, source FROM evidence WHERE claim IN ({claims})") for i in row
    }
    named.discard(None)
    return named


def claims_naming(connection: sqlite3.Connection, ids: set[str]) -> str:
    """A subquery of the rowids of every claim (valid or not) naming one of `ids`; valid on this connection until
    the next call."""
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS named_ids(id TEXT PRIMARY KEY)")
    connection.execute("DELETE FROM named_ids")
    connection.executemany("INSERT INTO named_ids VALUES (?)", [(i,) for i in sorted(ids)])
    return (
        "SELECT rowid FROM claims WHERE subject IN (SELECT id FROM named_ids) OR object IN (SELECT id FROM named_ids) "
        "UNION SELECT claim FROM evidence WHERE speaker IN (SELECT id FROM named_ids) "
        "OR source IN (SELECT id FROM named_ids)"
    )
