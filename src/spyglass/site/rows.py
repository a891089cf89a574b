"""What the site's pages are made of, read from the index: records, and the valid claims each page shows.

The index answers only the claims validate takes (`claims.ok`), as the query commands do, and is
refreshed file by file: so a rebuild after one edit reads only the claims of the pages it remakes.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spyglass.index.claim_answers import parse_parts

if TYPE_CHECKING:
    from spyglass.model.answer_shapes import ClaimJSON
    from spyglass.text.quotes import Parts

ClaimKey = tuple[str, int]  # subject id, the claim's index in its record


@dataclass(frozen=True)
class EntityRow:
    id: str
    kind: str
    name: str
    summary: str | None
    further_reading: tuple[str, ...]


@dataclass(frozen=True)
class SourceRow:
    id: str
    type: str
    title: str
    authors: tuple[str, ...]
    publisher: str | None
    published: str | None
    url: str | None
    version: str | None
    licence: str | None
    text: str
    sha256: str
    reliability: str | None
    notes: str | None


@dataclass
class Claims:
    """Valid claims as the index stores their answers (JSON text, parsed only where a page shows them), with
    the parts of their quotes and what points where."""

    text: dict[ClaimKey, bytes] = field(default_factory=dict)  # the answer, in the shape of `show --json`, UTF-8
    predicate: dict[ClaimKey, str] = field(default_factory=dict)
    object: dict[ClaimKey, str | None] = field(default_factory=dict)
    spans: dict[ClaimKey, str] = field(default_factory=dict)  # the parts of each quote, as JSON text
    own: dict[str, list[ClaimKey]] = field(default_factory=dict)  # subject id -> its claims, in record order
    pointing_to: dict[str, list[ClaimKey]] = field(default_factory=dict)  # object id -> claims of others
    said_by: dict[str, list[ClaimKey]] = field(default_factory=dict)  # speaker id -> claims
    citing: dict[str, list[ClaimKey]] = field(default_factory=dict)  # source id -> claims
    _parsed: dict[ClaimKey, ClaimJSON] = field(default_factory=dict)
    _parts: dict[ClaimKey, list[Parts]] = field(default_factory=dict)

    def claim(self, key: ClaimKey) -> ClaimJSON:
        """A claim as data, for a template."""
        found = self._parsed.get(key)
        if found is None:
            found = self._parsed[key] = json.loads(self.text[key])
        return found

    def parts(self, key: ClaimKey) -> list[Parts]:
        """Where the parts of each of a claim's quotes lie, per piece of evidence."""
        found = self._parts.get(key)
        if found is None:
            found = self._parts[key] = parse_parts(self.spans[key])
        return found


class StaleIndex(Exception):
    """The index changed between the build's reading of it and a worker's: the pages are made in one process."""


@dataclass
class SiteData:
    """Every entity and source record, and the valid claims shown on the pages being made."""

    entities: dict[str, EntityRow]
    sources: dict[str, SourceRow]
    claims: Claims
    connection: sqlite3.Connection
    path: str  # the index file: a forked worker opens its own connection, never sharing one across a fork
    snapshot: tuple[str, int]  # the index's epoch and generation as the build read them
    _pid: int = field(default_factory=os.getpid)

    def reader(self) -> sqlite3.Connection:
        """The connection to read the index through: this process's own, never one shared across a fork.

        A worker's connection reads one state of the index for its whole life; StaleIndex when that is no
        longer the state the build began from (another command refreshed it meanwhile)."""
        if os.getpid() != self._pid:
            from spyglass.index.changes import index_state

            self.connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._pid = os.getpid()
            self.connection.execute("BEGIN")
            if index_state(self.connection) != self.snapshot:
                raise StaleIndex(self.path)
        return self.connection

    def has_text(self, source_id: str) -> bool:
        """Whether the source's archived text is there and matches its pinned sha256."""
        query = "SELECT 1 FROM texts WHERE source = ? AND body IS NOT NULL"
        return self.reader().execute(query, (source_id,)).fetchone() is not None

    def text(self, source_id: str) -> str:
        """A source's archived text; '' when it is missing or no longer matches its pinned sha256."""
        row = self.reader().execute("SELECT body FROM texts WHERE source = ?", (source_id,)).fetchone()
        return row[0] if row and row[0] is not None else ""


def records(connection: sqlite3.Connection) -> tuple[dict[str, EntityRow], dict[str, SourceRow]]:
    """Every indexed entity and source, by id."""
    entities = {
        row[0]: EntityRow(row[0], row[1], row[2], row[3], tuple(json.loads(row[4] or "[]")))
        for row in connection.execute("SELECT id, kind, name, summary, further_reading FROM entities ORDER BY id")
    }
    sources = {
        row[0]: SourceRow(row[0], row[1], row[2], tuple(json.loads(row[3] or "[]")), *row[4:])
        for row in connection.execute(
            "SELECT id, type, title, authors, publisher, published, url, version, licence, text, sha256, "
            "reliability, notes FROM sources ORDER BY id"
        )
    }
    return entities, sources


