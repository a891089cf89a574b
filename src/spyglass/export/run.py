"""Exports that other tools read: JSON Lines, a STIX 2.1 bundle, SQLite for Datasette, CSV tables."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from spyglass.errors import SpyglassError, UsageError
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

        out = output_path(out, kb.root, folder=self is ExportFormat.csv)
        data, exported = self.render(kb, proof, now) if self.is_stream else (b"", None)
        try:
            if exported is not None:
                write_atomically(out, data)
                return exported
            return {ExportFormat.sqlite: write_sqlite, ExportFormat.csv: write_csv}[self](kb, proof, out)
        except (OSError, sqlite3.Error) as exc:  # a full disk, a quota, an I/O error: nothing half-written is left
            raise ExportFailed.of(out, out if self is ExportFormat.csv else out.parent, exc) from None


class ExportFailed(SpyglassError):
    """The export could not be written; what was there before is left as it was."""

    @classmethod
    def of(cls, out: Path, folder: Path, exc: OSError | sqlite3.Error) -> ExportFailed:
        """The error naming the export's path and the system's reason, with a hint that fits the reason."""
        import errno

        reason = getattr(exc, "strerror", None) or str(exc)
        if isinstance(exc, PermissionError) or getattr(exc, "errno", None) == errno.EROFS:
            return cls(
                f"cannot write {out}: {reason}", f"Check that you may write in {folder}, or give --out another path."
            )
        return cls(f"cannot write {out}: {reason}", "Free some space there, or give --out a path on another disk.")


def output_path(out: Path, root: Path, folder: bool = False) -> Path:
    """Where an export may write: links followed to their target, an existing parent folder, nothing
    inside the knowledge base `root`, and nothing but a regular file (or, for `folder`, a folder)
    replaced. A device, a pipe, a folder in the way or a place in the knowledge base is a usage error."""
    import os
    import stat

    target = Path(os.path.realpath(out))
    kb = Path(os.path.realpath(root))
    if target.is_relative_to(kb):
        leads = f" (it leads to {target})" if Path(os.path.abspath(out)) != target else ""
        raise UsageError(
            f"{out} is inside the knowledge base {root}{leads}; an export there could overwrite its records or texts",
            "Give --out a path outside the knowledge base, e.g. --out exports/kb.jsonl",
        )
    if not target.parent.is_dir():
        raise UsageError(f"no folder {target.parent} to write {out.name} in", "Create the folder first.")
    if target.exists():
        mode = target.stat().st_mode
        if folder and not stat.S_ISDIR(mode):
            raise UsageError(
                f"{out} is not a folder; the csv export writes a folder of tables",
                "Give a folder path; a missing folder is made.",
            )
        if not folder and not stat.S_ISREG(mode):
            raise UsageError(f"{out} is not a regular file; an export replaces only a file", "Give a file path.")
    return target


def export(root: Path, format: ExportFormat, out: Path, now: datetime) -> Exported:
    """Write the knowledge base at `root` to `out` in `format`; refuses a knowledge base with errors."""
    output_path(out, root, folder=format is ExportFormat.csv)  # refuse a bad target before any work
    kb, proof = proved(root)
    return format.write(kb, proof, out, now)
