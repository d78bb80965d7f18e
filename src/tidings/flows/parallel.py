"""Where coding runs: in this process, on a local process pool, or on Dask distributed.

Executors decide *where* the coding step runs, never *what* it computes. Reading, cleaning
and near-duplicate detection stay in the calling process (they are ten times faster than
coding and need to see the whole run to find duplicates); articles are cut into chunks, each
chunk is coded by ``CodeStep`` on a worker that loaded the spaCy pipeline and knowledge base
once, and the results come back in input order. So a parallel run yields exactly the records
of a single-process run, and the store keeps a single writer.

Failures: a worker that dies mid-chunk (killed, out of memory) loses nothing: the chunk is
redone on a fresh worker. A chunk that keeps failing after ``retries`` attempts becomes one
``Reject`` per article with reason ``partition-failed`` and the cause; the rest completes.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tidings.nlp import DEFAULT_MODEL
from tidings.pipeline.base import reject_for
from tidings.records import Article, CodedArticle, Reject

ENGINES = ("local", "dask")
Item = Article | Reject
Result = CodedArticle | Reject


@dataclass(frozen=True)
class CodeConfig:
    """Everything a worker needs to build its coding step (picklable, hashable)."""

    model: str = DEFAULT_MODEL
    kb_paths: tuple[str, ...] = ()
    lexicon_paths: tuple[str, ...] = ()
    batch_size: int = 32
    events: bool = True
    # "module:function" returning a CodeStep-like object (tests, custom coders); None = default
    factory: str | None = None
    # Write each chunk's events as a Parquet part here (on the worker); see write_part.
    parts_dir: str | None = None


@lru_cache(maxsize=4)
def _worker_step(config: CodeConfig) -> Any:
    """The coding step of this process, built once per configuration (model load is slow)."""
    if config.factory:
        module, _, name = config.factory.partition(":")
        fn = getattr(__import__(module, fromlist=[name]), name)
        return fn(config)
    from tidings.coding.pipeline import make_step

    return make_step(model=config.model, kb_paths=config.kb_paths,
                     lexicon_paths=config.lexicon_paths, events=config.events,
                     batch_size=config.batch_size)


def code_chunk(config: CodeConfig, chunk: list[Item]) -> list[Result]:
    """Code one chunk (runs on a worker); with ``parts_dir``, also write its Parquet part."""
    results = list(_worker_step(config).run(chunk))
    if config.parts_dir:
        write_part(Path(config.parts_dir), chunk, results)
    return results


def write_part(directory: Path, chunk: list[Item], results: list[Result]) -> Path:
    """The chunk's events as ``part-<hash of its inputs>.parquet`` (store event columns).

    The name depends only on the chunk's inputs and the file is replaced atomically, so a
    chunk redone after a worker died overwrites its part: nothing is lost or duplicated.
    ``cluster_id`` is the event id (clustering across articles happens when parts are loaded
    into a store).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from tidings.records import stable_hash
    from tidings.store.rows import EVENT_COLUMNS, event_row

    keys = [getattr(i, "doc_id", None) or getattr(i, "origin", "?") for i in chunk]
    rows = []
    for r in results:
        if isinstance(r, CodedArticle):
            for e in r.events:
                row = dict(zip(EVENT_COLUMNS, event_row(e, "parts"), strict=True))
                row["cluster_id"] = e.event_id
                rows.append(row)
    table = pa.Table.from_pylist(rows, schema=_part_schema()) if rows else \
        _part_schema().empty_table()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"part-{stable_hash(*map(str, keys), size=16)}.parquet"
    tmp = target.with_suffix(".tmp")
    pq.write_table(table, tmp)
    tmp.replace(target)
    return target


def _part_schema() -> Any:
    import pyarrow as pa

    from tidings.store.rows import EVENT_COLUMNS

    types = {"date": pa.date32(), "quad_class": pa.int32(), "intensity": pa.float64(),
             "confidence": pa.float64(), "sentence_start": pa.int64(),
             "sentence_end": pa.int64(), "trigger_start": pa.int64(), "trigger_end": pa.int64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in EVENT_COLUMNS])


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _failed(chunk: list[Item], cause: str) -> list[Result]:
    return [item if isinstance(item, Reject) else
            reject_for(item, "code", "partition-failed", cause) for item in chunk]


