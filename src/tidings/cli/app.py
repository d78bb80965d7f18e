"""The Typer application and what every command shares (output, progress, summaries).

Commands live in their own modules under ``tidings.cli`` and register on ``app``; each is a few
lines over the Python API, with an ``Example:`` in its help.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from typing import Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

app = typer.Typer(
    name="tidings",
    help="Tidings: political events from news text, with the evidence behind each one.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: flags show as flags, choices as <a|b>
)

T = TypeVar("T")


def stderr_console() -> Console:
    return Console(stderr=True)


def configure_logging(quiet: bool, json_logs: bool) -> None:
    """Plain or JSON-lines logs on stderr; ``--quiet`` keeps only warnings."""
    handler = logging.StreamHandler(sys.stderr)
    if json_logs:
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("tidings")
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING if quiet else logging.INFO)
    root.propagate = False


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {"level": record.levelname, "logger": record.name, "message": record.getMessage()}
        )


def progress(items: Iterable[T], label: str, quiet: bool) -> Iterator[T]:
    """Wrap a stream in a rich progress display on stderr (off when quiet or not a TTY)."""
    console = stderr_console()
    if quiet or not console.is_terminal:
        yield from items
        return
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}"),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        for item in items:
            bar.advance(task)
            yield item


def print_summary(summary: dict[str, Any], quiet: bool) -> None:
    """The end-of-run summary on stderr, so stdout stays machine-readable."""
    if quiet:
        return
    stderr_console().print_json(json.dumps({"summary": summary}, default=str))


def fail(exc: Exception) -> NoReturn:
    """A Tidings error as one red line on stderr and exit status 2."""
    stderr_console().print(f"[red]{escape(str(exc))}[/red]")
    raise typer.Exit(2)


def fail_if_nothing_kept(kept: int, rejected: dict[str, str]) -> None:
    """Exit 1, saying so, when a run kept no article at all (every input was rejected)."""
    if kept:
        return
    why = "; ".join(f"{name}: {reason}" for name, reason in list(rejected.items())[:5])
    stderr_console().print("[red]nothing was kept: no input gave an article"
                           + (f" ({escape(why)})" if why else "") + "[/red]")
    raise typer.Exit(1)


def stdout_is_pipe() -> bool:
    return not sys.stdout.isatty()
