"""Exports that other tools read: JSON Lines, a STIX 2.1 bundle, SQLite for Datasette, CSV tables."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spyglass.errors import SpyglassError, UsageError

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.validate.checks import Proof


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    stix = "stix"
    sqlite = "sqlite"
    csv = "csv"

    @property
    def is_stream(self) -> bool:
        """Whether the format is one text (which `--out -` may print); else files a writer makes."""
        return self in (ExportFormat.jsonl, ExportFormat.stix)

    def render(self, kb: KnowledgeBase, proof: Proof, now: datetime) -> tuple[bytes, Exported]:
        """A stream format's whole text."""
        from spyglass.export.stix import render_stix

        renderers: dict[ExportFormat, Callable[[KnowledgeBase, Proof, datetime], tuple[bytes, Exported]]] = {
            ExportFormat.jsonl: render_jsonl,
            ExportFormat.stix: render_stix,
        }
        return renderers[self](kb, proof, now)

    def write(self, kb: KnowledgeBase, proof: Proof, out: Path, now: datetime) -> Exported:
        """Write this format to `out` (a file; for csv, a folder), atomically file by file."""
        from spyglass.cache import write_atomically
        from spyglass.export.tables import write_csv, write_sqlite

        out = output_path(out, folder=self is ExportFormat.csv)
        if self.is_stream:
            data, exported = self.render(kb, proof, now)
            write_atomically(out, data)
            return exported
        return {ExportFormat.sqlite: write_sqlite, ExportFormat.csv: write_csv}[self](kb, proof, out)


def output_path(out: Path, folder: bool = False) -> Path:
    """Where an export may write: links followed to their target, an existing parent folder, and
    nothing but a regular file (or, for `folder`, a folder) replaced. A device, a pipe or a folder
    in the way is a usage error, never overwritten."""
    import os
    import stat

    target = Path(os.path.realpath(out))
    if not target.parent.is_dir():
        raise UsageError(f"no folder {target.parent} to write {out.name} in", "Create the folder first.")
    if target.exists():
        mode = target.stat().st_mode
        if folder and not stat.S_ISDIR(mode):
            raise UsageError(f"{out} is not a folder; the csv export writes a folder of tables")
        if not folder and not stat.S_ISREG(mode):
            raise UsageError(f"{out} is not a regular file; an export replaces only a file", "Give a file path.")
    elif folder:
        target.mkdir()
    return target


class InvalidKnowledgeBase(SpyglassError):
    """The knowledge base has errors; an export would pass on unproved claims."""


@dataclass(frozen=True)
class Exported:
    """What an export wrote: where, and how many of each thing."""

    sources: int
    entities: int
    claims: int
    evidence: int
    objects: int = 0  # STIX objects


def export(root: Path, format: ExportFormat, out: Path, now: datetime) -> Exported:
    """Write the knowledge base at `root` to `out` in `format`; refuses a knowledge base with errors."""
    kb, proof = proved(root)
    return format.write(kb, proof, out, now)


def proved(root: Path) -> tuple[KnowledgeBase, Proof]:
    """The knowledge base, loaded and proved (through the cache); an error if any check fails."""
    from spyglass.validate.run import prove_cached

    kb, proof = prove_cached(root)
    errors = [d for d in kb.diagnostics + proof.diagnostics if d.severity == "error"]
    if errors:
        first = errors[0]
        raise InvalidKnowledgeBase(
            f"{root} has {len(errors)} error(s), the first at {first.file}:{first.line}:{first.column}: {first.message}",
            "Exports carry only proved claims. Run: spyglass validate",
        )
    return kb, proof


def entity_rows(kb: KnowledgeBase, proof: Proof) -> list[dict[str, Any]]:
    """Every entity with its claims in the shared claim shape, sorted by id."""
    from spyglass.model.derived import claim_json

    rows = []
    for entity_id in sorted(kb.entities):
        entity = kb.entities[entity_id]
        rows.append(
            {
                "id": entity.id,
                "kind": entity.kind,
                "name": entity.name,
                "summary": entity.summary,
                "further_reading": list(entity.further_reading),
                "claims": [claim_json(kb, proof, entity_id, c) for c in range(len(entity.claims))],
            }
        )
    return rows


def source_rows(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every source's bibliographic record, sorted by id."""
    return [kb.sources[s].model_dump(mode="json") for s in sorted(kb.sources)]


def render_jsonl(kb: KnowledgeBase, proof: Proof, now: datetime) -> tuple[bytes, Exported]:
    """One JSON object a line: the sources (`"record": "source"`), then the entities with their claims."""
    lines = [json.dumps({"record": "source", **row}, ensure_ascii=False) for row in source_rows(kb)]
    entities = entity_rows(kb, proof)
    lines += [json.dumps({"record": "entity", **row}, ensure_ascii=False) for row in entities]
    claims = [c for row in entities for c in row["claims"]]
    exported = Exported(len(kb.sources), len(entities), len(claims), sum(len(c["evidence"]) for c in claims))
    return ("\n".join(lines) + "\n").encode("utf-8"), exported
