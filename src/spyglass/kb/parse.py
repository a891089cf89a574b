"""Parsing one record file: strictly, fast for ordinary files, carefully (with positions) for the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from spyglass.diagnostics import make
from spyglass.kb.files import ParsedRecord, RecordFile
from spyglass.kb.model_check import check_against_model
from spyglass.kb.yaml_loader import load_fast, load_yaml_bytes
from spyglass.model.records import model_for


def parse_record(file: RecordFile, raw: bytes, root: Path | None = None) -> tuple[ParsedRecord, Any]:
    """Parse and check one file's bytes: YAML rules, then its model, then file name and folder.

    Ordinary files take the fast path (no positions kept); a file with any problem is parsed
    again carefully, so that every diagnostic has its line and column. Returns the record and,
    when the file has no problem, its plain data (what the cache keeps).
    """

    data = load_fast(raw)
    if (
        isinstance(data, dict)
        and data.get("id") == file.stem
        and (file.kind == "source" or data.get("kind") == file.kind)
    ):
        try:
            return ParsedRecord(file, model_for(file.kind).model_validate(data)), data
        except ValidationError:
            pass
    parsed = parse_carefully(file, raw, root)
    return parsed, (parsed.data if not parsed.diagnostics else None)


def parse_carefully(file: RecordFile, raw: bytes, root: Path | None = None) -> ParsedRecord:
    """Parse with the position of every key and value, and report every problem with its place."""

    loaded = load_yaml_bytes(raw, file.rel)
    parsed = ParsedRecord(file, None, loaded.marks, loaded.key_marks, list(loaded.diagnostics))
    if loaded.data is None:
        return parsed
    if not isinstance(loaded.data, dict):
        shape = "a list" if isinstance(loaded.data, list) else "a single value"
        parsed.diagnostics.append(make("SG110", file.rel, 1, 1, f"the file holds {shape}, not a mapping of keys"))
        return parsed
    parsed.data = loaded.data
    parsed.record, problems = check_against_model(loaded, file, root)
    parsed.diagnostics.extend(problems)
    return parsed
