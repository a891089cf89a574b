"""The command line (typer): the app, one module per group of commands, output formats and rendering (rich)."""
