"""A demo database (the shipped example articles plus a hostile one) shared by web tests."""

from __future__ import annotations

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
