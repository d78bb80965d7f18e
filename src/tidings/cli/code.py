"""``tidings code`` (events) and ``tidings actors`` (resolved mentions) for files of news."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tidings.cli.app import (
    app,
    configure_logging,
    fail_if_nothing_kept,
    print_summary,
    progress,
    stdout_is_pipe,
)
from tidings.cli.options import (
    DEFAULT_MODEL,
    Coder,
    Engine,
    Kb,
    Lexicon,
    MinConfidence,
    Model,
    ParseAll,
    Quiet,
    Rejects,
    Scheduler,
    Workers,
)
from tidings.cli.read import Paths, check_paths

if TYPE_CHECKING:
    from tidings.pipeline.base import RunSummary
    from tidings.records import ActorRef, Event, Mention

# Stages whose rejects the read summary has already counted; later ones (coding) are added.
READ_STAGES = ("read", "clean", "language", "dedup")
Fmt = Annotated[Literal["jsonl", "table"] | None, typer.Option(
    "--format", help="jsonl (the default when piped) or table (the default on a terminal).")]


def explain(event: Event, mentions: list[Mention]) -> dict[str, Any]:
    """Why the event was coded: the lexicon entry, how each role was found, and why each
    actor is who it is (the resolver's rule and evidence)."""
    parts = dict(p.split(":", 1) for p in event.evidence.rule.split("|") if ":" in p)

    def actor_reason(ref: ActorRef | None) -> dict[str, str] | None:
        if ref is None:
            return None
        m = next((m for m in mentions if m.start == ref.start and m.end == ref.end
                  and m.actor and m.actor.country == ref.country), None)
        return {"mention": ref.text, "rule": m.rule if m else "",
                "evidence": m.evidence if m else ""}

    found = {"trigger": event.evidence.trigger, "lexicon_entry": parts.get("lexicon", ""),
             "role_pattern": parts.get("roles", ""), "source_found_by": parts.get("source", ""),
             "target_found_by": parts.get("target", ""), "factuality_rule": parts.get(
                 "factuality", ""), "date_rule": parts.get("date", ""),
             "reported_by": parts.get("reported-by"), "source": actor_reason(event.source),
             "target": actor_reason(event.target)}
    if "model" in parts:  # the learned coder: its type scores (chosen > runner-up)
        found.update({"model": parts["model"], "type_scores": parts.get("types")})
    if "hybrid" in parts:  # which coder(s) the hybrid kept it from, and their scores
        found.update({"hybrid": parts["hybrid"], "model_agreed": parts.get("agreed"),
                      "rules_recoded": parts.get("rules")})
    return found


def _table(rows: list[Event], with_explain: bool) -> Table:
    table = Table(show_lines=True)
    for col in ("type/mode", "source", "target", "date", "fact.", "details", "evidence"):
        # Cells wrap (fold) instead of being cut, so no text is lost at 80 columns.
        table.add_column(col, overflow="fold")
    for e in rows:
        details = [q.text for q in e.quantities] + ([e.money.text] if e.money else [])
        if e.location:
            details.append(f"in {e.location.name}")
        evidence = escape(e.evidence.sentence.strip())
        if with_explain:
            evidence += f"\n[dim]{escape(e.evidence.rule)}[/dim]"
        table.add_row(
            f"{e.type}" + (f"/{e.mode}" if e.mode else "") + f"\nCAMEO {e.cameo_root}",
            _actor_cell(e.source), _actor_cell(e.target) or f"[dim]{e.target_missing}[/dim]",
            f"{e.date or '?'} ({e.date_precision or '-'})", e.factuality,
            escape("; ".join(details)), evidence)
    return table


def _actor_cell(ref: ActorRef | None) -> str:
    if ref is None:
        return ""
    return f"{ref.country or '?'} {ref.sector or ''}\n{escape(ref.text)}"


def _code_stream(paths: list[str], model: str, kb: list[Path] | None, lexicon: list[Path] | None,
                 summary: RunSummary, events: bool, workers: int = 1, engine: str = "local",
                 scheduler: str | None = None, parts: Path | None = None,
                 coder: str = "rules", min_confidence: float = 0.0,
                 parse_all: bool = False) -> Iterator[Any]:
    from tidings.flows.code import make_code_runner
    from tidings.flows.read import read_articles

    with make_code_runner(model=model, kb_paths=kb or (), lexicon_paths=lexicon or (),
                          workers=workers, engine=engine, scheduler=scheduler,
                          events=events, parts_dir=parts, coder=coder,
                          min_confidence=min_confidence,
                          skip_sentences=not parse_all) as runner:
        yield from runner(read_articles(paths, summary=summary))


def _start(paths: list[str], fmt: str | None, quiet: bool) -> str:
    """Common start of ``code`` and ``actors``: logging, output format, paths checked."""
    configure_logging(quiet, False)
    check_paths(paths)
    return fmt or ("jsonl" if stdout_is_pipe() else "table")


@app.command("code")
def code_command(
    paths: Paths,
    fmt: Fmt = None,
    with_explain: Annotated[bool, typer.Option("--explain", help="Say which rule fired and "
                                               "why each role and actor was chosen.")] = False,
    model: Model = DEFAULT_MODEL,
    kb: Kb = None,
    lexicon: Lexicon = None,
    rejects: Rejects = None,
    workers: Workers = 1,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    parts: Annotated[Path | None, typer.Option(
        "--parts", help="Write events as Parquet parts in this directory (one per chunk, "
        "written by the workers) instead of printing them; query them with "
        "tidings events --db DIR.")] = None,
    coder: Coder = "rules",
    min_confidence: MinConfidence = 0.0,
    parse_all: ParseAll = False,
    quiet: Quiet = False,
) -> None:
    """Code events (PLOVER type, mode, actors, date, quantities, factuality, evidence).

    JSON Lines, one event per line, when piped; a table on a terminal. The summary on
    stderr names each rejected input with its reason; exit status 1 when no input gave an
    article.

    Example: tidings code news/ --format table --explain
    Example: tidings code news/ --workers 2 > events.jsonl
    Example: tidings code news/ --coder hybrid --min-confidence 0.5 --explain
    Example: tidings code archive/ --engine dask --parts parts/ && tidings events --db parts/
    """
    from tidings.pipeline.base import RunSummary
    from tidings.records import Reject, to_dict

    out_fmt = _start(paths, fmt, quiet)
    summary = RunSummary()
    rows: list[Event] = []
    out = rejects.open("w", encoding="utf-8") if rejects else None
    n_events = skipped = 0
    try:
        stream = _code_stream(paths, model, kb, lexicon, summary, True, workers, engine,
                              scheduler, parts, coder, min_confidence, parse_all)
        for item in progress(stream, "coding", quiet):
            if isinstance(item, Reject):
                if item.stage not in READ_STAGES:  # read rejects were counted as read
                    summary.add_later_reject(item)
                if out:
                    out.write(json.dumps(to_dict(item)) + "\n")
                continue
            skipped += item.skipped_sentences  # not parsed: they cannot hold an event
            for e in item.events:
                n_events += 1
                if parts is not None:
                    continue
                if out_fmt == "table":
                    rows.append(e)
                    continue
                record = to_dict(e)
                if with_explain:
                    record["explain"] = explain(e, item.mentions)
                typer.echo(json.dumps(record, ensure_ascii=False))
    finally:
        if out:
            out.close()
    if out_fmt == "table" and parts is None:
        Console().print(_table(rows, with_explain))
    extra = {"parts": str(parts)} if parts is not None else {}
    print_summary({**summary.as_dict(), "events": n_events, "sentences_skipped": skipped,
                   **extra,
                   "rejected_files": summary.rejected_files()}, quiet)
    fail_if_nothing_kept(summary.kept + summary.duplicates, summary.rejected_files())


@app.command("actors")
def actors_command(
    paths: Paths,
    fmt: Fmt = None,
    model: Model = DEFAULT_MODEL,
    kb: Kb = None,
    quiet: Quiet = False,
) -> None:
    """Print every resolved actor mention: text, offsets, country, sector, entity and why.

    Example: tidings actors news/ --format table
    """
    from tidings.pipeline.base import RunSummary
    from tidings.records import Reject, to_dict

    out_fmt = _start(paths, fmt, quiet)
    summary = RunSummary()
    table = Table(show_lines=False)
    for col in ("doc", "sent.", "offsets", "text", "country", "sector", "entity", "rule"):
        table.add_column(col, overflow="fold")
    count = 0
    for item in progress(_code_stream(paths, model, kb, None, summary, False), "resolving",
                         quiet):
        if isinstance(item, Reject):
            continue
        for m in item.mentions:
            count += 1
            a = m.actor
            if out_fmt == "jsonl":
                typer.echo(json.dumps(to_dict(m), ensure_ascii=False))
            else:
                table.add_row(m.doc_id[:8], str(m.sentence_index), f"{m.start}-{m.end}",
                              escape(m.text), (a.country or "") if a else "",
                              (a.sector or "") if a else "", (a.entity_id or "") if a else "",
                              escape(f"{m.rule}: {m.evidence}"))
    if out_fmt == "table":
        Console().print(table)
    print_summary({**summary.as_dict(), "mentions": count,
                   "rejected_files": summary.rejected_files()}, quiet)
    fail_if_nothing_kept(summary.kept + summary.duplicates, summary.rejected_files())
