"""``ingest``, ``events``, ``relations`` and ``import gdelt``: thin wrappers over tidings.store.

pandas, DuckDB and the coding flow are imported inside the commands, so ``tidings --help``
does not pay for them.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from tidings.cli.app import app, fail, fail_if_nothing_kept, print_summary, stderr_console
from tidings.cli.options import (
    DEFAULT_MODEL,
    Coder,
    Db,
    Engine,
    Kb,
    MinConfidence,
    Model,
    ParseAll,
    Quiet,
    Scheduler,
    Workers,
)
from tidings.errors import TidingsError

if TYPE_CHECKING:
    import pandas as pd

    from tidings.store.ingest import IngestSummary
    from tidings.store.queries import EventFilter, EventStore
    from tidings.store.relations import Partners, Relation
    from tidings.store.writer import RunInfo

DB_FILE = Path("tidings.duckdb")
# store.exports.FORMATS (tests/cli/test_options.py checks they agree)
EventFormat = Literal["table", "jsonl", "csv", "parquet", "gdelt", "polecat"]
Source = Annotated[Literal["tidings", "gdelt"], typer.Option(
    "--source", help="tidings (our events) or gdelt (imported GDELT rows, to compare).")]
CELL = 60  # characters of a table cell before it is cut, with an ellipsis
SENTENCE = 400  # an evidence sentence wraps in its column; only a run-on one is cut
import_app = typer.Typer(help="Import other event datasets beside ours.", no_args_is_help=True)
app.add_typer(import_app, name="import")


def default_read() -> Any:
    """``flows.read.default_read`` (imported when a command runs, not with the CLI)."""
    from tidings.flows.read import default_read as read

    return read()


def make_code_runner(**options: Any) -> Any:
    """``flows.code.make_code_runner`` (imported when a command runs: it loads spaCy)."""
    from tidings.flows.code import make_code_runner as runner

    return runner(**options)


def _run_info(model: str, kb: list[Path], paths: list[Path], batch_size: int,
              coder: str = "rules", min_confidence: float = 0.0,
              parse_all: bool = False) -> RunInfo:
    """The resolved configuration recorded with the run (paths absolute, versions read)."""
    from tidings.about import __version__
    from tidings.annotate.models import load_model
    from tidings.store.writer import RunInfo

    nlp = load_model(model)
    config = {"model": model, "kb": [str(p.resolve()) for p in kb], "batch_size": batch_size,
              "paths": [str(p.resolve()) for p in paths], "spacy_pipeline": nlp.pipe_names,
              "coder": coder, "min_confidence": min_confidence, "parse_all": parse_all}
    return RunInfo(config=config,
                   tidings_version=__version__, model=model,
                   model_version=str(nlp.meta.get("version")),
                   kb_version=",".join(p.name for p in kb) or "packaged")


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories of articles.")],
    db: Db = DB_FILE,
    model: Model = DEFAULT_MODEL,
    kb: Kb = None,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, help="Articles per transaction.")] = 100,
    workers: Workers = 1,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    coder: Coder = "rules",
    min_confidence: MinConfidence = 0.0,
    parse_all: ParseAll = False,
    quiet: Quiet = False,
) -> None:
    """Read, clean, code and store articles; files already stored are skipped.

    The summary names each rejected input with its reason; exit status 1 when new files
    were read but none gave an article.

    Example: tidings ingest news/ --db tidings.duckdb
    Example: tidings ingest news/ --workers 2
    """
    from tidings.store.ingest import ingest

    console = stderr_console()

    def report(summary: IngestSummary) -> None:
        if not quiet:
            console.print(f"stored {summary.articles} articles, {summary.events} events")

    # A kill (SIGTERM) ends the run like Ctrl-C: the run is marked interrupted, not running.
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        with make_code_runner(model=model, kb_paths=tuple(kb or ()), workers=workers,
                              engine=engine, scheduler=scheduler, coder=coder,
                              min_confidence=min_confidence,
                              skip_sentences=not parse_all) as runner:
            summary = ingest(paths, db, read=default_read(), code=runner,
                             info=_run_info(model, kb or [], paths, batch_size, coder,
                                            min_confidence, parse_all),
                             batch_size=batch_size, on_batch=report)
    except TidingsError as exc:
        fail(exc)
    except KeyboardInterrupt:
        console.print("[red]interrupted: whole batches are stored and the run is marked "
                      "interrupted; run the same command again to resume[/red]")
        raise typer.Exit(130) from None
    print_summary(vars(summary), quiet)
    if summary.files > summary.skipped_files:
        fail_if_nothing_kept(summary.articles + summary.duplicates, summary.rejected_files)


def _filter(country: str | None, dyad: str | None, undirected: bool, type_: str | None,
            quad: int | None, since: str | None, until: str | None,
            factuality: str | None, text: str | None,
            unknown_country: bool = False) -> EventFilter:
    from tidings.countries import parse_dyad
    from tidings.store.queries import EventFilter

    source, target = parse_dyad(dyad) if dyad else (None, None)
    return EventFilter(country=country, source_country=source, target_country=target,
                       undirected=undirected, type=type_, quad_class=quad, date_from=since,
                       date_to=until, factuality=factuality, text=text,
                       unknown_country=unknown_country)


@app.command("events")
def events_command(
    db: Db = DB_FILE,
    country: Annotated[str | None, typer.Option(
        "--country", help="Either side is this country: ISO3 in any case or a name.")] = None,
    dyad: Annotated[str | None, typer.Option(
        "--dyad", help="SOURCE-TARGET countries, e.g. RUS-CUB or Russia-Cuba.")] = None,
    undirected: Annotated[bool, typer.Option(
        "--undirected", help="Match the dyad either way round.")] = False,
    type_: Annotated[str | None, typer.Option(
        "--type", help="PLOVER type, e.g. AID (or a CAMEO code with --source gdelt).")] = None,
    quad: Annotated[int | None, typer.Option(
        "--quad", min=1, max=4, help="Quad class: 1 verbal cooperation, 2 material "
        "cooperation, 3 verbal conflict, 4 material conflict.")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="First date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last date, YYYY-MM-DD.")] = None,
    factuality: Annotated[Literal["asserted", "negated", "planned", "possible"] | None,
                          typer.Option("--factuality", help="What the text says of the event."
                                       )] = None,
    text: Annotated[str | None, typer.Option(
        "--text", help="Words searched in the evidence sentence.")] = None,
    unknown_country: Annotated[bool, typer.Option(
        "--unknown-country", help="Only the events that country-level views (relations, "
        "partners) leave out because a country is unknown.")] = False,
    source: Source = "tidings",
    fmt: Annotated[EventFormat | None, typer.Option(
        "--format", help="Output format; jsonl when piped, a table on a terminal.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (required for parquet).")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=1, help="At most this many events.")] = None,
    clusters: Annotated[bool, typer.Option(
        "--clusters", help="One row per real-world event (cross-article cluster) with "
        "num_articles, num_sources.")] = False,
) -> None:
    """List events matching filters, as a table, JSONL, CSV, Parquet, GDELT or POLECAT.

    Example: tidings events --dyad russia-cuba --undirected --format csv
    Example: tidings events --country cub --type aid --since 2024-01-01 | head
    """
    from tidings.store.queries import EventStore

    fmt = fmt or ("jsonl" if output is None and not sys.stdout.isatty() else "table")
    try:
        flt = _filter(country, dyad, undirected, type_, quad, since, until, factuality, text,
                      unknown_country)
        store = EventStore(db)
        if clusters:
            frame = store.clusters(flt, limit=limit)
            frame["event_ids"] = frame["event_ids"].map(",".join)
        else:
            frame = store.events(flt, limit=limit, source=source)
    except TidingsError as exc:
        fail(exc)
    if clusters and fmt == "table" and output is None:
        _show(frame.drop(columns=["event_ids"]), False, "Event clusters")
        return
    _write(frame, fmt, output, None if clusters or source != "tidings" else store)


def _write(frame: pd.DataFrame, fmt: str, output: Path | None,
           store: EventStore | None = None) -> None:
    from tidings.errors import Errors, UsageError
    from tidings.store.exports import gdelt_text, to_gdelt, to_polecat

    if fmt == "gdelt":  # as GDELT publishes its files: tab-separated, no header
        _emit(gdelt_text(to_gdelt(frame, store)), output)
        return
    if fmt == "polecat":  # as POLECAT's release files: tab-separated with a header
        frame, fmt = to_polecat(frame, store), "tsv"
    if fmt == "table" and output is None:
        _print_table(frame)
    elif fmt == "parquet":
        if output is None:
            fail(UsageError(Errors.E008))
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
    """date, dyad, type, factuality and the evidence sentence; the sentence column takes the
    room left and wraps, so a row stays readable at 80 columns (JSONL/CSV have every field)."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("date", "dyad", "type", "fact.", "sentence"):
        table.add_column(name, no_wrap=name != "sentence", overflow="fold" if
                         name == "sentence" else "ellipsis", ratio=1 if name == "sentence"
                         else None)
    for row in frame.to_dict("records"):
        dyad = f"{_cell(row.get('source_country')) or '?'}→{_cell(row.get('target_country')) or '?'}"
        table.add_row(_cell(row.get("date")), dyad, _cell(row.get("type")),
                      _cell(row.get("factuality")), _cell(row.get("sentence"), SENTENCE))
    _console().print(table)


