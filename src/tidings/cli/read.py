"""``tidings read``: print clean articles (JSONL or text) and a summary of what was rejected."""

from __future__ import annotations

import glob
import json
from pathlib import Path
from typing import Annotated

import typer

from tidings.cli.app import app, configure_logging, print_summary, progress
from tidings.flows.read import read_articles
from tidings.pipeline.base import RunSummary
from tidings.readers.detect import DEFAULT_MAX_BYTES
from tidings.records import Article, Reject, to_dict, to_json


def _print_article(article: Article, fmt: str) -> None:
    if fmt == "text":
        header = article.title or article.origin or article.doc_id
        typer.echo(f"=== {header} ({article.published or 'no date'}, {article.language})")
        typer.echo(article.text)
        typer.echo("")
    else:
        typer.echo(to_json(article))


def _check_paths(paths: list[str]) -> None:
    """A usage error only when none of the named paths exists (single misses become rejects)."""
    if not any(p == "-" or Path(p).exists() or glob.glob(p) for p in paths):
        raise typer.BadParameter(f"none of the paths exist: {', '.join(paths)}")


@app.command("read")
def read_command(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl (default) or text.")] = "jsonl",
    rejects: Annotated[Path | None, typer.Option(help="Write rejects here (JSONL).")] = None,
    max_bytes: Annotated[int, typer.Option(help="Larger inputs are rejected.")] = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
                     ] = False,
    json_logs: Annotated[bool, typer.Option(help="Logs as JSON lines on stderr.")] = False,
) -> None:
    """Read articles and print one JSON object per clean article.

    A path that does not exist becomes an 'unreadable' reject; the command fails (exit 2)
    only when none of the named paths exists, or on bad options.

    Example: tidings read ../shared/seeds/ --format text
    """
    configure_logging(quiet, json_logs)
    if fmt not in ("jsonl", "text"):
        raise typer.BadParameter("--format must be jsonl or text")
    _check_paths(paths)
    summary = RunSummary()
    stream = read_articles(paths, max_bytes=max_bytes, summary=summary)
    out = rejects.open("w", encoding="utf-8") if rejects else None
    try:
        for item in progress(stream, "reading", quiet):
            if isinstance(item, Reject):
                if out:
                    out.write(json.dumps(to_dict(item)) + "\n")
            else:
                _print_article(item, fmt)
    finally:
        if out:
            out.close()
    print_summary(summary.as_dict(), quiet)
