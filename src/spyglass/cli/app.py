"""The command line: parse arguments, call the library, choose exit codes. Nothing imports this."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from spyglass.cli.common import Options, fail, options, reported
from spyglass.cli.report_formats import Format

app = typer.Typer(
    name="spyglass",
    help="A source-grounded knowledge base of intelligence services: every answer with its quote.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

KbOption = Annotated[
    Path,
    typer.Option("--kb", envvar="SPYGLASS_KB", help="The knowledge base folder.", show_default=True),
]


@app.callback()
def _root(ctx: typer.Context, kb: KbOption = Path("records")) -> None:
    ctx.obj = Options(kb=kb)


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders of the knowledge base to report on.")
    ] = None,
    format: Annotated[Format, typer.Option("--format", help="How to print the diagnostics.")] = Format.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Check everything again from the files.")] = False,
) -> None:
    """Check every record: YAML, schema, references, archived texts, quotes, names and dates."""
    from spyglass.cli.output import write, write_json
    from spyglass.cli.report_formats import summary
    from spyglass.validate.run import filter_to, group_by_kb, merge_reports, validate_kb

    groups = group_by_kb(paths or [], options(ctx).kb)
    missing = [p for p in paths or [] if not p.exists()]
    if missing:
        fail(f"no such file or folder: {missing[0]}", code=2)
    reports = []
    for root, wanted in groups.items():
        with reported():
            report = validate_kb(root, use_cache=not no_cache)
        reports.append((root, filter_to(report, root, wanted) if wanted else report))
    root, report = reports[0] if len(reports) == 1 else (Path(""), merge_reports(reports))
    output = format.render(report, str(root), strict)
    if output and format is Format.json:
        write_json(output)
    elif output:
        write(output + "\n")
    sys.stderr.write(summary(report) + "\n")
    raise typer.Exit(0 if report.ok(strict) else 1)


@app.command()
def schema(
    check: Annotated[bool, typer.Option("--check", help="Fail when schemas/ differs from the models.")] = False,
    out: Annotated[Path, typer.Option("--out", help="The folder of the schemas.")] = Path("schemas"),
) -> None:
    """Write the JSON Schema of every record kind into schemas/, or check that it is current."""
    from spyglass.model.json_schema import stale_schemas, write_schemas

    if check:
        with reported():
            stale = stale_schemas(out)
        if stale:
            fail(f"{out}/ is out of date: {', '.join(stale)}", "Run: spyglass schema")
        sys.stderr.write(f"{out}/ is current\n")
        return
    with reported():
        changed = write_schemas(out)
    sys.stderr.write(f"wrote {len(changed)} schema file(s) to {out}/\n" if changed else f"{out}/ was current\n")


def _register_more() -> None:
    """The query and exchange commands live in modules of their own; they import only typer at the top."""
    from spyglass.cli import curate as cli_curate
    from spyglass.cli import exchange as cli_exchange
    from spyglass.cli import query as cli_query
    from spyglass.cli import site as cli_site

    cli_query.register(app)
    cli_exchange.register(app)
    cli_curate.register(app)
    cli_site.register(app)


_register_more()


def main() -> None:
    """The console script: run the app; turn every library error into a message, never a traceback."""
    from spyglass.cli import output
    from spyglass.errors import INTERNAL, INTERRUPTED, PROBLEMS, SpyglassError
    from spyglass.text.printable import printable

    output.tolerate_any_encoding()
    try:
        try:
            app(standalone_mode=True)
        finally:
            output.finish()
    except output.PipeClosed:  # the reader has all it wanted (`| head -1`): stop, quietly
        output.silence()
        sys.exit(output.PIPE_CLOSED)
    except SpyglassError as exc:
        if isinstance(exc, output.OutputFailed):
            output.silence()
        sys.stderr.write(
            f"spyglass: error: {printable(exc.message)}\n" + (f"  hint: {printable(exc.hint)}\n" if exc.hint else "")
        )
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(INTERRUPTED)
    except OSError as exc:  # click's own output (help, usage) failed; the commands report theirs
        output.silence()
        where = exc.filename or "standard output"
        sys.stderr.write(
            f"spyglass: error: cannot write to {printable(where)}: {exc.strerror or exc}\n"
            "  hint: Free some space where the output goes, or send it elsewhere.\n"
        )
        sys.exit(PROBLEMS)
    except Exception as exc:  # a bug of ours: say so plainly, keep the traceback for those who ask
        if os.environ.get("SPYGLASS_DEBUG"):
            raise
        sys.stderr.write(
            f"spyglass: internal error: {type(exc).__name__}: {exc}\n"
            "  hint: set SPYGLASS_DEBUG=1 to see the traceback, and report it.\n"
        )
        sys.exit(INTERNAL)