@dataclass
class ParallelCoder:
    """A reusable coder over many calls (``tidings ingest`` calls it once per batch).

    ``engine="local"`` with ``workers <= 1`` codes in this process; ``"local"`` with more
    workers uses a process pool; ``"dask"`` uses the scheduler at ``scheduler`` or, without
    one, a local cluster of ``workers`` processes on the loopback interface.
    """

    config: CodeConfig = field(default_factory=CodeConfig)
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    chunk_size: int = 16
    retries: int = 2
    _pool: ProcessPoolExecutor | None = field(default=None, init=False, repr=False)
    _client: Any = field(default=None, init=False, repr=False)
    _cluster: Any = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {self.engine!r}")

    def __enter__(self) -> ParallelCoder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __call__(self, items: Iterable[Item]) -> Iterator[Result]:
        if self.engine == "dask":
            return self._dask(items)
        if self.workers <= 1:
            if self.config.parts_dir:
                return (r for chunk in _chunks(items, self.chunk_size)
                        for r in code_chunk(self.config, chunk))
            return _worker_step(self.config).run(items)
        return self._local(items)

    # ------------------------------------------------------------------ local process pool

    def _new_pool(self) -> ProcessPoolExecutor:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                         mp_context=multiprocessing.get_context("fork"))
        return self._pool

    def _local(self, items: Iterable[Item]) -> Iterator[Result]:
        pool = self._pool or self._new_pool()
        window: deque[tuple[list[Item], int, Future[list[Result]]]] = deque()
        source = _chunks(items, self.chunk_size)
        exhausted = False
        while True:
            while not exhausted and len(window) < 2 * self.workers:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                window.append((chunk, 1, pool.submit(code_chunk, self.config, chunk)))
            if not window:
                return
            chunk, attempt, future = window.popleft()
            try:
                yield from future.result()
            except BrokenProcessPool as exc:
                # A worker died: every chunk in flight is redone on a fresh pool.
                pool = self._new_pool()
                pending = [(chunk, attempt, future)] + list(window)
                window.clear()
                for c, a, f in pending:
                    if f.done() and f.exception() is None:
                        window.append((c, a, f))  # finished before the crash: keep
                    elif a > self.retries:
                        window.append((c, a, _done(_failed(c, f"worker died {a} times: "
                                                               f"{exc}"))))
                    else:
                        window.append((c, a + 1, pool.submit(code_chunk, self.config, c)))
            except Exception as exc:  # noqa: BLE001 - the chunk is reported, the run goes on
                yield from _failed(chunk, f"{type(exc).__name__}: {exc}")

    # ------------------------------------------------------------------ Dask distributed

    def _dask_client(self) -> Any:
        if self._client is None:
            try:
                from dask.distributed import Client, LocalCluster
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise RuntimeError("the dask engine needs: pip install 'tidings[dask]'") from exc
            if self.scheduler:
                self._client = Client(self.scheduler)
            else:
                self._cluster = LocalCluster(n_workers=max(1, self.workers),
                                             threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None)
                self._client = Client(self._cluster)
        return self._client

    def _dask(self, items: Iterable[Item]) -> Iterator[Result]:
        client = self._dask_client()
        window: deque[tuple[list[Item], Any]] = deque()
        source = _chunks(items, self.chunk_size)
        exhausted = False
        width = 2 * max(1, self.workers)
        while True:
            while not exhausted and len(window) < width:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                # Dask reruns a task whose worker died; ``retries`` more for errors.
                window.append((chunk, client.submit(code_chunk, self.config, chunk,
                                                    retries=self.retries, pure=False)))
            if not window:
                return
            chunk, future = window.popleft()
            try:
                yield from future.result()
            except Exception as exc:  # noqa: BLE001 - reported per article, the run goes on
                yield from _failed(chunk, f"{type(exc).__name__}: {exc}")


def _done(value: list[Result]) -> Future[list[Result]]:
    future: Future[list[Result]] = Future()
    future.set_result(value)
    return future


def make_coder(*, model: str = DEFAULT_MODEL, kb_paths: Sequence[str | Path] = (),
               lexicon_paths: Sequence[str | Path] = (), workers: int = 1,
               engine: str = "local", scheduler: str | None = None,
               events: bool = True, parts_dir: str | Path | None = None) -> ParallelCoder:
    config = CodeConfig(model=model, kb_paths=tuple(str(p) for p in kb_paths),
                        lexicon_paths=tuple(str(p) for p in lexicon_paths), events=events,
                        parts_dir=str(parts_dir) if parts_dir else None)
    return ParallelCoder(config=config, workers=workers, engine=engine, scheduler=scheduler)

