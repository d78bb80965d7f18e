"""Where a step runs: in this process, on a local process pool, or on Dask distributed.

Executors decide *where* a step runs, never *what* it computes: they are handed a *step
factory* (hashable, picklable, called once per worker process to build the step) and cut the
input into chunks, each run by that step on a worker; results come back in input order. So a
parallel run yields exactly the records of a single-process run, and the store keeps a single
writer. What the step is (the coding configuration) is the flows' business
(``tidings.flows.code``).

Failures: a worker that dies mid-chunk (killed, out of memory) loses nothing: the chunk is
redone on a fresh worker. A chunk that keeps failing after ``retries`` attempts becomes one
``Reject`` per article with reason ``partition-failed`` and the cause; the rest completes.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from tidings.errors import Errors, UsageError
from tidings.pipeline.base import reject_for
from tidings.records import Article, CodedArticle, Reject

ENGINES = ("local", "dask")
Item = Article | Reject
Result = CodedArticle | Reject


class ChunkStep(Protocol):
    """What a worker runs: a step over a list of items."""

    def run(self, data: Iterable[Any], rank: int = 0, world_size: int = 1) -> Iterator[Any]: ...


class StepFactory(Protocol):
    """Builds a worker's step; hashable (a worker builds each once) and picklable."""

    def __call__(self) -> ChunkStep: ...

    def __hash__(self) -> int: ...


@lru_cache(maxsize=4)
def _worker_step(factory: StepFactory) -> ChunkStep:
    """The step of this process, built once per factory (a model load is slow)."""
    return factory()


def run_chunk(factory: StepFactory, chunk: list[Item]) -> list[Result]:
    """Run one chunk through the factory's step (on a worker)."""
    return list(_worker_step(factory).run(chunk))


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of ``size`` items (the last may be shorter)."""
    chunk: list[Any] = []
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
class ParallelRunner:
    """Runs ``factory``'s step over many calls (``tidings ingest`` calls it once per batch).

    ``engine="local"`` with ``workers <= 1`` codes in this process; ``"local"`` with more
    workers uses a process pool; ``"dask"`` uses the scheduler at ``scheduler`` or, without
    one, a local cluster of ``workers`` processes on the loopback interface.
    """

    factory: StepFactory
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
            raise UsageError(Errors.E001.format(what="engine", value=self.engine,
                                                choices=", ".join(ENGINES)))

    def __enter__(self) -> ParallelRunner:
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
            return _worker_step(self.factory).run(items)
        return self._local(items)

    # ------------------------------------------------------------------ local process pool

    def _new_pool(self) -> ProcessPoolExecutor:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                         mp_context=multiprocessing.get_context("fork"),
                                         initializer=exit_with_parent,
                                         initargs=(os.getpid(),))
        return self._pool

    def _local(self, items: Iterable[Item]) -> Iterator[Result]:
        pool = self._pool or self._new_pool()
        window: deque[tuple[list[Item], int, Future[list[Result]]]] = deque()
        source = chunked(items, self.chunk_size)
        exhausted = False
        while True:
            while not exhausted and len(window) < 2 * self.workers:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                window.append((chunk, 1, _submit(pool, self.factory, chunk)))
            if not window:
                return
            chunk, attempt, future = window.popleft()
            try:
                yield from future.result()
            except BrokenProcessPool:
                # A worker died, and every chunk in flight failed with it: which one killed
                # it is unknown, so each is rerun alone on a fresh pool, where only the
                # culprit can break it (an innocent chunk is never charged with a crash).
                pool = self._new_pool()
                pending = [(chunk, attempt, future)] + list(window)
                window.clear()
                for c, a, f in pending:
                    if f.done() and f.exception() is None:
                        window.append((c, a, f))  # finished before the crash: keep
                    else:
                        pool, results = self._run_alone(pool, c, a + 1)
                        window.append((c, a + 1, _done(results)))
            except Exception as exc:  # noqa: BLE001 - the chunk is reported, the run goes on
                yield from _failed(chunk, f"{type(exc).__name__}: {exc}")

    def _run_alone(self, pool: ProcessPoolExecutor, chunk: list[Item],
                   attempt: int) -> tuple[ProcessPoolExecutor, list[Result]]:
        """``chunk``'s results, run with no other chunk beside it (``attempt`` counts the
        crashes it was part of); the pool to go on with, renewed when this chunk broke it."""
        while True:
            try:
                return pool, _submit(pool, self.factory, chunk).result()
            except BrokenProcessPool as exc:
                pool = self._new_pool()
                if attempt > self.retries:
                    return pool, _failed(chunk, f"worker died {attempt} times: {exc}")
                attempt += 1
            except Exception as exc:  # noqa: BLE001 - the chunk is reported, the run goes on
                return pool, _failed(chunk, f"{type(exc).__name__}: {exc}")

    # ------------------------------------------------------------------ Dask distributed

    def _dask_client(self) -> Any:
        if self._client is None:
            try:
                from dask.distributed import Client
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise UsageError(Errors.E401) from exc
            if self.scheduler:
                self._client = Client(self.scheduler)
            else:
                self._cluster = _local_cluster(max(1, self.workers))
                self._client = Client(self._cluster)
        return self._client

    def _dask(self, items: Iterable[Item]) -> Iterator[Result]:
        client = self._dask_client()
        window: deque[tuple[list[Item], Any]] = deque()
        source = chunked(items, self.chunk_size)
        exhausted = False
        width = 2 * max(1, self.workers)
        while True:
            while not exhausted and len(window) < width:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                # Dask reruns a task whose worker died; ``retries`` more for errors.
                window.append((chunk, client.submit(run_chunk, self.factory, chunk,
                                                    retries=self.retries, pure=False)))
            if not window:
                return
            chunk, future = window.popleft()
            try:
                yield from future.result()
            except Exception as exc:  # noqa: BLE001 - reported per article, the run goes on
                yield from _failed(chunk, f"{type(exc).__name__}: {exc}")


def _local_cluster(workers: int) -> Any:
    """A Dask cluster of ``workers`` single-threaded processes on the loopback interface,
    forked from this process like the local pool's. Dask spawns them by default: each then
    imports Python, Dask, spaCy and the caller's main module afresh before its first task,
    which on a loaded 2-core machine took 8.6 s against 0.6 s forked (docs/scale-out.md).
    A worker the nanny restarts later is spawned as usual."""
    import dask
    from dask.distributed import LocalCluster

    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            host="127.0.0.1", dashboard_address=None)


def _submit(pool: ProcessPoolExecutor, factory: StepFactory,
            chunk: list[Item]) -> Future[list[Result]]:
    """``pool.submit``; a pool that broke since the last result (a worker died meanwhile)
    gives a future that fails like the chunks in flight, so it is redone with them."""
    try:
        return pool.submit(run_chunk, factory, chunk)
    except BrokenProcessPool as exc:
        future: Future[list[Result]] = Future()
        future.set_exception(exc)
        return future


def exit_with_parent(parent: int, every: float = 0.5) -> None:
    """Run in each pool worker: end the worker when ``parent`` is gone. A worker whose parent
    was killed (kill -9, out of memory) would otherwise wait on its pipe for ever, holding
    its model's memory (~320 MB); a pool worker's parent never changes while it lives."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _done(value: list[Result]) -> Future[list[Result]]:
    future: Future[list[Result]] = Future()
    future.set_result(value)
    return future
