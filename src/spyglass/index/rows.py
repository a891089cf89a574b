"""The rows a record becomes in the index: gathered, given rowids, and written with executemany."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

# search highlights with \x02 and \x03: in indexed text each becomes U+FFFD, so offsets stay those of the record
_NOT_MARKERS = str.maketrans({"\x02": "\ufffd", "\x03": "\ufffd"})


class Rows:
    """Rows to insert, gathered and written with executemany; rowids are assigned here."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.next_claim = connection.execute("SELECT coalesce(max(rowid), 0) + 1 FROM claims").fetchone()[0]
        self.next_doc = connection.execute("SELECT coalesce(max(rowid), 0) + 1 FROM docs").fetchone()[0]
        self.tables: dict[str, list[tuple[Any, ...]]] = {}

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.tables.setdefault(table, []).append(row)

    def doc(self, row: tuple[Any, ...]) -> None:
        text = row[-1].translate(_NOT_MARKERS)
        self.add("docs", (self.next_doc, *row[:-1], text))
        self.add("docs_fts(rowid, text)", (self.next_doc, text))
        self.next_doc += 1

    def flush(self) -> None:
        from spyglass.index.schema import SCHEMA

        bulk = sum(len(rows) for rows in self.tables.values()) > 20_000
        indexes = [line for line in SCHEMA.splitlines() if line.startswith("CREATE INDEX")]
        if bulk:  # building an index once after the rows are in is several times faster than keeping it up
            for line in indexes:
                self.connection.execute(f"DROP INDEX {line.split()[2]}")
        for table, rows in self.tables.items():
            marks = ", ".join("?" * len(rows[0]))
            self.connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        self.tables.clear()
        if bulk:
            for line in indexes:
                self.connection.execute(line)


def insert_source(connection: sqlite3.Connection, rel: str, source: Any) -> None:
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


def insert_written_ids(rows: Rows, rel: str, entity: Any, code: str) -> None:
    """The claims with written ids of a record left out for an error of its own (`code`): never answered, they
    still come first to their ids, as in validate (SG308 for a later claim with one)."""
    from spyglass.kb.layout import discovery_rank

    for position, claim in enumerate(entity.claims):
        if claim.id is not None:
            row = (rows.next_claim, claim.id, rel, entity.id, position, claim.predicate, None, None, claim.statement)
            rows.add("claims", (*row, None, None, code, None, None, 1, discovery_rank(rel)))
            rows.next_claim += 1


def insert_entity(rows: Rows, rel: str, entity: Any) -> None:
    from spyglass.kb.layout import discovery_rank
    from spyglass.model.claim_rules import claim_problems
    from spyglass.model.dates import sort_key
    from spyglass.model.derived import derived_claim_id
    from spyglass.model.vocabulary import PREDICATES

    rows.add("entities", (entity.id, rel, entity.kind, entity.name, entity.summary, json.dumps(entity.further_reading)))
    rows.add("names", (entity.name.casefold(), entity.id, rel, 0, None))
    rows.doc((rel, entity.id, entity.kind, "name", None, None, entity.name))
    for position, claim in enumerate(entity.claims):
        claim_row = rows.next_claim
        rows.next_claim += 1
        predicate = PREDICATES[claim.predicate]
        date = claim.when or (claim.value if predicate.value == "date" else None)
        problems = claim_problems(entity.kind, claim)
        rows.add(
            "claims",
            (
                claim_row,
                derived_claim_id(entity.id, claim),
                rel,
                entity.id,
                position,
                claim.predicate,
                claim.object,
                claim.value,
                claim.statement,
                claim.when,
                _sortable(*sort_key(date)) if date else None,
                problems[0].code if problems else None,
                f",{','.join(sorted(predicate.objects))}," if predicate.objects else None,
                None,  # set for all claims at once after the refresh (schema.mark_valid)
                int(claim.id is not None),  # only a written id can be written twice (SG308)
                discovery_rank(rel),  # which of two claims with one written id comes first, as validate reads them
            ),
        )
        if claim.predicate == "alias" and claim.value:
            rows.add("names", (claim.value.casefold(), entity.id, rel, 1, claim_row))
            rows.doc((rel, entity.id, entity.kind, "alias", claim_row, None, claim.value))
        rows.doc((rel, entity.id, entity.kind, "statement", claim_row, None, claim.statement))
        for e, item in enumerate(claim.evidence):
            rows.add(
                "evidence",
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
                    None,  # start, end and parts: set when the quote is proved (refresh._anchor)
                    None,
                    None,
                ),
            )
            rows.doc((rel, entity.id, entity.kind, "quote", claim_row, e, item.quote))


def _sortable(year: int, month: int, day: int) -> str:
    """A date as text that sorts as the date does, negative years included."""
    return f"{year + 2_000_000_000:011d}-{month:02d}-{day:02d}"
