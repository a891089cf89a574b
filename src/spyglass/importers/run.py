"""The steps every import shares: read the knowledge base, build the records, write what changed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spyglass.importers.entries import Catalogue, Entry, ImportReport


def run_import(entries: list[Entry], catalogue: Catalogue, into: Path, report: ImportReport) -> ImportReport:
    """Build the entries' records against the agencies and groups of `into`, then write them; returns the report."""
    from spyglass.importers.build import build
    from spyglass.importers.ids import previous_ids
    from spyglass.importers.links import AgencyNames
    from spyglass.importers.same_as import KnownGroups
    from spyglass.importers.write import apply
    from spyglass.kb.knowledge_base import load_kb
    from spyglass.kb.layout import check_root

    check_root(into)
    kb = load_kb(into)
    groups = KnownGroups(kb, catalogue.prefix)
    built = build(entries, catalogue, AgencyNames(kb), report, previous_ids(kb, catalogue), groups)
    outcome = apply(kb, catalogue.prefix, built, catalogue.command)
    report.written, report.unchanged, report.removed = outcome.written, outcome.unchanged, outcome.removed
    report.skip(
        len(outcome.kept),
        f"file(s) upstream no longer holds, kept: {', '.join(outcome.kept)}",
        "records of curators or of other imports cite them",
    )
    return report
