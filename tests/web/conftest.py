"""A demo database (the shipped example articles plus a hostile one) shared by web tests, and
a live server over it for the browser tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

HOSTILE = """Peru thanks Chile <script>alert('x')</script> for aid

Published: March 3, 2022

Chile sent 50 tons of aid to Peru on Tuesday <img src=x onerror="alert(1)">, officials said.
Peru thanked Chile for the <b onmouseover="alert(2)">help</b> <script>document.title='owned'</script>.
"""


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tidings.cli.web import demo_articles
    from tidings.flows.code import make_code_runner
    from tidings.flows.read import default_read
    from tidings.store.ingest import ingest

    root = tmp_path_factory.mktemp("web")
    hostile = root / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    db = root / "demo.duckdb"
    with make_code_runner() as coder:
        ingest([demo_articles(), hostile], db, read=default_read(), code=coder)
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    """The app over the demo database, served by uvicorn on a free loopback port."""
    import uvicorn

    from tidings.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(demo_db), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
