"""Check loaded data against its pydantic model and turn each error into a positioned diagnostic."""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from spyglass.diagnostics import Diagnostic, did_you_mean, make
from spyglass.kb.files import RecordFile, inside
from spyglass.kb.reading import MAX_TEXT_BYTES, Refused, read_regular
from spyglass.kb.yaml_loader import Loaded
from spyglass.model.records import EDTF, ENTITY_MODELS, SLUG, model_for
from spyglass.model.vocabulary import PREDICATES

_SLUG_FIELDS = {"id", "object", "source", "speaker"}
_DATE_FIELDS = {"when", "published"}


def check_against_model(loaded: Loaded, file: RecordFile, root: Path | None = None) -> tuple[Any, list[Diagnostic]]:
    """The validated record (or None) and the diagnostics; file stem and folder checked too.

    With the knowledge base's `root`, a source missing its sha256 is told the digest of its text.
    """
    data = loaded.data
    problems: list[Diagnostic] = []
    kind = data.get("kind") if file.kind != "source" else "source"
    if file.kind != "source" and kind != file.kind:
        line, column = loaded.mark(("kind",))
        if kind in ENTITY_MODELS:
            problems.append(
                make(
                    "SG209",
                    file.rel,
                    line,
                    column,
                    f"kind '{kind}' in folder {file.rel.split('/')[0]}/, which holds {file.kind} records",
                )
            )
        elif "kind" in data:
            problems.append(
                make(
                    "SG204",
                    file.rel,
                    line,
                    column,
                    f"kind '{kind}' is not one of: " + ", ".join(ENTITY_MODELS),
                    f"Use '{file.kind}' for a record in this folder.",
                )
            )
        data = {**data, "kind": file.kind}  # check the rest as the folder's kind, to report every problem
    record = None
    try:
        record = model_for(file.kind).model_validate(data)
    except ValidationError as exc:
        problems.extend(_diagnostic(loaded, file, error, root) for error in exc.errors(include_url=False))
    identifier = data.get("id")
    if isinstance(identifier, str) and identifier != file.stem:
        line, column = loaded.mark(("id",))
        problems.append(make("SG208", file.rel, line, column, f"id '{identifier}' in a file named {file.stem}"))
    return (record if not problems else None), problems


def _diagnostic(loaded: Loaded, file: RecordFile, error: Any, root: Path | None) -> Diagnostic:
    loc = tuple(error["loc"])
    kind, field = error["type"], next((p for p in reversed(loc) if isinstance(p, str)), "")
    where = _dotted(loc)
    if kind == "extra_forbidden":
        line, column = loaded.mark(loc, key=True)
        allowed = _allowed_keys(file, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = (f"Did you mean '{close[0]}'? " if close else "") + "Keys allowed here: " + ", ".join(allowed) + "."
        return make("SG201", file.rel, line, column, f"unknown key '{loc[-1]}'", hint)
    line, column = loaded.mark(loc)
    value = error.get("input")
    if kind == "missing":
        hint = _digest_hint(root, file, loaded.data) if loc == ("sha256",) and file.kind == "source" else ""
        return make("SG202", file.rel, line, column, f"'{where}' is required", hint)
    if field == "predicate" and kind == "literal_error":
        hint = did_you_mean(str(value), list(PREDICATES)) + "Predicates: " + ", ".join(PREDICATES) + "."
        return make("SG205", file.rel, line, column, f"unknown predicate '{value}'", hint)
    if kind == "too_short" and field == "evidence":
        return make("SG210", file.rel, line, column, f"'{where}' is empty: a claim needs evidence")
    if kind == "string_too_long":
        return make(
            "SG211",
            file.rel,
            line,
            column,
            f"'{where}' is {len(value):,} characters; the limit is {error['ctx']['max_length']:,}",
        )
    if kind == "string_pattern_mismatch":
        pattern = error["ctx"]["pattern"]
        if pattern == EDTF or field in _DATE_FIELDS:
            return make("SG206", file.rel, line, column, f"'{where}' is not an EDTF date: {value!r}")
        if pattern == SLUG or field in _SLUG_FIELDS:
            return make("SG207", file.rel, line, column, f"'{where}' is not an id: {value!r}")
        return make("SG204", file.rel, line, column, f"'{where}' does not have the form {pattern}: {_short(value)}")
    if kind in ("literal_error", "enum"):
        return make("SG204", file.rel, line, column, f"'{where}' is {_short(value)}; {error['msg'].lower()}")
    if kind in ("string_too_short", "too_short"):
        return make("SG203", file.rel, line, column, f"'{where}' is empty")
    expected = {
        "string_type": "text",
        "list_type": "a list",
        "model_type": "a mapping",
        "model_attributes_type": "a mapping",
        "dict_type": "a mapping",
    }.get(kind, error["msg"])
    return make("SG203", file.rel, line, column, f"'{where}' should be {expected}, not {_type_name(value)}")


def named_text(file: RecordFile, data: Any) -> str | None:
    """The knowledge-base path of the archived text a source's plain data names, or None when it names none safely."""
    name = data.get("text") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name or "\x00" in name:
        return None
    if Path(name).is_absolute() or ".." in Path(name).parts:
        return None
    return (Path(file.rel).parent / name).as_posix()


def _digest_hint(root: Path | None, file: RecordFile, data: Any) -> str:
    """'Add ... sha256: <digest>' from the archived text the source names, or '' when it cannot be read."""
    rel = named_text(file, data)
    if root is None or rel is None or not inside(root, root / rel):
        return ""
    try:
        raw = read_regular(root / rel, MAX_TEXT_BYTES)
    except Refused:
        return ""
    return f"Add the sha256 of {rel}: sha256: {hashlib.sha256(raw).hexdigest()}"


def _allowed_keys(file: RecordFile, loc: tuple[Any, ...]) -> list[str]:
    from spyglass.model.records import Claim, Evidence

    named = [p for p in loc if isinstance(p, str)]
    model: Any = model_for(file.kind)
    if named[-1:] == ["claims"]:
        model = Claim
    elif named[-1:] == ["evidence"]:
        model = Evidence
    return list(model.model_fields)


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "record"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    names: dict[type, str] = {str: "text", list: "a list", dict: "a mapping"}
    return names.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
