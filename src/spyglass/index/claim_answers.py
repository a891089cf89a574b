"""Claims in the JSON shape of every answer (DESIGN 5), made once per change and kept beside the claims
(a table of their own, so that scanning the claims stays quick): what queries and the site show.

Only proved evidence is ever in an answer: a quote whose offsets are unknown is left out, and a
claim with no proved evidence left has no answer ('').
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from spyglass.model.derived import grade, speaker_key, status

if TYPE_CHECKING:
    from spyglass.model.answer_shapes import ClaimJSON
    from spyglass.text.quotes import Parts


class Answered(NamedTuple):
    """A claim as answered, with where it stands in its record and where each quote's parts lie."""

    rowid: int
    position: int  # the claim's index in its record's list
    claim: ClaimJSON
    parts: list[Parts]  # per piece of evidence, in order


def claims_where(
    connection: sqlite3.Connection, where: str, params: Iterable[Any], order: str = "c.rowid"
) -> list[ClaimJSON]:
    """Claims matching a SQL condition on `c` (claims), with their proved evidence, in order; only the
    claims validate would take (`c.ok`), never one it rejects."""
    return [json.loads(row[2]) for row in answer_rows(connection, where, params, order)]


def answered_where(
    connection: sqlite3.Connection, where: str, params: Iterable[Any], order: str = "c.rowid"
) -> list[Answered]:
    """As `claims_where`, with each claim's position in its record and the parts of its quotes."""
    return [
        Answered(rowid, position, json.loads(answer), parse_parts(spans))
        for rowid, position, answer, spans in answer_rows(connection, where, params, order)
    ]


def answer_rows(
    connection: sqlite3.Connection, where: str, params: Iterable[Any], order: str = "c.rowid"
) -> list[tuple[int, int, str, str]]:
    """(rowid, position, answer as JSON text, parts as JSON text) of the valid claims matching `where`."""
    return connection.execute(
        f"SELECT c.rowid, c.position, a.answer, a.spans FROM claims c JOIN answers a ON a.claim = c.rowid "
        f"WHERE c.ok = 1 AND a.answer != '' AND ({where}) "
        f"ORDER BY {order}",
        tuple(params),
    ).fetchall()


def parse_parts(spans: str) -> list[Parts]:
    """Where each quote's parts lie, per piece of evidence, from the JSON the index keeps."""
    return [tuple((s, e) for s, e in parts) for parts in json.loads(spans)]


def fill_answers(connection: sqlite3.Connection, files: list[str], faces: set[str] | None) -> None:
    """Make the answers of the claims of `files` (just indexed), and of every claim naming an id in `faces`,
    whose names, sources or quotes' places may have changed; `faces` None: of every claim. SQLite writes the
    JSON; the grade and the status come from model.derived, as everywhere else."""
    from spyglass.index.changes import claims_naming

    connection.create_function("spyglass_grade", 2, grade, deterministic=True)
    connection.create_function("spyglass_status", 1, _status, deterministic=True)
    if faces is None:
        connection.execute("DELETE FROM answers")
        connection.execute(_FILL.format(claims="SELECT rowid FROM claims"))
        return
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS answered_files(rel TEXT PRIMARY KEY)")
    connection.executemany("INSERT OR IGNORE INTO answered_files VALUES (?)", [(f,) for f in files])
    claims = "SELECT rowid FROM claims WHERE file IN (SELECT rel FROM answered_files)"
    if faces:
        named = claims_naming(connection, faces)
        connection.execute(f"DELETE FROM answers WHERE claim IN ({named})")
        claims += f" UNION {named}"
    connection.execute(_FILL.format(claims=claims))
    connection.execute("DELETE FROM answered_files")


def _status(evidence: str) -> str:
    """The status of a claim from its proved evidence, as a JSON list of [stance, speaker, description, publisher]
    (one call a claim: an SQLite aggregate would cost a call for every piece of evidence)."""
    return status((stance, speaker_key(*who)) for stance, *who in json.loads(evidence))


_PROVED = "SELECT * FROM evidence WHERE claim = claims.rowid AND start IS NOT NULL ORDER BY position"
# Keys in sorted order, as json.dumps(sort_keys=True) writes them; a claim with no proved evidence has no answer.
_FILL = f"""
INSERT INTO answers
SELECT rowid,
  CASE WHEN NOT EXISTS (SELECT 1 FROM evidence WHERE claim = claims.rowid AND start IS NOT NULL) THEN ''
    ELSE json_object(
      'evidence', json((SELECT json_group_array(json_object(
          'end', e."end", 'grade', spyglass_grade(s.reliability, e.credibility), 'locator', e.locator,
          'quote', e.quote, 'source', e.source, 'source_published', s.published, 'source_publisher', s.publisher,
          'source_title', s.title, 'speaker', e.speaker, 'speaker_description', e.speaker_description,
          'speaker_name', p.name, 'stance', e.stance, 'start', e.start))
        FROM ({_PROVED}) e LEFT JOIN sources s ON s.id = e.source LEFT JOIN entities p ON p.id = e.speaker)),
      'id', id,
      'object', object,
      'object_name', (SELECT name FROM entities WHERE id = claims.object),
      'predicate', predicate,
      'statement', statement,
      'status', (SELECT spyglass_status(json_group_array(json_array(e.stance, e.speaker, e.speaker_description,
          coalesce(nullif(s.publisher, ''), e.source)))) FROM ({_PROVED}) e LEFT JOIN sources s ON s.id = e.source),
      'subject', subject,
      'subject_name', (SELECT name FROM entities WHERE id = claims.subject),
      'value', value,
      'when', "when")
    END,
  (SELECT json_group_array(json(coalesce(e.parts, json_array(json_array(e.start, e."end")))))
    FROM ({_PROVED}) e),
  replace(json_array(id, statement, json((SELECT json_group_array(quote) FROM (
    SELECT DISTINCT quote FROM evidence WHERE claim = claims.rowid AND start IS NOT NULL ORDER BY quote)))),
    '<', '\\u003c')
FROM claims WHERE rowid IN ({{claims}})
"""
