"""``tidings read``: print clean articles (JSONL or text) and a summary of what was rejected."""

from __future__ import annotations

import glob
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from tidings.cli.app import app, configure_logging, fail_if_nothing_kept, print_summary, progress
from tidings.cli.options import Quiet, Rejects

if TYPE_CHECKING:
    from tidings.records import Article

MAX_BYTES = 20 * 1024 * 1024  # readers.detect.DEFAULT_MAX_BYTES (tests/cli check they agree)
Paths = Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")]


def _print_article(article: Article, fmt: str) -> None:
    from tidings.records import to_json

    if fmt == "text":
        header = article.title or article.origin or article.doc_id
        typer.echo(f"=== {header} ({article.published or 'no date'}, {article.language})")
        typer.echo(article.text)
        typer.echo("")
    else:
        typer.echo(to_json(article))


def check_paths(paths: list[str]) -> None:
    """A usage error only when none of the named paths exists (single misses become rejects)."""
    if not any(p == "-" or Path(p).exists() or glob.glob(p) for p in paths):
        raise typer.BadParameter(f"none of the paths exist: {', '.join(paths)}")


@app.command("read")
def read_command(
    paths: Paths,
    fmt: Annotated[Literal["jsonl", "text"], typer.Option(
        "--format", help="jsonl: one JSON object per article; text: readable.")] = "jsonl",
    rejects: Rejects = None,
    max_bytes: Annotated[int, typer.Option(
        "--max-bytes", min=1, help="Inputs larger than this are rejected.")] = MAX_BYTES,
    quiet: Quiet = False,
    json_logs: Annotated[bool, typer.Option("--json-logs", help="Logs as JSON lines on stderr.")
                         ] = False,
) -> None:
    """Read articles and print one JSON object per clean article.

    A path that does not exist becomes an 'unreadable' reject; the command fails (exit 2)
    only when none of the named paths exists, or on bad options, and exits 1 when no input
    gave an article. The summary names each rejected input with its reason.

    Example: tidings read news/ --format text
    """
    from tidings.flows.read import read_articles
    from tidings.pipeline.base import RunSummary
    from tidings.records import Reject, to_dict

    configure_logging(quiet, json_logs)
    check_paths(paths)
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
    print_summary({**summary.as_dict(), "rejected_files": summary.rejected_files()}, quiet)
    fail_if_nothing_kept(summary.kept + summary.duplicates, summary.rejected_files())
