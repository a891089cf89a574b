"""Reports of several knowledge bases merged into one, reports cut to some files, paths grouped by base."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import INVALID
from spyglass.diagnostics import Diagnostic
from spyglass.validate.run import Report, filter_to, group_by_kb, merge_reports, validate_kb


def diagnostic(file: str, code: str = "SG404", severity: str = "error") -> Diagnostic:
    return Diagnostic(code, severity, file, 3, 5, "a message", "a hint")


def test_merging_prefixes_each_file_with_its_base_and_adds_the_counts() -> None:
    one = Report([diagnostic("agencies/a.yaml")], {"files": 2, "claims": 5}, cached=True)
    two = Report([diagnostic("people/b.yaml", "SG501", "warning")], {"files": 3, "quotes": 1}, cached=False)
    merged = merge_reports([(Path("first"), one), (Path("second"), two)])
    assert [(d.file, d.code) for d in merged.diagnostics] == [
        ("first/agencies/a.yaml", "SG404"),
        ("second/people/b.yaml", "SG501"),
    ]
    assert merged.counts == {"files": 5, "claims": 5, "quotes": 1}
    assert (merged.errors, merged.warnings, merged.cached) == (1, 1, False)
    assert not merged.ok() and not merged.ok(strict=True)


def test_a_merge_of_cached_reports_is_cached() -> None:
    merged = merge_reports([(Path("a"), Report([], {}, cached=True)), (Path("b"), Report([], {}, cached=True))])
    assert merged.cached and merged.ok(strict=True)


def test_filter_keeps_the_files_under_the_paths_asked_for(kb: Path) -> None:
    shutil.copyfile(INVALID / "SG404-quote-not-found.yaml", kb / "targets" / "misquoted.yaml")
    report = validate_kb(kb)
    assert {d.file for d in report.diagnostics} == {"targets/misquoted.yaml"}
    assert filter_to(report, kb, [kb / "targets"]).diagnostics == report.diagnostics
    assert filter_to(report, kb, [kb / "targets" / "misquoted.yaml"]).diagnostics == report.diagnostics
    assert filter_to(report, kb, [kb / "agencies"]).diagnostics == []
    assert filter_to(report, kb, [kb]).diagnostics == report.diagnostics  # the whole base
    assert filter_to(report, kb, [kb / "agencies"]).counts == report.counts  # still counts all it checked


def test_paths_are_grouped_by_the_knowledge_base_they_lie_in(kb: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(kb, other)
    groups = group_by_kb([kb / "agencies", other, kb / "people" / "rivera.yaml"], Path("records"))
    assert groups == {kb: [kb / "agencies", kb / "people" / "rivera.yaml"], other: []}
    assert group_by_kb([], Path("records")) == {Path("records"): []}
