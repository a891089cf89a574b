"""Where a value lies: the file, line and column of a path in a record, found again when needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spyglass.kb.files import ParsedRecord
from spyglass.kb.reading import Refused, read_regular

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase

DataPath = tuple[str | int, ...]


def at(kb: KnowledgeBase, record_id: str, path: DataPath) -> tuple[str, int, int]:
    """File, line and column of a value in the record with this id."""
    return place(kb, kb.where[record_id], path)


def place(kb: KnowledgeBase, parsed: ParsedRecord, path: DataPath) -> tuple[str, int, int]:
    """File, line and column of a value; positions are found again only when a problem needs them."""
    if not parsed.marks:
        from spyglass.kb.parse import parse_carefully
        from spyglass.kb.yaml_loader import MAX_FILE_BYTES

        try:
            raw = read_regular(kb.root / parsed.file.rel, MAX_FILE_BYTES)
        except Refused:
            return (parsed.file.rel, 0, 0)  # replaced since it was parsed: no position to give
        positioned = parse_carefully(parsed.file, raw)
        parsed.marks, parsed.key_marks = positioned.marks, positioned.key_marks
    return (parsed.file.rel, *parsed.mark(path))
