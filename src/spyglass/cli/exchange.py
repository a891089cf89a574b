"""The `export` and `import` commands; only typer is imported here at start-up, the rest inside."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spyglass.cli.common import fail, options, reported

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from spyglass.importers.entries import ImportReport

    Importer = Callable[..., ImportReport]


class ExportChoice(StrEnum):
    """The formats of `spyglass export` (the library's ExportFormat; a test keeps the two alike)."""

    jsonl = "jsonl"
    stix = "stix"
    sqlite = "sqlite"
    csv = "csv"


import_app = typer.Typer(
    help="Import a catalogue of threat actors; every imported fact quotes an archived rendering of its entry.",
    no_args_is_help=True,
)
IntoOption = Annotated[
    Path | None,
    typer.Option("--into", help="The knowledge base to import into (default: --kb).", show_default=False),
]
VersionOption = Annotated[
    str | None,
    typer.Option("--version", help="The upstream release or commit, recorded on every source.", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]


def export(
    ctx: typer.Context,
    format: Annotated[ExportChoice, typer.Option("--format", help="What to write.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="The file to write (a folder for csv; '-' prints jsonl or stix).", show_default=False
        ),
    ],
) -> None:
    """Export the knowledge base: JSON Lines, a STIX 2.1 bundle, SQLite for Datasette, or CSV tables."""
    from spyglass.cli.output import write_bytes
    from spyglass.export.rows import proved
    from spyglass.export.run import ExportFormat
    from spyglass.export.run import export as export_to

    chosen = ExportFormat(format.value)
    to_stdout = str(out) == "-"
    if to_stdout and not chosen.is_stream:
        fail(f"--out - prints only jsonl or stix; {chosen.value} needs a path", code=2)
    with reported():
        from spyglass.kb.layout import check_root

        root = check_root(options(ctx).kb)
        if to_stdout:
            kb, proof = proved(root)
            data, exported = chosen.render(kb, proof, _now())
        else:
            exported = export_to(root, chosen, out, _now())
    if to_stdout:
        write_bytes(data)
    objects = f", {exported.objects} STIX objects" if exported.objects else ""
    sys.stderr.write(
        f"exported {exported.sources} sources, {exported.entities} entities, {exported.claims} claims and "
        f"{exported.evidence} quotes{objects} to {'standard output' if str(out) == '-' else out}\n"
    )


def _now() -> datetime:
    """The export's timestamp: now, or SOURCE_DATE_EPOCH for reproducible builds."""
    import os
    from datetime import UTC, datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)


@import_app.command("misp")
def import_misp(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The MISP galaxy cluster file (clusters/threat-actor.json).")],
    into: IntoOption = None,
    version: VersionOption = None,
    json: JsonOption = False,
) -> None:
    """Import the MISP galaxy threat-actor clusters as groups."""
    from spyglass.importers.misp import import_misp as run

    _import(run, path, into or options(ctx).kb, version, json)


@import_app.command("attack")
def import_attack(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="An ATT&CK STIX bundle of intrusion sets and relationships.")],
    into: IntoOption = None,
    version: VersionOption = None,
    json: JsonOption = False,
) -> None:
    """Import ATT&CK intrusion sets as groups, and the campaigns attributed to them as events."""
    from spyglass.importers.attack import import_attack as run

    _import(run, path, into or options(ctx).kb, version, json)


def _import(run: Importer, path: Path, into: Path, version: str | None, as_json: bool) -> None:
    """Run an importer into --into (or --kb) and print its report; library errors become messages."""

    with reported():
        report = run(path, into, version=version)
    _print(report, as_json)


def _print(report: ImportReport, as_json: bool) -> None:
    """The report on stdout: counts, then every skipped thing with why."""
    from spyglass.cli.output import write, write_json
    from spyglass.text.printable import json_text, printable

    if as_json:
        write_json(json_text(report.as_json(), indent=2))
        return
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(report.entities.items()))
    claims = ", ".join(f"{n} {p}" for p, n in sorted(report.claims.items()))
    lines = [
        f"imported {report.catalogue} from {report.path}",
        f"  entities: {kinds or 'none'}",
        f"  sources: {report.sources} archived entries",
        f"  claims: {sum(report.claims.values())} ({claims})",
        f"  links to agencies: {report.agency_links}",
        f"  files: {report.written} written, {report.unchanged} unchanged, {report.removed} removed",
    ]
    if report.skipped:
        lines.append("skipped:")
        lines += [f"  {s.count} {s.what}: {s.why}" for s in report.skipped]
    if report.mentions:
        lines.append(
            f"not linked: {len(report.mentions)} sentences name an agency of the knowledge base without saying "
            "the group acts for it (--json lists them)"
        )
    write("\n".join(printable(line) for line in lines) + "\n")


def register(app: typer.Typer) -> None:
    """Add the exchange commands to the app."""
    app.command(name="export")(export)
    app.add_typer(import_app, name="import")
