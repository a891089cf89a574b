"""Exports that other tools read: JSON Lines, a STIX 2.1 bundle, SQLite for Datasette, CSV tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from spyglass.errors import UsageError
from spyglass.export.jsonl import render_jsonl
from spyglass.export.rows import Exported, proved

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.validate.proof import Proof


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


def export(root: Path, format: ExportFormat, out: Path, now: datetime) -> Exported:
    """Write the knowledge base at `root` to `out` in `format`; refuses a knowledge base with errors."""
    kb, proof = proved(root)
    return format.write(kb, proof, out, now)
