"""The `export` and `import` commands (filled in by the exchange work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the exchange commands to the app."""
