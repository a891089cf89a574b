"""`new`: a record skeleton for an entity a source names, in the right folder, never over another.

The skeleton's first claim quotes the passage where the source names the entity, so that the
name is proved from the start; its statement is a TODO that `validate` refuses until it is written.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from spyglass.cache import write_new
from spyglass.diagnostics import article
from spyglass.errors import NotFound, SpyglassError, UsageError
from spyglass.kb.files import inside
from spyglass.kb.layout import KIND_FOLDER, check_root
from spyglass.kb.yaml_text import yaml_string
from spyglass.model.vocabulary import ENTITY_KINDS, PREDICATES, Predicate
from spyglass.text.quotes import ArchivedText, normalise, sentences, whole_words

PLACEHOLDER = "TODO: say what the quote says, in your own neutral words"
MAX_SCAFFOLD_QUOTE = 300  # characters of the passage offered as the first quote
# model.records' SLUG and MAX_TEXT (a test keeps them alike): importing it loads pydantic, ~100 ms `new` never uses
SLUG = r"^[a-z0-9][a-z0-9-]*$"
MAX_NAME = 2000


class RecordExists(SpyglassError):
    """A record with this id is already in the knowledge base: `new` never overwrites."""


@dataclass(frozen=True)
class Duplicate:
    """An entity that already has the name (as its name or an alias)."""

    id: str
    file: str
    name: str


@dataclass(frozen=True)
class NewRecord:
    """What `new` wrote, the passage it quoted, and the entities that may be the same one."""

    id: str
    kind: str
    name: str  # as the source spells it
    path: Path
    quote: str
    duplicates: list[Duplicate]


def new_record(root: Path, kind: str, name: str, source_id: str, record_id: str | None = None) -> NewRecord:
    """Write `<folder>/<id>.yaml` for an entity of `kind` called `name`, citing `source_id`."""
    from spyglass.index.database import open_index

    check_root(root)
    if kind not in ENTITY_KINDS:
        raise UsageError(f"'{kind}' is not a kind of entity", f"Kinds: {', '.join(ENTITY_KINDS)}")
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise UsageError("a name must be some text, at most 2,000 characters", "Give the name as the source writes it.")
    entity_id = record_id or slugify(name)
    if not re.match(SLUG, entity_id) or len(entity_id) > 200:
        raise UsageError(f"'{entity_id}' is not an id: ids are lowercase letters, digits and hyphens", "Give --id.")
    folder = root / KIND_FOLDER[kind]
    path = folder / f"{entity_id}.yaml"
    if folder.exists() and not inside(root, folder):
        raise UsageError(f"{folder} leads outside the knowledge base", "Make it a folder of the knowledge base.")
    connection, _ = open_index(root)
    try:
        taken = connection.execute("SELECT file FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if path.exists() or path.is_symlink() or path.with_suffix(".yml").exists() or taken:
            where = taken[0] if taken else path
            raise RecordExists(f"a record with id '{entity_id}' exists already: {where}", "Choose another --id.")
        text = _source_text(connection, source_id)
        found = passage_naming(text, name)
        if found is None:
            raise NotFound(
                f"'{name}' does not occur in source '{source_id}' (as whole words, in any case)",
                "A name must be written as the source writes it. Find it with: "
                f"spyglass quote {source_id} {yaml_string(name)}",
            )
        quote, name = found  # the name as the source spells it, whatever case it was typed in
        duplicates = _same_name(connection, name)
    finally:
        connection.close()
    try:
        write_new(path, skeleton(kind, entity_id, name, source_id, quote).encode("utf-8"))
    except FileExistsError:  # made between the check above and now: still never overwritten
        raise RecordExists(f"a record with id '{entity_id}' exists already: {path}", "Choose another --id.") from None
    return NewRecord(entity_id, kind, name, path, quote, duplicates)


def slugify(name: str) -> str:
    """An id from a name: `slugify("Ministry of State Security") == 'ministry-of-state-security'`."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")


