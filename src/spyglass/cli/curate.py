"""The curator's commands: `source add` archives a document, `new` scaffolds a record citing it."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from spyglass.cli.common import EntityKind, options, reported


class SourceType(StrEnum):
    """The source types of the records (model.records.SourceType; a test keeps the two alike)."""

    news_article = "news-article"
    book = "book"
    report = "report"
    court_document = "court-document"
    press_release = "press-release"
    testimony = "testimony"
    interview = "interview"
    web_page = "web-page"
    dataset = "dataset"
    other = "other"


class Reliability(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


source_app = typer.Typer(help="Add sources to the knowledge base.", no_args_is_help=True)
Text = Annotated[str | None, typer.Option(show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print what was written as JSON.")]


@source_app.command("add")
def source_add(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A .txt, .html or .pdf file, or - for standard input.")],
    source_id: Annotated[str, typer.Option("--id", help="The new source's id (a lowercase slug).")],
    type: Annotated[SourceType | None, typer.Option("--type", help="Default: by form.", show_default=False)] = None,
    title: Annotated[str | None, typer.Option("--title", help="Default: the document's own.")] = None,
    author: Annotated[
        list[str] | None, typer.Option("--author", help="An author (repeat for several). Default: the document's.")
    ] = None,
    publisher: Annotated[str | None, typer.Option("--publisher", help="Default: the site's name (HTML).")] = None,
    published: Annotated[str | None, typer.Option("--published", help="EDTF date. Default: the document's.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where the document was found.")] = None,
    licence: Annotated[str | None, typer.Option("--licence", help="Its licence or copyright status.")] = None,
    reliability: Annotated[
        Reliability | None, typer.Option("--reliability", help="Admiralty grade of the source, A-F.")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="What a reader should know of the copy.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Archive a document (text, HTML or PDF) as a source: its text and its record, written together."""
    from spyglass.curate.source_add import SourceFields, add_source

    given = SourceFields(
        type.value if type else None,
        title,
        tuple(author or ()),
        publisher,
        published,
        url,
        licence,
        reliability.value if reliability else None,
        notes,
    )
    kb = options(ctx).kb
    with reported():
        raw, name = _read_input(path)
        added = add_source(kb, raw, name, source_id, given)
    if as_json:
        shown: dict[str, Any] = {
            "source": added.record,
            "text": str(added.text_path),
            "record": str(added.record_path),
            "original": str(added.original_path) if added.original_path else None,
            "form": added.form,
            "characters": added.characters,
            "sentences": added.sentences,
        }
        from spyglass.cli import output
        from spyglass.text.printable import json_text

        output.write_json(json_text(shown, indent=2))
        return
    _say(
        f"archived {added.text_path} ({added.characters:,} characters, {added.sentences:,} sentences) "
        f"from {name} ({added.form})",
        f"wrote {added.record_path}: " + ", ".join(f"{k} {v}" for k, v in _details(added.record)),
        *([f"kept the original as {added.original_path}"] if added.original_path else []),
        *(
            []
            if "licence" in added.record
            else [f"no licence recorded: add one to {added.record_path} (licence: ...), or give --licence next time"]
        ),
        f'next: {_spyglass(kb)} new KIND "NAME" --source {added.id}   (a record for an entity the text names)',
        f'      {_spyglass(kb)} quote {added.id} "words of the text" --yaml   (evidence to paste into a claim)',
    )


@source_app.callback()
def _source_group() -> None:
    """Add sources to the knowledge base."""


def new(
    ctx: typer.Context,
    kind: Annotated[EntityKind, typer.Argument(help="The kind of entity.")],
    name: Annotated[str, typer.Argument(help="Its name, as the source writes it.")],
    source: Annotated[str, typer.Option("--source", help="The id of a source that names it.")],
    record_id: Annotated[str | None, typer.Option("--id", help="Default: a slug of the name.")] = None,
) -> None:
    """Write a record skeleton for an entity a source names: the right folder, an id, a first claim to finish."""
    from spyglass.curate.scaffold import new_record
    from spyglass.diagnostics import article

    with reported():
        made = new_record(options(ctx).kb, kind.value, name, source, record_id)
    if made.duplicates:  # render loads rich (~40 ms): only when there is a warning to give
        from spyglass.cli.render import warn
    for same in made.duplicates:
        warn(f"'{same.name}' ({same.file}) has this name already: is it the same {made.kind}?")
    _say(
        f"wrote {made.path}: {article(made.kind)} with a first claim quoting the passage that names it:",
        *(f"  {line}" for line in made.quote.splitlines()),
        f"next: finish its claim (the statement is a TODO), then: spyglass validate {made.path}",  # the path names the base
    )


def _read_input(path: str) -> tuple[bytes, str]:
    """The bytes of a file, or of standard input for '-'; a missing file or a folder is a usage error."""
    from spyglass.curate.extract import MAX_DOCUMENT
    from spyglass.errors import UsageError

    if path == "-":
        return sys.stdin.buffer.read(MAX_DOCUMENT + 1), "standard input"
    file = Path(path)
    if file.is_dir():
        raise UsageError(f"{path} is a folder, not a document", "Give one file: a .txt, .html or .pdf.")
    if not file.exists():
        raise UsageError(f"no such file: {path}", "Check the path.")
    with file.open("rb") as handle:
        return handle.read(MAX_DOCUMENT + 1), file.name


def _details(record: dict[str, Any]) -> list[tuple[str, str]]:
    keys = ("title", "authors", "publisher", "published", "type")
    return [(k, json.dumps(record[k], ensure_ascii=False)) for k in keys if k in record]


def _spyglass(kb: Path) -> str:
    """The command to suggest: with --kb when the knowledge base is not the default one."""
    return "spyglass" if kb == Path("records") else f"spyglass --kb {kb}"


def _say(*lines: str) -> None:
    from spyglass.cli import output
    from spyglass.text.printable import printable

    output.write("".join(printable(line) + "\n" for line in lines))


def register(app: typer.Typer) -> None:
    """Add the curator's commands to the app."""
    app.add_typer(source_app, name="source")
    app.command(name="new")(new)
