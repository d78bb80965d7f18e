"""Command-line interface: ``tidings COMMAND``. See ``tidings --help``."""

from __future__ import annotations

import importlib

import typer

from tidings.about import __version__
from tidings.cli.app import app

# Each module registers its commands on ``app`` when imported.
COMMAND_MODULES: list[str] = [
    "tidings.cli.store",
    "tidings.cli.read",
    "tidings.cli.code",
    "tidings.cli.kb",
    "tidings.cli.corpus",
    "tidings.cli.web",
]


@app.command()
def version() -> None:
    """Print the Tidings version.

    Example: tidings version
    """
    typer.echo(__version__)


def load_commands() -> typer.Typer:
    for name in COMMAND_MODULES:
        importlib.import_module(name)
    return app


def main() -> None:
    load_commands()()
