"""`spyglass vocabulary` for a reader: the kinds with their folders, then one block per predicate."""

from __future__ import annotations

from typing import Any

from spyglass.kb.layout import KIND_FOLDER
from spyglass.text.printable import printable


def vocabulary_lines(vocabulary: dict[str, Any]) -> list[str]:
    """Plain lines: what a curator reads before writing a claim."""
    lines = ["Kinds (and the folder that holds them)"]
    for kind in vocabulary["kinds"]:
        lines.append(f"  {kind['kind']:<13} {KIND_FOLDER[kind['kind']] + '/':<15} {kind['meaning']}")
    lines += ["", "Predicates (subject -> object, or subject: value)"]
    every = len(vocabulary["kinds"])
    for p in vocabulary["predicates"]:
        subjects = _kinds(p["subjects"], every)
        if p["objects"] is not None:
            shape = f"{subjects} -> {_kinds(p['objects'], every)}"
        elif p["value"] is None:
            shape = f"{subjects}: no value"
        elif p["terms"]:
            shape = f"{subjects}: one of {', '.join(p['terms'])}"
        else:
            shape = f"{subjects}: {_VALUE_WORDS[p['value']]}"
        lines += [f"  {p['predicate']}  ({shape})", f"      {p['meaning']}", f"      e.g. {p['example']}"]
    return [printable(line) for line in lines]


_VALUE_WORDS = {"text": "text quoted as written", "date": "an EDTF date", "country": "an ISO 3166 code"}


def _kinds(kinds: list[str], every: int) -> str:
    return "any kind" if len(kinds) == every else " | ".join(kinds)
