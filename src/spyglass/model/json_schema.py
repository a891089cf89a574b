"""JSON Schemas of the records, generated from the models: one self-contained file per kind."""

from __future__ import annotations

import json
from pathlib import Path

from spyglass.model.records import ENTITY_MODELS, Record, Source

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def build_schemas() -> dict[str, str]:
    """File name -> JSON text of every record kind's schema (draft 2020-12, no outside references)."""
    models: dict[str, type[Record]] = {"source": Source, **ENTITY_MODELS}
    out: dict[str, str] = {}
    for kind, model in models.items():
        schema = {
            "$schema": DIALECT,
            "$id": f"https://spyglass.invalid/schemas/{kind}.schema.json",
            **model.model_json_schema(),
        }
        schema["title"] = f"Spyglass {kind} record"
        out[f"{kind}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; returns the files that changed."""
    from spyglass.cache import write_atomically

    changed = []
    for name, text in build_schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_atomically(path, text.encode("utf-8"))
            changed.append(path)
    return changed


def stale_schemas(folder: Path) -> list[str]:
    """The schema files in `folder` that are missing or differ from what the models generate."""
    stale = []
    for name, text in build_schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