def load(
    connection: sqlite3.Connection,
    entities: dict[str, EntityRow],
    sources: dict[str, SourceRow],
    entity_pages: Iterable[str] | None = None,
    source_pages: Iterable[str] | None = None,
) -> SiteData:
    """The valid claims shown on the pages of the given entities and sources (None: every page)."""
    claims = Claims()
    every = entity_pages is None or source_pages is None
    if every:
        chosen = "claims c"
        evidence = "SELECT claim, speaker, source FROM evidence ORDER BY claim, position"
    else:
        wanted, cited = set(entity_pages or ()), set(source_pages or ())
        _choose(connection, wanted, cited)
        chosen = "site_claims w JOIN claims c ON c.rowid = w.rowid"
        evidence = (  # only the speakers and sources whose pages are made: a prolific speaker's claims are many
            "SELECT claim, speaker, source FROM evidence WHERE speaker IN (SELECT id FROM site_entities) "
            "OR source IN (SELECT id FROM site_sources) ORDER BY claim, position"
        )
    keys: dict[int, ClaimKey] = {}
    rows = connection.execute(
        f"SELECT c.rowid, c.subject, c.position, c.predicate, c.object, CAST(a.answer AS BLOB), a.spans FROM {chosen} "
        "JOIN answers a ON a.claim = c.rowid WHERE c.ok = 1 AND a.answer != ''"
    ).fetchall()
    rows.sort(key=lambda row: (row[1], row[2]))  # by subject and place in record; SQLite would sort the answers too
    for rowid, subject, position, predicate, obj, answer, spans in rows:
        key = keys[rowid] = (subject, position)
        claims.text[key] = answer
        claims.predicate[key] = predicate
        claims.object[key] = obj
        claims.spans[key] = spans
        if every or subject in wanted:
            claims.own.setdefault(subject, []).append(key)
        if obj and obj != subject and (every or obj in wanted):
            claims.pointing_to.setdefault(obj, []).append(key)
    speakers: dict[ClaimKey, list[str]] = {}
    cites: dict[ClaimKey, list[str]] = {}
    for rowid, speaker, source in connection.execute(evidence):
        found = keys.get(rowid)
        if found is None:
            continue  # a claim left out
        if speaker and (every or speaker in wanted):
            speakers.setdefault(found, []).append(speaker)
        if every or source in cited:
            cites.setdefault(found, []).append(source)
    for key in claims.text:  # in subject and record order, as every list of claims on a page
        for speaker in dict.fromkeys(speakers.get(key, ())):
            claims.said_by.setdefault(speaker, []).append(key)
        for source in dict.fromkeys(cites.get(key, ())):
            claims.citing.setdefault(source, []).append(key)
    from spyglass.index.changes import index_state

    path = connection.execute("PRAGMA database_list").fetchone()[2]
    return SiteData(entities, sources, claims, connection, path, index_state(connection))


def _choose(connection: sqlite3.Connection, entity_pages: Iterable[str], source_pages: Iterable[str]) -> None:
    """Fill `site_claims` with the claims an entity page shows (its own, those pointing at it, those it speaks
    in) or a source page (those citing it); each found through an index."""
    for table in (
        "site_entities(id TEXT PRIMARY KEY)",
        "site_sources(id TEXT PRIMARY KEY)",
        "site_claims(rowid INTEGER PRIMARY KEY)",
    ):
        connection.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table}")
        connection.execute(f"DELETE FROM {table.split('(')[0]}")
    connection.executemany("INSERT INTO site_entities VALUES (?)", [(i,) for i in sorted(entity_pages)])
    connection.executemany("INSERT INTO site_sources VALUES (?)", [(i,) for i in sorted(source_pages)])
    connection.execute(
        "INSERT INTO site_claims SELECT rowid FROM claims WHERE subject IN (SELECT id FROM site_entities) "
        "UNION SELECT rowid FROM claims WHERE object IN (SELECT id FROM site_entities) "
        "UNION SELECT claim FROM evidence WHERE speaker IN (SELECT id FROM site_entities) "
        "UNION SELECT claim FROM evidence WHERE source IN (SELECT id FROM site_sources)"
    )


def entity_json(data: SiteData, entity_id: str) -> bytes:
    """An entity in the shape of `show --json` (its claims, aliases apart, and the claims of others about it), as
    compact JSON with sorted keys, put together from the claims' stored answers."""
    entity = data.entities[entity_id]
    claims = data.claims
    own = sorted(claims.own.get(entity_id, []), key=lambda k: claims.predicate[k])

    def array(keys: Iterable[ClaimKey]) -> bytes:  # bytes: a prolific speaker's JSON is tens of megabytes
        return b"[" + b",".join(claims.text[key] for key in keys) + b"]"

    def value(item: object) -> bytes:
        return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode()

    fields = {
        "aliases": array(k for k in own if claims.predicate[k] == "alias"),
        "claims": array(k for k in own if claims.predicate[k] != "alias"),
        "further_reading": value(list(entity.further_reading)),
        "id": value(entity.id),
        "kind": value(entity.kind),
        "mentions": array(claims.pointing_to.get(entity_id, [])),
        "name": value(entity.name),
        "said": array(claims.said_by.get(entity_id, [])),
        "summary": value(entity.summary),
    }
    return b"{" + b",".join(b'"%s":%s' % (name.encode(), text) for name, text in fields.items()) + b"}\n"