def _source_text(connection: sqlite3.Connection, source_id: str) -> ArchivedText:
    row = connection.execute("SELECT t.body FROM texts t WHERE t.source = ?", (source_id,)).fetchone()
    if row is None:
        import difflib

        ids = [r[0] for r in connection.execute("SELECT id FROM sources")]
        close = difflib.get_close_matches(source_id, ids, n=3)
        hint = (
            ("Did you mean: " + ", ".join(close) + "?") if close else "Add it first: spyglass source add FILE --id ID"
        )
        raise NotFound(f"no source '{source_id}'", hint)
    if row[0] is None:
        raise NotFound(f"source '{source_id}' has no readable archived text", "Run: spyglass validate")
    return ArchivedText(row[0])


def passage_naming(text: ArchivedText, name: str) -> tuple[str, str] | None:
    """The sentence where `name` first occurs (as whole words, any case), and the name there, as the text has them."""
    # offsets in the normal text itself: casefolding may change lengths ('ß' -> 'ss'), a regular expression's
    # case-insensitive match does not
    pattern = re.compile(re.escape(normalise(name)), re.IGNORECASE)
    found = next((m for m in pattern.finditer(text.normal) if whole_words(text.normal, *m.span())), None)
    if found is None:
        return None
    name_start, name_end = text.original_span(*found.span())
    start, end = sentence_around(text.original, name_start, name_end)
    if end - start > MAX_SCAFFOLD_QUOTE:  # a long sentence: the name and the words around it
        start, end = _words_around(text.original, start, end, name_start, name_end)
    return text.original[start:end], text.original[name_start:name_end]


def sentence_around(original: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding `original[start:end]`, or that span itself when no sentence holds it."""
    # a blank line always ends a sentence: split the paragraph, not a text of megabytes (~80 ms for 1 MB)
    before = original.rfind("\n\n", 0, start)
    paragraph = 0 if before < 0 else before + 2
    after = original.find("\n\n", end)
    for first, last in sentences(original[paragraph : len(original) if after < 0 else after]):
        if paragraph + first <= start and end <= paragraph + last:
            return paragraph + first, paragraph + last
    return start, end


def _words_around(original: str, first: int, last: int, start: int, end: int) -> tuple[int, int]:
    room = max(0, MAX_SCAFFOLD_QUOTE - (end - start)) // 2  # a name longer than the limit is quoted whole
    left = max(first, start - room)
    right = min(last, end + room)
    while first < left < start and not original[left - 1].isspace():  # whole words, and never into the name
        left += 1
    while end < right < last and not original[right].isspace():
        right -= 1
    return left, right


def _same_name(connection: sqlite3.Connection, name: str) -> list[Duplicate]:
    rows = connection.execute(
        "SELECT DISTINCT e.id, e.file, e.name FROM names n JOIN entities e ON e.id = n.entity WHERE n.folded = ? "
        "ORDER BY e.id",
        (name.casefold(),),
    ).fetchall()
    return [Duplicate(*row) for row in rows]


def skeleton(kind: str, entity_id: str, name: str, source_id: str, quote: str) -> str:
    """The record's first text: its id, kind and name, one claim to finish, and what it may say."""
    allowed = [p for p in PREDICATES.values() if kind in p.subjects]
    attributes = ", ".join(_attribute(p) for p in allowed if not p.objects)
    relations = ", ".join(f"{p.name} -> {'|'.join(sorted(p.objects))}" for p in allowed if p.objects)
    return (
        f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
        f"# Attributes of {article(kind)} (value: ...): {attributes}\n"
        f"# Relations of {article(kind)} (object: <id>): {relations or 'none'}\n"
        "# Finish the claim below (its statement is a TODO that validate refuses), then: spyglass validate\n"
        f"id: {entity_id}\n"
        f"kind: {kind}\n"
        f"name: {yaml_string(name)}\n"
        "claims:\n"
        "  - predicate: states\n"
        f"    statement: {yaml_string(PLACEHOLDER)}\n"
        "    evidence:\n"
        f"      - source: {source_id}\n"
        f"        quote: {yaml_string(quote)}\n"
    )


def _attribute(predicate: Predicate) -> str:
    if predicate.value == "none":
        return predicate.name
    if predicate.terms:
        return f"{predicate.name} (one of: {' | '.join(predicate.terms)})"
    return f"{predicate.name} ({predicate.value})"