@app.command("relations")
def relations_command(
    country: Annotated[str, typer.Argument(help="A country: ISO3 in any case or a name.")],
    partner: Annotated[str | None, typer.Argument(
        help="A second country: show the dyad's series and trend.")] = None,
    db: Db = DB_FILE,
    by: Annotated[Literal["month", "quarter", "year"], typer.Option(
        "--by", help="Period of the series.")] = "month",
    directed: Annotated[bool, typer.Option(
        "--directed", help="Only COUNTRY→PARTNER events.")] = False,
    as_json: Annotated[bool, typer.Option(
        "--json", help="One JSON document instead of tables.")] = False,
    source: Source = "tidings",
) -> None:
    """A dyad's time series and trend, or a country's partners ranked by volume and tone.

    Example: tidings relations cuba russia --by quarter
    Example: tidings relations CUB --json
    """
    from tidings.countries import parse_country
    from tidings.store.queries import EventStore

    try:
        country = parse_country(country)
        store = EventStore(db)
        if partner is None:
            _partners(store.partners_of(country, source=source), as_json, db)
            return
        partner = parse_country(partner)
        relation = store.relation(country, partner, by=by, directed=directed, source=source)
    except TidingsError as exc:
        fail(exc)
    _dyad(relation, as_json, db)


def _partners(found: Partners, as_json: bool, db: Path) -> None:
    if as_json:
        typer.echo(json.dumps({"country": found.country, "partners": _records(found.partners),
                               "unknown_country": found.unknown_country},
                              default=str, ensure_ascii=False))
        return
    _show(found.partners, False, f"Partners of {found.country}")
    _left_out(found.unknown_country, "table", f"--country {found.country}", db)


