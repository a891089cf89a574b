"""`search`: ranked hits over names, aliases, statements and quotes, from the FTS5 index."""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING, Any

from spyglass.errors import UsageError
from spyglass.index.claim_answers import claims_where
from spyglass.query.clusters import clusters_of
from spyglass.query.resolve import VALID_NAME

if TYPE_CHECKING:
    from spyglass.model.answer_shapes import ClaimJSON

_OPEN, _CLOSE = "\x02", "\x03"  # highlight markers: the index replaces them in record text (index/rows.py)
# A document of a claim validate would reject (a statement, a quote, an alias) is never a hit.
_VALID_DOC = "(d.claim IS NULL OR d.claim IN (SELECT rowid FROM claims WHERE ok = 1))"
MAX_CLAIMS = 3  # the best-matching claims shown beneath a profile's hit
_FIELD_WEIGHT = {"name": 4.0, "alias": 4.0, "statement": 1.5, "quote": 1.0}


_OPERATORS = frozenset({"OR", "AND", "NOT"})


def fts_query(query: str) -> str:
    """The user's words as an FTS5 query: every word must match; "a phrase", prefix*, and OR, AND,
    NOT in capitals between words, work; anything else is a word, never query syntax.

    `fts_query('MSS OR FBI "Falun Gong" recruit*') == '"MSS" OR "FBI" "Falun Gong" "recruit"*'`
    """
    parts: list[str] = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
        if phrase.strip():
            parts.append('"' + phrase.strip().replace('"', "") + '"')
        elif word in _OPERATORS:
            parts.append(word)
        elif word:
            prefix = word.endswith("*")
            bare = re.sub(r"^\W+|\W+$", "", word.rstrip("*").replace('"', ""))
            if bare:
                parts.append(f'"{bare}"' + ("*" if prefix else ""))
    while parts and parts[0] in _OPERATORS:  # an operator needs a word on each side
        parts[0] = f'"{parts[0]}"'
    while parts and parts[-1] in _OPERATORS:
        parts[-1] = f'"{parts[-1]}"'
    for i in range(1, len(parts)):
        if parts[i] in _OPERATORS and parts[i - 1] in _OPERATORS:
            parts[i] = f'"{parts[i]}"'
    if not parts:
        raise UsageError(f"nothing to search for in {query!r}", 'Give words, a "phrase" or a prefix*.')
    return " ".join(parts)


def spans(marked: str) -> tuple[str, list[list[int]]]:
    """Text with highlight markers -> the plain text and the [start, end] of each highlighted run."""
    plain: list[str] = []
    found: list[list[int]] = []
    length = 0
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", marked):
        if piece == _OPEN:
            found.append([length, length])
        elif piece == _CLOSE:
            if found:  # never expected (the index replaces markers in record text), but never a crash
                found[-1][1] = length
        else:
            plain.append(piece)
            length += len(piece)
    return "".join(plain), found


def search(connection: sqlite3.Connection, query: str, kind: str | None = None, limit: int = 10) -> dict[str, Any]:
    """Hits, best first: an exact name or alias, then by bm25 weighted by where the words matched."""
    match = fts_query(query)
    exact = query.strip().strip('"').casefold()
    try:
        rows = _ranked(connection, match, kind, max(limit * 8, 50), _exact_names(connection, exact, kind))
    except sqlite3.OperationalError as exc:
        raise UsageError(f"cannot search for {query!r}: {exc}", 'Quote odd characters: "like this".') from exc
    best: dict[tuple[str, int | None], dict[str, Any]] = {}
    for entity, entity_kind, field, claim, _, marked, rank, name in rows:
        text, highlighted = spans(marked)
        score = -rank * _FIELD_WEIGHT[field] + (100.0 if field in ("name", "alias") and text.casefold() == exact else 0)
        key = (entity, claim if field != "name" else None)
        if key not in best or best[key]["score"] < score:
            best[key] = {
                "entity": entity,
                "kind": entity_kind,
                "name": name,
                "score": round(score, 3),
                "match": {"field": field, "text": text, "spans": highlighted},
                "_claim": claim,
            }
    return {"query": query, "hits": _profiles(connection, list(best.values()), limit)}


