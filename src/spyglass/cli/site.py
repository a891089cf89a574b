"""The `site` and `serve` commands: the knowledge base as static pages, and a preview of them on 127.0.0.1."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spyglass.cli.common import fail, options, reported

if TYPE_CHECKING:
    from spyglass.site.build import Built


def _summary(built: Built) -> str:
    said = " and ".join(
        f"{n} {word}" for n, word in ((built.broken, "record file(s)"), (built.left_out, "claim(s)")) if n
    )
    left_out = f"; {said} left out because they have errors (run: spyglass validate)" if said else ""
    return (
        f"built {built.pages} pages ({built.written} written, {built.removed} removed) for {built.entities} entities, "
        f"{built.sources} sources and {built.claims} claims in {built.folder}{left_out}\n"
    )


def site(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Option("--out", help="The folder to build the site in (made if missing).", show_default=False)
    ],
) -> None:
    """Build the knowledge base as a static website: every claim beside its quote, every quote highlighted in its source."""
    with reported():
        from spyglass.kb.layout import check_root
        from spyglass.site.build import build_site

        built = build_site(check_root(options(ctx).kb), out, workers=os.cpu_count() or 1)
    sys.stderr.write(_summary(built))


def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", help="The port on 127.0.0.1 (0 picks a free one).")] = 8000,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="The folder to build in (default: a folder in the cache).", show_default=False),
    ] = None,
) -> None:
    """Build the site and serve it on 127.0.0.1 for a preview, rebuilding changed pages when records change."""
    if not 0 <= port <= 65535:
        fail(f"--port {port} is not a port number", "Give a port from 1 to 65535, or 0 for any free one.", code=2)
    with reported():
        from spyglass.kb.layout import check_root
        from spyglass.site.serve import Preview

        root = check_root(options(ctx).kb)
        preview = Preview(root, out, on_rebuild=_rebuilt, workers=os.cpu_count() or 1)
        sys.stderr.write(_summary(preview.built))
        preview.start(port)
    sys.stderr.write(f"serving {preview.built.folder} at {preview.url} (Ctrl-C stops)\n")
    sys.stderr.flush()
    try:
        preview.wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        sys.stderr.write("stopped\n")


def _rebuilt(outcome: object) -> None:
    """Say what a rebuild did, from the watching thread."""
    from spyglass.errors import SpyglassError
    from spyglass.text.printable import printable

    if isinstance(outcome, SpyglassError):
        sys.stderr.write(f"spyglass: error: {printable(outcome.message)}\n  hint: {printable(outcome.hint)}\n")
    else:
        sys.stderr.write(_summary(outcome))  # type: ignore[arg-type]
    sys.stderr.flush()


def register(app: typer.Typer) -> None:
    """Add the site commands to the app."""
    app.command("site")(site)
    app.command("serve")(serve)
