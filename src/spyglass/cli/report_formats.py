"""How `validate` reports: one formatter per output format, all plain text (no markup)."""

from __future__ import annotations

import os
from enum import StrEnum
from typing import TYPE_CHECKING

from spyglass.text.printable import json_text, printable

if TYPE_CHECKING:
    from spyglass.diagnostics import Diagnostic
    from spyglass.validate.run import Report


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"

    def render(self, report: Report, prefix: str, strict: bool) -> str:
        """The report as this format prints it on stdout."""
        return {Format.text: _text, Format.json: _json, Format.github: _github}[self](report, prefix, strict)


def _where(d: Diagnostic, prefix: str) -> str:
    path = os.path.join(prefix, d.file) if prefix else d.file
    return f"{path}:{d.line}:{d.column}" if d.line else path


def _text(report: Report, prefix: str, strict: bool) -> str:
    lines = []
    for d in report.diagnostics:
        lines.append(f"{_where(d, prefix)}: {d.severity} {d.code} {d.message}")
        lines.append(f"    hint: {d.hint}")
    return "\n".join(printable(line) for line in lines)


def _json(report: Report, prefix: str, strict: bool) -> str:
    diagnostics = []
    for d in report.diagnostics:
        item = d.as_json()
        item["file"] = os.path.join(prefix, d.file) if prefix else d.file
        diagnostics.append(item)
    payload = {
        "ok": report.ok(strict),
        "counts": {**report.counts, "errors": report.errors, "warnings": report.warnings},
        "diagnostics": diagnostics,
    }
    return json_text(payload, indent=2)


def _github(report: Report, prefix: str, strict: bool) -> str:
    lines = []
    for d in report.diagnostics:
        path = os.path.join(prefix, d.file) if prefix else d.file
        where = f"file={_escape(path, True)}" + (f",line={d.line},col={d.column}" if d.line else "")
        title = _escape(d.code, True)
        lines.append(f"::{d.severity} {where},title={title}::{_escape(d.message + ' - ' + d.hint, False)}")
    return "\n".join(lines)


def _escape(text: str, is_property: bool) -> str:
    """GitHub's workflow-command escaping (actions/toolkit command.ts: escapeData, escapeProperty), so that
    record text cannot forge another annotation, then terminal-safe escapes for controls, bidi and zero-width."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return printable(text)


def summary(report: Report) -> str:
    counts = report.counts
    checked = (
        f"{counts.get('files', 0)} files, {counts.get('claims', 0)} claims, {counts.get('quotes', 0)} quotes proved"
    )
    return f"{report.errors} error(s), {report.warnings} warning(s); checked {checked}" + (
        " (cached)" if report.cached else ""
    )