def _left_out(count: int, what: str, events_args: str, db: Path) -> None:
    """The line saying how many events the view leaves out for an unknown country, and the
    command that lists them."""
    if not count:
        return
    where = "" if db == DB_FILE else f" --db {db}"
    typer.echo(f"{count} event{'s' if count != 1 else ''} with an actor of unknown country "
               f"{'are' if count != 1 else 'is'} not in this {what}; list them: tidings "
               f"events {events_args} --unknown-country{where}")


def _dyad(relation: Relation, as_json: bool, db: Path) -> None:
    result, series = relation.trend, relation.series
    dyad = f"{relation.a}-{relation.b}"
    summary = {"dyad": dyad, "tone": result.tone,
               "trend": result.direction, "mean_index": round(result.mean_index, 3),
               "slope": round(result.slope, 4), "tau": round(result.tau, 3),
               "p_value": round(result.p_value, 4), "periods": result.periods,
               "evidence": result.evidence, "unknown_country": relation.unknown_country}
    rows = series.drop(columns=["top_events"])
    if as_json:  # one document: the trend's fields and the series under "series"
        typer.echo(json.dumps({**summary, "by": relation.by, "series": _records(rows)},
                              default=str, ensure_ascii=False))
        return
    _show(rows, False, f"{dyad} by {relation.by}")
    typer.echo(json.dumps(summary, default=str, ensure_ascii=False, indent=2))
    _left_out(relation.unknown_country, "series",
              f"--dyad {dyad}{'' if relation.directed else ' --undirected'}", db)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (dates ISO, NaN as null), via pandas' own JSON writer."""
    rows: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", date_format="iso",
                                                          force_ascii=False))
    return rows


def _show(frame: pd.DataFrame, as_json: bool, title: str) -> None:
    if as_json:
        typer.echo(json.dumps(_records(frame), ensure_ascii=False))
        return
    table = Table(*map(str, frame.columns), title=title)
    for row in frame.itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    _console().print(table)


def _console() -> Console:
    """stdout console; wide when piped so tables in files are not squeezed to 80 columns."""
    console = Console()
    return console if console.is_terminal else Console(width=200)


def _cell(value: Any, width: int = CELL) -> str:
    """Short, readable table cells: dates as YYYY-MM-DD, floats to 3 places, long text cut
    with an ellipsis (never silently)."""
    import pandas as pd

    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return f"{value:.3f}"
    text = str(value)
    return text if len(text) <= width else text[:width - 1] + "…"


@import_app.command("gdelt")
def import_gdelt_command(
    files: Annotated[list[Path], typer.Argument(help="GDELT 1.0/2.0 event files (.CSV/.zip).")],
    db: Db = DB_FILE,
    quiet: Quiet = False,
) -> None:
    """Import GDELT event rows into their own table, queryable with --source gdelt.

    Example: tidings import gdelt 20160728.export.CSV --db tidings.duckdb
    """
    from tidings.store.gdelt import import_gdelt

    added = 0
    try:
        for path in files:
            added += import_gdelt(path, db)
    except TidingsError as exc:
        fail(exc)
    print_summary({"files": len(files), "gdelt_events_added": added}, quiet)