def _profiles(connection: sqlite3.Connection, found: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """One hit per profile (a `same_as` cluster), best first: its best match, and beneath it up to
    MAX_CLAIMS best-matching claims, none shown twice."""
    links = clusters_of(connection, [hit["entity"] for hit in found])
    hits: dict[tuple[str, ...], dict[str, Any]] = {}
    shown: set[str] = set()
    for hit in sorted(found, key=lambda h: (-h["score"], h["entity"])):
        cluster = links[hit["entity"]]
        profile = hits.get(cluster)
        if (profile is None and len(hits) == limit) or (profile is not None and len(profile["claims"]) == MAX_CLAIMS):
            continue
        claim = _claim_for(connection, hit.pop("_claim"), hit["entity"], hit["name"])
        if claim is None or claim["id"] in shown:
            continue  # unproved, or the same claim already shown for a better match
        shown.add(claim["id"])
        if profile is None:
            hits[cluster] = {**hit, "claim": claim, "cluster": list(cluster), "claims": [claim]}
        else:
            profile["claims"].append(claim)
    return list(hits.values())


def _exact_names(connection: sqlite3.Connection, exact: str, kind: str | None) -> list[int]:
    """The name and alias documents that are the query itself: they lead, however common their words."""
    rows = connection.execute(
        "SELECT d.rowid, d.text FROM names n JOIN docs d ON d.entity = n.entity AND d.field IN ('name', 'alias') "
        f"WHERE n.folded = ? AND {VALID_NAME} AND (d.claim IS NULL OR d.claim IN (SELECT rowid FROM claims WHERE ok = 1))"
        + (" AND d.kind = ?" if kind else ""),
        (exact, *([kind] if kind else [])),
    ).fetchall()
    return [rowid for rowid, text in rows if text.casefold() == exact]


def _ranked(
    connection: sqlite3.Connection, match: str, kind: str | None, count: int, exact: list[int]
) -> list[tuple[Any, ...]]:
    """The best `count` documents, and the `exact` ones: ranked by bm25 first, then joined and
    highlighted (only those)."""
    ranked = _valid_best(connection, match, kind, count)
    best = min((rank for _, rank in ranked), default=0.0)
    ranked += [(rowid, best) for rowid in exact if rowid not in {r for r, _ in ranked}]
    if not ranked:
        return []
    ids = [rowid for rowid, _ in ranked]
    marks = ",".join("?" * len(ids))
    marked = dict(
        connection.execute(
            f"SELECT rowid, highlight(docs_fts, 0, char(2), char(3)) FROM docs_fts WHERE docs_fts MATCH ? AND rowid IN ({marks})",
            (match, *ids),
        ).fetchall()
    )
    docs = {
        row[0]: row[1:]
        for row in connection.execute(
            f"SELECT d.rowid, d.entity, d.kind, d.field, d.claim, d.evidence, e.name, d.text FROM docs d "
            f"JOIN entities e ON e.id = d.entity WHERE d.rowid IN ({marks})",
            ids,
        )
    }
    return [
        (*docs[rowid][:5], marked.get(rowid, docs[rowid][6]), rank, docs[rowid][5])
        for rowid, rank in ranked
        if rowid in docs
    ]


def _valid_best(connection: sqlite3.Connection, match: str, kind: str | None, count: int) -> list[tuple[int, float]]:
    """The best `count` documents by bm25 that are not of a claim validate rejects.

    Ranking first and filtering the few ranked after is several times faster than filtering every
    match of a common word; rejected claims are rare, so one round nearly always does.
    """
    where = "docs_fts MATCH ?" + (" AND d.kind = ?" if kind else "")
    params: tuple[Any, ...] = (match, kind) if kind else (match,)
    limit = count
    while True:
        ranked = connection.execute(
            "SELECT f.rowid, bm25(docs_fts) FROM docs_fts f "
            + ("JOIN docs d ON d.rowid = f.rowid " if kind else "")
            + f"WHERE {where} ORDER BY bm25(docs_fts) LIMIT ?",
            (*params, limit),
        ).fetchall()
        marks = ",".join("?" * len(ranked))
        valid = {
            row[0]
            for row in connection.execute(
                f"SELECT d.rowid FROM docs d WHERE d.rowid IN ({marks}) AND {_VALID_DOC}", [r for r, _ in ranked]
            )
        }
        kept = [(rowid, rank) for rowid, rank in ranked if rowid in valid]
        if len(kept) >= count or len(ranked) < limit:
            return kept[:count]
        limit *= 4


def _claim_for(connection: sqlite3.Connection, claim: int | None, entity: str, name: str) -> ClaimJSON | None:
    """The claim behind a hit; for a name, a claim about the entity whose quote holds the name."""
    if claim is None:
        row = connection.execute(
            "SELECT c.rowid FROM claims c JOIN evidence e ON e.claim = c.rowid "
            "WHERE (c.subject = ? OR c.object = ?) AND e.start IS NOT NULL "
            "ORDER BY instr(lower(e.quote), ?) = 0, c.subject != ?, c.position LIMIT 1",
            (entity, entity, name.lower(), entity),
        ).fetchone()
        if row is None:
            return None
        claim = row[0]
    found = claims_where(connection, "c.rowid = ?", (claim,))
    return found[0] if found else None
