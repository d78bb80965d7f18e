"""The fuzz suite: hostile inputs (``hostile.py``) mixed with good articles, through the real
``ingest`` (reading, cleaning, spaCy coding, the store). The run must complete, store and code
every good article, leave a reject with a reason for each bad input, and stay within time and
memory bounds. ``benchmarks/fuzz_ingest.py`` runs a larger version."""

from __future__ import annotations

import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).parent))

from hostile import HOSTILE, make_corpus  # noqa: E402

from tidings.flows.code import make_code_runner  # noqa: E402
from tidings.flows.read import default_read  # noqa: E402
from tidings.store.ingest import ingest  # noqa: E402

PEAK_MB = 1536  # the bound for one run


def _ingest(folder: str, db: str, out: Any) -> None:
    """The run, in its own process so its peak memory is its own (not the test session's)."""
    started = time.monotonic()
    with make_code_runner() as runner:
        summary = ingest([folder], db, read=default_read(), code=runner, batch_size=10)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # forked HTML parsers
    out.put((summary.status, time.monotonic() - started, max(own, children) / 1024))


def test_hostile_inputs_never_stop_a_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good = make_corpus(folder, scale=1, good=8)
    db = tmp_path / "fuzz.duckdb"
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    run = ctx.Process(target=_ingest, args=(str(folder), str(db), queue))
    run.start()
    status, elapsed, peak_mb = queue.get(timeout=120)
    run.join(30)
    assert status == "complete" and run.exitcode == 0
    conn = duckdb.connect(str(db), read_only=True)
    texts = {r[0] for r in conn.execute("SELECT text FROM articles").fetchall()}
    assert all(text in texts for text in good)
    # Coded: no good article was rejected by the coding stage.
    assert conn.execute("SELECT count(*) FROM rejects WHERE stage = 'code'").fetchone() == (0,)
    rejects = conn.execute("SELECT origin, reason FROM rejects").fetchall()
    stored = [r[0] for r in conn.execute("SELECT source_path FROM articles").fetchall()]
    for hostile in HOSTILE:
        name = hostile.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        mine = [reason for origin, reason in rejects if name in origin]
        assert mine or (None in hostile.reasons and any(name in s for s in stored)), name
        assert set(mine) <= set(hostile.reasons), (name, mine)
    assert elapsed < 50, elapsed
    assert peak_mb < PEAK_MB, peak_mb
