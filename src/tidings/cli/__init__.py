"""Command-line interface: ``tidings COMMAND``. See ``tidings --help``."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from tidings.about import __version__
from tidings.cli.app import app

# Each module registers its commands on ``app`` when imported.
COMMAND_MODULES: list[str] = [
    "tidings.cli.store",
    "tidings.cli.read",
    "tidings.cli.code",
    "tidings.cli.kb",
    "tidings.cli.lexicon",
    "tidings.cli.corpus",
    "tidings.cli.train",
    "tidings.cli.web",
]


@app.command()
def version() -> None:
    """Print the Tidings version.

    Example: tidings version
    """
    typer.echo(__version__)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_print_version,
        help="Print the Tidings version and exit.")] = False,
) -> None:
    """Tidings: political events from news text, with the evidence behind each one."""


def load_commands() -> typer.Typer:
    for name in COMMAND_MODULES:
        importlib.import_module(name)
    return app


def main() -> None:
    load_commands()()
