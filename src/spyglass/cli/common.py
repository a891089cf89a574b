"""What every command shares: the chosen knowledge base, and turning errors into messages and exit codes.

The library raises; only these functions print an error and choose the exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import NoReturn

import typer

from spyglass.model.vocabulary import ENTITY_KINDS

# The kinds a command takes, from the vocabulary itself: a new kind needs no second list here.
EntityKind = StrEnum("EntityKind", {kind: kind for kind in ENTITY_KINDS})  # type: ignore[misc]


@dataclass(frozen=True)
class Options:
    """The options given before the command, kept in typer's context object (ctx.obj)."""

    kb: Path = Path("records")


def options(ctx: typer.Context) -> Options:
    """The options of this run; the defaults where the root callback did not run (a sub-app in a test)."""
    found = ctx.find_object(Options)
    return found if found is not None else Options()


@contextmanager
def reported() -> Iterator[None]:
    """Turn a library error into its message and exit code (2 for usage, 1 otherwise)."""
    from spyglass.cli.output import OutputFailed
    from spyglass.errors import Ambiguous, SpyglassError

    try:
        yield
    except OutputFailed:  # stdout is gone: the console script reports it once and silences stdout
        raise
    except Ambiguous as exc:
        choices = "; ".join(f"{i} ({kind}: {name})" for i, kind, name in exc.candidates)
        fail(exc.message, f"{exc.hint} Candidates: {choices}")
    except SpyglassError as exc:
        fail(exc.message, exc.hint, exc.exit_code)
    except OSError as exc:  # a file or folder the system refused: the user's to fix, not a bug
        where = f" ({exc.filename})" if exc.filename else ""
        fail(f"{exc.strerror or exc}{where}", "Check that the path exists and that you may read or write it.")


def fail(message: str, hint: str = "", code: int = 1) -> NoReturn:
    """A user-facing error on stderr, then the exit code; never a traceback."""
    from spyglass.text.printable import printable

    sys.stderr.write(f"spyglass: error: {printable(message)}\n")
    if hint:
        sys.stderr.write(f"  hint: {printable(hint)}\n")
    raise typer.Exit(code)
