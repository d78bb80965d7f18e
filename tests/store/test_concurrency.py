"""A reader process and a writer process on one file: neither corrupts nor locks out the other."""

from __future__ import annotations

import multiprocessing as mp
import sys
from pathlib import Path

from store_factories import make_coded

from tidings.store.queries import EventStore
from tidings.store.writer import Batch, RunInfo, StoreWriter

sys.path.insert(0, str(Path(__file__).parent))


def _write(db: str, n: int, first: int = 0) -> None:
    writer = StoreWriter(db, wait=60)
    writer.start(RunInfo())
    for i in range(first, first + n):
        text = f"Havana talks round {i} went well. Moscow sent fuel"
        writer.write(Batch(coded=[make_coded(text, [("RUS", "CUB", "AID")], outlet=f"o{i}")]))
    writer.finish("complete")


def _read(db: str, n: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    store = EventStore(db, wait=60)
    counts = [store.overview()["events"] for _ in range(n)]
    out.put(counts)


def test_reader_and_writer_processes_share_the_file(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    _write(db, 1)  # the file exists before the reader starts
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    writer = ctx.Process(target=_write, args=(db, 15, 1))
    reader = ctx.Process(target=_read, args=(db, 15, queue))
    writer.start()
    reader.start()
    counts = queue.get(timeout=120)
    writer.join(120)
    reader.join(120)
    assert writer.exitcode == 0 and reader.exitcode == 0
    assert counts == sorted(counts)  # readers only ever see whole batches, growing
    assert EventStore(db).overview()["events"] == 16
