"""`validate`: every check over a knowledge base, with a verdict remembered until a file changes."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spyglass.cache import cache_dir, collector_paused, load_marshal, save_marshal
from spyglass.diagnostics import Diagnostic

if TYPE_CHECKING:
    from spyglass.kb.knowledge_base import KnowledgeBase
    from spyglass.kb.stat import Stat
    from spyglass.validate.proof import Proof

Manifest = dict[str, "Stat | None"]


@dataclass
class Report:
    """The outcome of a validation: every diagnostic, sorted, and counts of what was checked."""

    diagnostics: list[Diagnostic]
    counts: dict[str, int] = field(default_factory=dict)
    cached: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "warning")

    def ok(self, strict: bool = False) -> bool:
        return self.errors == 0 and not (strict and self.warnings)


def validate_kb(root: Path, *, use_cache: bool = True) -> Report:
    """Check a whole knowledge base; with nothing changed since the last run, answer from the cache."""
    from spyglass.kb.layout import check_root

    check_root(root)
    verdict_path = cache_dir(root) / "verdict.marshal"
    if use_cache:
        stored = load_marshal(verdict_path)
        if stored is not None and _unchanged(root, stored):
            return Report([Diagnostic(*d) for d in stored["diagnostics"]], stored["counts"], cached=True)
    with collector_paused():
        report, manifest, records = _validate_fresh(root, use_cache)
    if use_cache:
        save_marshal(
            verdict_path,
            {
                "manifest": manifest,
                "saved_at": time.time_ns(),
                "records": records,
                "diagnostics": [tuple(d.as_json().values()) for d in report.diagnostics],
                "counts": report.counts,
            },
        )
    return report


def prove_cached(root: Path, *, use_cache: bool = True) -> tuple[KnowledgeBase, Proof]:
    """Load and check a knowledge base; where each quote lies is remembered in the cache between runs."""
    from spyglass.kb.knowledge_base import load_kb
    from spyglass.text.quotes import Anchor
    from spyglass.validate.checks import check_kb

    kb = load_kb(root, use_cache=use_cache)
    anchors_path = cache_dir(root) / "anchors.marshal"
    stored = (load_marshal(anchors_path) if use_cache else None) or {}
    anchor_cache = {key: Anchor(*found) if found else None for key, found in stored.items()}
    proof = check_kb(kb, anchor_cache)
    if use_cache and len(anchor_cache) != len(stored):
        save_marshal(anchors_path, {k: (a.start, a.end, a.parts) if a else None for k, a in anchor_cache.items()})
    return kb, proof


def _validate_fresh(root: Path, use_cache: bool) -> tuple[Report, Manifest, list[str]]:
    from spyglass.kb.model_check import named_text
    from spyglass.kb.stat import stat_of

    kb, proof = prove_cached(root, use_cache=use_cache)
    diagnostics = sorted(kb.diagnostics + proof.diagnostics, key=lambda d: (d.file, d.line, d.column, d.code))
    counts = {
        "files": len(kb.records),
        "sources": len(kb.sources),
        "entities": len(kb.entities),
        "claims": sum(len(e.claims) for e in kb.entities.values()),
        "quotes": len(proof.anchors),
    }
    manifest: Manifest = {p.file.rel: stat_of(root / p.file.rel) for p in kb.records}
    manifest.update({rel: stat_of(root / rel) for rel in proof.text_paths.values()})
    for source in kb.sources.values():  # a missing text is watched too, so that adding it is seen
        rel = (Path(kb.where[source.id].file.rel).parent / source.text).as_posix()
        manifest.setdefault(rel, stat_of(root / rel))
    for parsed in kb.records:  # an unusable source's text too: the hint for its missing sha256 quotes it
        named = named_text(parsed.file, parsed.data) if parsed.record is None and parsed.file.kind == "source" else None
        if named is not None:
            manifest.setdefault(named, stat_of(root / named))
    return Report(diagnostics, counts), manifest, [p.file.rel for p in kb.records]


def _unchanged(root: Path, stored: dict[str, Any]) -> bool:
    """Whether every watched file has the size and mtime it had, and no record file came or went."""
    from spyglass.kb.files import discover
    from spyglass.kb.stat import stat_of, unchanged

    manifest: Manifest = stored["manifest"]
    files, problems = discover(root)
    if problems or [f.rel for f in files] != stored["records"]:
        return False
    return all(unchanged(stat_of(root / rel), stat, stored["saved_at"]) for rel, stat in manifest.items())


def filter_to(report: Report, root: Path, paths: list[Path]) -> Report:
    """Only the diagnostics of the files under `paths` (the whole knowledge base is still checked)."""
    wanted = [os.path.relpath(os.path.realpath(p), os.path.realpath(root)) for p in paths]
    if any(w in (".", "") for w in wanted):
        return report
    keep = [d for d in report.diagnostics if any(d.file == w or d.file.startswith(w.rstrip("/") + "/") for w in wanted)]
    return Report(keep, report.counts, report.cached)


def kb_root_of(path: Path) -> Path | None:
    """The knowledge base a path lies in: itself or the nearest folder above holding a record folder."""
    from spyglass.kb.layout import FOLDERS

    here = path if path.is_dir() else path.parent
    for folder in [here, *here.parents]:
        if any((folder / name).is_dir() for name in FOLDERS):
            return folder
    return None


def group_by_kb(paths: list[Path], default: Path) -> dict[Path, list[Path]]:
    """Each knowledge base to check, with the paths in it to report on ([] means all of it)."""
    if not paths:
        return {default: []}
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        root = kb_root_of(path) or path
        wanted = groups.setdefault(root, [])
        if os.path.realpath(root) != os.path.realpath(path):
            wanted.append(path)
        else:
            groups[root] = []  # the whole knowledge base was asked for
    return groups


def merge_reports(reports: list[tuple[Path, Report]]) -> Report:
    """One report of several knowledge bases, each diagnostic's file prefixed with its base."""
    from dataclasses import replace

    diagnostics = [replace(d, file=os.path.join(root, d.file)) for root, r in reports for d in r.diagnostics]
    counts: dict[str, int] = {}
    for _, report in reports:
        for key, value in report.counts.items():
            counts[key] = counts.get(key, 0) + value
    return Report(diagnostics, counts, all(r.cached for _, r in reports))
