"""Opening the database file under DuckDB's one-process-per-file lock.

DuckDB locks the file against every other process, read-only openers included. Tidings
therefore never keeps a connection open for long: readers and writers open, work, and close,
and an opener that finds the file locked backs off and retries for ``wait`` seconds before
giving up with a clear error. See docs/store.md, "Concurrency".
"""

from __future__ import annotations

import fcntl
import os
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from tidings.errors import Errors, StoreError, StoreLockedError
from tidings.readers.decode import replace_surrogates
from tidings.store.schema import LATEST, migrate

DEFAULT_WAIT = 30.0


def _is_lock_error(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


def _connect_once(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    if read_only and not Path(path).exists():
        raise StoreError(Errors.E301.format(path=path))
    if Path(path).is_dir():
        return _parts_connection(Path(path), read_only)
    return duckdb.connect(path, read_only=read_only)


def _parts_connection(directory: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A directory of Parquet parts (``tidings code --parts DIR``) queried in place: an
    in-memory database with the store's schema whose ``events`` is a view over the parts."""
    if not read_only:
        raise StoreError(Errors.E302.format(path=directory))
    parts = sorted(directory.glob("part-*.parquet"))
    if not parts:
        raise StoreError(Errors.E303.format(path=directory))
    conn = duckdb.connect(":memory:")
    migrate(conn)
    # the parts are the events: no stored table stands in for them, nor for their counts
    conn.execute("DROP TABLE events")
    conn.execute("DROP TABLE dyad_months")
    conn.read_parquet([str(p) for p in parts]).create_view("events")
    return conn


def connect(path: str | os.PathLike[str], read_only: bool = False,
            wait: float = DEFAULT_WAIT) -> duckdb.DuckDBPyConnection:
    """Open ``path``, retrying with jittered backoff while another process holds it."""
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            conn = _connect_once(str(path), read_only)
            break
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise StoreError(Errors.E304.format(path=path, error=exc)) from exc
            if time.monotonic() >= deadline:
                raise StoreLockedError(Errors.E305.format(path=path, wait=wait,
                                                          error=exc)) from exc
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 1.0)
    if not Path(path).is_dir():  # Parquet parts: the schema was just created in memory
        _check_schema(conn, read_only)
    return conn


def _check_schema(conn: duckdb.DuckDBPyConnection, read_only: bool) -> None:
    if not read_only:
        migrate(conn)
        return
    version = _read_version(conn)
    if version != LATEST:
        conn.close()
        raise StoreError(Errors.E306.format(version=version, expected=LATEST))


def _read_version(conn: duckdb.DuckDBPyConnection) -> int:
    """``current_version`` in one query: every page opens the file, and each catalog query
    on a fresh connection costs 15-30 ms at 1M events (three took 50 ms a page)."""
    try:
        rows = conn.execute("SELECT max(version) FROM schema_version").fetchall()
    except duckdb.CatalogException:
        return 0  # not a Tidings database (or an empty one)
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


@contextmanager
def session(path: str | os.PathLike[str], read_only: bool = False,
            wait: float = DEFAULT_WAIT) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection, closed on exit so other processes can get the file. The
    writer goes first: see ``writer_first``."""
    with writer_first(path, exclusive=not read_only, wait=wait):
        conn = connect(path, read_only=read_only, wait=wait)
        try:
            yield conn
        finally:
            conn.close()


@contextmanager
def writer_first(path: str | os.PathLike[str], exclusive: bool,
                 wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Readers share the file, a writer has it alone, and a waiting writer goes before new
    readers, so readers back to back can never starve an ingest (DuckDB's own file lock has
    no queue: with a few clients reading in turn a writer found the file free too rarely and
    gave up). Two lock files beside the database, taken with ``flock`` (per open file, so
    threads of one server exclude each other too): a reader passes the *gate* (held only for
    an instant) and holds *use* shared; a writer holds the gate, which stops new readers, and
    waits for *use* exclusively, i.e. for the readers inside to finish. Where the lock files
    cannot be made (a read-only folder) DuckDB's lock and the retries in ``connect`` remain."""
    base = Path(path)
    if base.is_dir() or str(path) == ":memory:":
        yield
        return
    gate, use = lock_file(base, "gate"), lock_file(base, "use")
    try:
        deadline = time.monotonic() + wait
        if gate is not None:
            _flock(gate, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH, deadline, path, wait)
        try:
            if use is not None:
                _flock(use, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH, deadline, path, wait)
        finally:
            if gate is not None and not exclusive:
                fcntl.flock(gate, fcntl.LOCK_UN)  # a reader only passes through the gate
        yield
    finally:
        for fd in (use, gate):
            if fd is not None:
                os.close(fd)  # closing releases the lock


def lock_file(db: Path, kind: str) -> int | None:
    name = db.with_name(f"{db.name}.tidings-{kind}")
    for flags in (os.O_RDWR | os.O_CREAT, os.O_RDONLY):
        try:
            return os.open(name, flags, 0o666)
        except OSError:
            continue
    return None


def try_flock(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _flock(fd: int, mode: int, deadline: float, path: str | os.PathLike[str],
           wait: float) -> None:
    """``flock`` with a deadline (``flock`` itself cannot time out): polls with backoff."""
    delay = 0.002
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError as exc:
            if time.monotonic() >= deadline:
                raise StoreLockedError(Errors.E305.format(path=path, wait=wait,
                                                          error="lock held")) from exc
            # A short cap: a reader should be in soon after the writer lets go.
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.02)


def _storable(value: Any) -> Any:
    """Text without lone surrogates: DuckDB refuses text that is not UTF-8, and one such
    string would fail its whole batch."""
    return replace_surrogates(value) if isinstance(value, str) else value


def insert_rows(conn: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...],
                rows: list[tuple[Any, ...]]) -> int:
    """``INSERT OR IGNORE`` many rows through a registered frame (much faster than
    ``executemany``); returns how many were new. ``table`` and ``columns`` come from the
    fixed lists in ``tidings.store`` (never from users)."""
    if not rows:
        return 0
    rows = [tuple(_storable(v) for v in row) for row in rows]
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    count = f"SELECT count(*) FROM {table}"  # noqa: S608 (fixed table name)
    before = conn.execute(count).fetchall()[0]
    conn.register("incoming_rows", frame)
    try:
        names = ", ".join(columns)
        conn.execute(f"INSERT OR IGNORE INTO {table} ({names}) "  # noqa: S608 (fixed names)
                     f"SELECT {names} FROM incoming_rows")
    finally:
        conn.unregister("incoming_rows")
    after = conn.execute(count).fetchall()[0]
    return int(after[0] - before[0]) if after and before else 0
