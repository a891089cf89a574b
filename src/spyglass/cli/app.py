"""The command line: parse arguments, call the library, choose exit codes. Nothing imports this."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from spyglass.cli.common import Options, fail, options, reported
from spyglass.cli.report_formats import Format

_SETTINGS: dict[str, Any] = {
    "name": "spyglass",
    "help": "A source-grounded knowledge base of intelligence services: every answer with its quote.",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**_SETTINGS)

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


@app.command()
def vocabulary(
    as_json: Annotated[bool, typer.Option("--json", help="Print the vocabulary as JSON.")] = False,
) -> None:
    """Every kind of entity, and every predicate: what it links or holds, what it means, an example."""
    from spyglass.cli import output
    from spyglass.cli.vocabulary_text import vocabulary_lines
    from spyglass.model.vocabulary import describe
    from spyglass.text.printable import json_text

    if as_json:
        output.write_json(json_text(describe(), indent=2))
        return
    with output.writing():
        sys.stdout.write("".join(line + "\n" for line in vocabulary_lines(describe())))


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


def only_the_command_asked_for(arguments: list[str]) -> typer.Typer:
    """The app with just the command named in `arguments`, or the whole app when none is named.

    typer turns every registered command into a click command on each run (~0.5 ms an option, ~7 ms in
    all): a run needs only its own. Help without a command, and unknown names, get the whole app.
    """
    name = _command_name(arguments)
    commands = [c for c in app.registered_commands if (c.name or getattr(c.callback, "__name__", "")) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    slim = typer.Typer(**_SETTINGS)
    slim.registered_callback = app.registered_callback
    slim.registered_commands = commands
    slim.registered_groups = groups
    return slim


def _command_name(arguments: list[str]) -> str | None:
    """The first word that is not a root option (`--kb DIR`, `--kb=DIR`), or None when help comes first."""
    words = iter(arguments)
    for word in words:
        if word == "--kb":
            next(words, None)
        elif word.startswith("--kb="):
            continue
        elif word.startswith("-"):
            return None  # --help, or an option typer will explain
        else:
            return word
    return None


def main() -> None:
    """The console script: run the app; turn every library error into a message, never a traceback."""
    from spyglass.cli import output
    from spyglass.errors import INTERNAL, INTERRUPTED, PROBLEMS, SpyglassError
    from spyglass.text.printable import printable

    output.tolerate_any_encoding()
    try:
        try:
            code = _run(sys.argv[1:])
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
    sys.exit(code if isinstance(code, int) else 0)


def _run(arguments: list[str]) -> object:
    """Run the command asked for; a usage mistake (unknown command, missing or bad option) becomes a
    SpyglassError, so that it reads like every other error: one line, a hint, exit 2."""
    from typer._click.exceptions import ClickException  # typer (pinned below 0.29) carries its own click

    from spyglass.errors import UsageError

    chosen = only_the_command_asked_for(arguments)
    if not arguments:  # no command: the help, as typer draws it
        return chosen(args=arguments, prog_name="spyglass")
    try:
        return chosen(args=arguments, standalone_mode=False, prog_name="spyglass")
    except ClickException as exc:
        context = getattr(exc, "ctx", None)
        where = context.command_path if context is not None else "spyglass"
        error = UsageError(exc.format_message(), f"See: {where} --help")
        error.exit_code = exc.exit_code
        raise error from None
