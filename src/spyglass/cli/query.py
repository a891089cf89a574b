"""The commands that answer from the index: show, search, claims, sources, timeline, quote."""

from __future__ import annotations

import os
import sqlite3
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from spyglass.cli.common import EntityKind, fail, options, reported

MAX_LIMIT = 100_000  # far beyond any useful page of hits, and inside SQLite's 64-bit integers
JsonOption = Annotated[bool, typer.Option("--json", help="Print the answer as JSON (the shapes in the README).")]


class Status(StrEnum):
    corroborated = "corroborated"
    single = "single"
    contested = "contested"


def _index(ctx: typer.Context) -> sqlite3.Connection:
    """The index of the current knowledge base, refreshed; warns once when some records are unusable."""
    from spyglass.cli.render import warn
    from spyglass.index.database import meta_problems, open_for_answers

    kb = options(ctx).kb
    connection = open_for_answers(kb, workers=os.cpu_count() or 1)  # a first build proves quotes on every core
    problems = meta_problems(connection)
    claims, records = problems.get("left_out_claims", 0), problems.get("broken_files", 0)
    if claims or records:
        said = " and ".join(
            f"{n} {word}{'' if n == 1 else 's'}" for n, word in ((claims, "claim"), (records, "record")) if n
        )
        validate = "spyglass validate" if kb == Path("records") else f"spyglass --kb {kb} validate"
        warn(f"left out {said} of {kb} that validate rejects; to see why, run: {validate}")
    return connection


def _print(result: dict[str, Any], as_json: bool, lines: Any, page: bool = False) -> None:
    from spyglass.cli import output
    from spyglass.text.printable import json_text

    if as_json:
        output.write_json(json_text(result, indent=2))
        return
    from spyglass.cli.render import emit

    with output.writing():
        try:
            emit(lines(result), page=page)
        except SystemExit:  # rich's own answer to a closed pipe: stdout already points at the null device
            raise output.PipeClosed from None


def register(app: typer.Typer) -> None:
    """Add the query commands to the app."""

    @app.command()
    def show(
        ctx: typer.Context,
        name: Annotated[str, typer.Argument(help="An id, name or alias (any case).")],
        as_json: JsonOption = False,
    ) -> None:
        """A profile: claims grouped by predicate, each with its quotes, speakers, sources and status."""
        from spyglass.cli import render
        from spyglass.query import answers

        with reported():
            result = answers.show(_index(ctx), name)
        _print(result, as_json, render.show_profile, page=True)

    @app.command()
    def search(
        ctx: typer.Context,
        query: Annotated[str, typer.Argument(help='Words (all must match), a "phrase", or a prefix*.')],
        kind: Annotated[EntityKind | None, typer.Option("--kind", help="Only entities of this kind.")] = None,
        limit: Annotated[int, typer.Option("--limit", min=1, max=MAX_LIMIT, help="At most this many hits.")] = 10,
        as_json: JsonOption = False,
    ) -> None:
        """Ranked hits over names, aliases, statements and quotes, each with its quote."""
        from spyglass.cli import render
        from spyglass.query.search import search as run

        with reported():
            result = run(_index(ctx), query, kind.value if kind else None, limit)
        _print(result, as_json, render.search_hits)

    @app.command()
    def claims(
        ctx: typer.Context,
        about: Annotated[
            str | None, typer.Option("--about", help="Claims whose subject or object is this entity.")
        ] = None,
        predicate: Annotated[str | None, typer.Option("--predicate", help="Only this predicate.")] = None,
        source: Annotated[str | None, typer.Option("--source", help="Only claims citing this source id.")] = None,
        speaker: Annotated[str | None, typer.Option("--speaker", help="Only claims this entity is quoted for.")] = None,
        status: Annotated[Status | None, typer.Option("--status", help="Only claims of this status.")] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Claims, filtered; the filters combine."""
        from spyglass.cli import render
        from spyglass.model.vocabulary import PREDICATES
        from spyglass.query import answers

        if predicate and predicate not in PREDICATES:
            fail(f"unknown predicate '{predicate}'", "Predicates: " + ", ".join(PREDICATES), code=2)
        with reported():
            result = answers.claims(
                _index(ctx),
                about=about,
                predicate=predicate,
                source=source,
                speaker=speaker,
                claim_status=status.value if status else None,
            )
        _print(result, as_json, lambda r: render.claim_list(r["claims"], "No claims match."), page=True)

    @app.command()
    def sources(
        ctx: typer.Context,
        source_id: Annotated[
            str | None, typer.Argument(metavar="[ID]", help="One source: its claims and coverage.")
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """The sources; with an id, its metadata, the claims citing it, and how much of it is quoted."""
        from spyglass.cli import render_sources
        from spyglass.query.sources import list_sources, source_detail

        with reported():
            connection = _index(ctx)
            result = source_detail(connection, source_id) if source_id else list_sources(connection)
        _print(
            result,
            as_json,
            render_sources.source_detail if source_id else render_sources.source_list,
            page=bool(source_id),
        )

    @app.command()
    def timeline(
        ctx: typer.Context,
        name: Annotated[str | None, typer.Argument(metavar="[NAME]", help="Only claims about this entity.")] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Dated claims in time order; EDTF uncertainty shown as written."""
        from spyglass.cli import render
        from spyglass.query import answers

        with reported():
            result = answers.timeline(_index(ctx), name)
        _print(result, as_json, lambda r: render.timeline(r["timeline"]), page=True)

    @app.command()
    def quote(
        ctx: typer.Context,
        source_id: Annotated[str, typer.Argument(metavar="SOURCE", help="A source id.")],
        text: Annotated[str, typer.Argument(help="The text to find; '...' leaves out what lies between parts.")],
        as_json: JsonOption = False,
        as_yaml: Annotated[
            bool, typer.Option("--yaml", help="Print the passage found as an evidence item to paste into a record.")
        ] = False,
        speaker: Annotated[
            str | None, typer.Option("--speaker", metavar="ID", help="With --yaml: the id of who says it.")
        ] = None,
    ) -> None:
        """Curator's helper: where TEXT occurs in a source (offsets, context, each part), or why not and the closest passages."""
        from spyglass.cli import output, render_sources
        from spyglass.query.sources import evidence_yaml, find_quote, known_speaker, miss

        if as_yaml and as_json:
            fail(
                "--yaml and --json cannot be combined",
                "Give one: --yaml for an evidence item, --json for the answer.",
                2,
            )
        if speaker is not None and not as_yaml:
            fail("--speaker goes with --yaml", "Add --yaml to print an evidence item with this speaker.", 2)
        with reported():
            connection = _index(ctx)
            result = find_quote(connection, source_id, text)
            if speaker is not None:
                known_speaker(connection, speaker)
            block = evidence_yaml(connection, result, speaker) if as_yaml and result["found"] else None
        if block is not None:
            output.write(block)
            return
        _print(result, as_json, render_sources.quote_result)
        if as_yaml:  # one line: the reason is already drawn above, on stdout
            fail(f"no evidence item: the quote is {miss(result)}")
        if not result["found"]:
            raise typer.Exit(1)
