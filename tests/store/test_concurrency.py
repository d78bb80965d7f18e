"""A reader process and a writer process on one file: neither corrupts nor locks out the other."""

from __future__ import annotations

import multiprocessing as mp
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from store_factories import make_coded

from tidings.records import Article, CodedArticle
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


def _read_until(db: str, stop: Any, out: Any) -> None:
    """Read back to back (no pause) until told to stop; report every count seen."""
    store = EventStore(db, wait=120)
    seen = [store.overview()["events"]]
    out.put("ready")
    while not stop.is_set():
        seen.append(store.overview()["events"])
    out.put(seen)


def _ingest_files(root: Path, n: int) -> list[Path]:
    root.mkdir()
    for i in range(n):
        (root / f"a{i:03d}.txt").write_text(f"Moscow sent fuel to Havana, round {i}.")
    return sorted(root.iterdir())


def test_ingest_completes_beside_four_readers_reading_back_to_back(tmp_path: Path) -> None:
    """Issue 17: readers in turn once starved the writer until it aborted. The writer goes
    first now (``writer_first``): the ingest completes with every event, and readers only
    ever see whole batches."""
    from tidings.store.ingest import ingest

    def read(files: list[Path]) -> Iterator[Article]:
        for path in files:
            coded = make_coded(path.read_text(), [("RUS", "CUB", "AID")], outlet=path.stem)
            coded.article.origin = coded.article.source_path = str(path)
            yield coded.article

    def code(articles: Iterable[Article]) -> Iterator[CodedArticle]:
        time.sleep(0.2)  # coding a batch takes time: readers get their turns then
        for a in articles:
            yield make_coded(a.text, [("RUS", "CUB", "AID")], outlet=a.source_name or "")

    db = str(tmp_path / "t.duckdb")
    files = _ingest_files(tmp_path / "in", 60)
    ingest(files[:3], db, read=read, code=code, batch_size=3)
    ctx = mp.get_context("spawn")
    stop, queue = ctx.Event(), ctx.Queue()
    readers = [ctx.Process(target=_read_until, args=(db, stop, queue)) for _ in range(4)]
    for r in readers:
        r.start()
    assert [queue.get(timeout=120) for _ in readers] == ["ready"] * 4
    started = time.monotonic()
    summary = ingest(files, db, read=read, code=code, batch_size=3)
    took = time.monotonic() - started
    stop.set()
    seen = [queue.get(timeout=60) for _ in readers]
    for r in readers:
        r.join(60)
    assert summary.status == "complete" and summary.events == 57
    assert EventStore(db).overview()["events"] == 60
    assert all(len(s) > 5 for s in seen), ([len(s) for s in seen], took)  # read throughout
    for counts in seen:
        assert counts == sorted(counts)
        assert all(c % 3 == 0 for c in counts)  # whole batches only


def test_writes_beside_reads_in_one_process(tmp_path: Path) -> None:
    """The server's case (issue 17: 5/5 paste-and-store requests failed with 'different
    configuration' while another thread read): threads reading back to back and a writer
    in the same process; every write lands, no read fails."""
    import threading

    db = str(tmp_path / "t.duckdb")
    _write(db, 1)
    store = EventStore(db, wait=60)
    stop = threading.Event()
    failures: list[BaseException] = []
    counts: list[int] = []

    def read() -> None:
        while not stop.is_set():
            try:
                counts.append(store.overview()["events"])
            except BaseException as exc:  # noqa: BLE001 - the test reports it
                failures.append(exc)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for r in readers:
        r.start()
    try:
        _write(db, 10, first=1)
    finally:
        stop.set()
        for r in readers:
            r.join(60)
    assert failures == [] and len(counts) > 4
    assert store.overview()["events"] == 11
