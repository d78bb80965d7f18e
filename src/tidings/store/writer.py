"""Writing coded articles to the store in resumable, idempotent batches.

Every batch is one transaction on a short-lived connection: rows are keyed by content hashes
(``INSERT OR IGNORE``), and the files a batch came from are marked stored in the same
transaction, so a killed run leaves whole batches only and the next run skips what is stored.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tidings.errors import StoreLockedError
from tidings.readers.paths import printable_path
from tidings.records import CodedArticle, Reject
from tidings.store import monthly
from tidings.store.cluster import assign_clusters
from tidings.store.db import insert_rows, lock_file, session, try_flock
from tidings.store.rows import (
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    REJECT_COLUMNS,
    SENTENCE_COLUMNS,
    coded_rows,
    reject_row,
)

_TABLE_COLUMNS = {
    "articles": ARTICLE_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "events": EVENT_COLUMNS,
    "rejects": REJECT_COLUMNS,
}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class RunInfo:
    """How a run was made: recorded in ``runs`` so every event traces back to it."""

    config: dict[str, Any] = field(default_factory=dict)
    tidings_version: str = ""
    model: str | None = None
    model_version: str | None = None
    kb_version: str | None = None
    coder: str | None = None


@dataclass
class Batch:
    """Rows of one transaction plus the input files it completes."""

    coded: list[CodedArticle] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def file_key(path: Path) -> tuple[int, float]:
    """Size and mtime; (-1, -1) for a path that cannot be stat'ed (a dangling link, a
    loop), which therefore never matches and is re-read (and re-rejected) every run."""
    try:
        stat = path.stat()
    except OSError:
        return -1, -1.0
    return stat.st_size, stat.st_mtime


class StoreWriter:
    """Writes batches for one run; opens the database only while writing."""

    def __init__(self, db: str | os.PathLike[str], wait: float = 30.0, retries: int = 5
                 ) -> None:
        self.db = str(db)
        self.wait = wait
        self.retries = retries
        self.run_id = uuid.uuid4().hex
        self._run_lock: int | None = None

    def start(self, info: RunInfo) -> None:
        """Record the run as ``running``. Runs left ``running`` by a writer that is gone
        (killed: no ``finish``) are marked ``interrupted``: every live writer holds the run
        lock file shared, so whoever can take it alone knows no other run is alive."""
        self._run_lock = lock_file(Path(self.db), "runs")
        alone = self._run_lock is not None and try_flock(self._run_lock, fcntl.LOCK_EX)
        with session(self.db, wait=self.wait) as conn:
            if alone:
                conn.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            conn.execute(
                "INSERT INTO runs (run_id, started, status, config, tidings_version, model,"
                " model_version, kb_version, coder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [self.run_id, _now(), "running", json.dumps(info.config, default=str),
                 info.tidings_version, info.model, info.model_version, info.kb_version,
                 info.coder])
        if self._run_lock is not None:
            fcntl.flock(self._run_lock, fcntl.LOCK_SH)  # alive: others must not mark us

    def stored_files(self, paths: list[Path]) -> set[Path]:
        """The paths already stored with the same size and mtime (skipped before parsing)."""
        with session(self.db, wait=self.wait) as conn:
            rows = conn.execute("SELECT path, size, mtime FROM files").fetchall()
        known = {r[0]: (r[1], r[2]) for r in rows}
        return {p for p in paths if known.get(printable_path(str(p))) == file_key(p)}

    def stored_texts(self, chunk: int = 1000) -> Iterator[tuple[str, str]]:
        """(doc id, text) of every stored first copy, streamed in chunks from one read
        session (consume it before writing: the writer waits for readers)."""
        with session(self.db, read_only=True, wait=self.wait) as conn:
            cursor = conn.execute("SELECT doc_id, text FROM articles WHERE duplicate_of IS NULL"
                                  " ORDER BY rowid")
            while rows := cursor.fetchmany(chunk):
                yield from ((str(d), str(t)) for d, t in rows)

    def write(self, batch: Batch) -> dict[str, int]:
        """Insert one batch atomically; returns how many new rows each table got. When the
        file stays locked (another program holds it), the batch is retried with growing
        pauses, ``retries`` times, before the run gives up."""
        rows = _batch_rows(batch, self.run_id)
        for attempt in range(self.retries + 1):
            try:
                return self._write(batch, rows)
            except StoreLockedError:
                if attempt == self.retries:
                    raise
                time.sleep(min(2.0 ** attempt, 30.0))
        raise AssertionError("unreachable")

    def _write(self, batch: Batch, rows: dict[str, list[tuple[Any, ...]]]) -> dict[str, int]:
        with session(self.db, wait=self.wait) as conn:
            conn.execute("BEGIN TRANSACTION")
            try:
                added = {t: insert_rows(conn, t, _TABLE_COLUMNS[t], r) for t, r in rows.items()}
                for path in batch.files:
                    size, mtime = file_key(path)
                    conn.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                                 [printable_path(str(path)), size, mtime, self.run_id,
                                  _now()])
                if added["events"]:
                    dyads = monthly.new_dyads(conn)
                    assign_clusters(conn)
                    monthly.refresh(conn, dyads)
                conn.execute(
                    "UPDATE runs SET articles = articles + ?, events = events + ?,"
                    " rejects = rejects + ? WHERE run_id = ?",
                    [added["articles"], added["events"], added["rejects"], self.run_id])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return added

    def finish(self, status: str, coder: str | None = None) -> None:
        with session(self.db, wait=self.wait) as conn:
            conn.execute(
                "UPDATE runs SET status = ?, finished = ?, coder = coalesce(?, coder)"
                " WHERE run_id = ?", [status, _now(), coder, self.run_id])
        if self._run_lock is not None:
            os.close(self._run_lock)
            self._run_lock = None


def _batch_rows(batch: Batch, run_id: str) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in _TABLE_COLUMNS}
    for coded in batch.coded:
        if coded.article.duplicate_of == coded.article.doc_id:
            continue  # an exact copy is the stored article itself: never its own duplicate
        for table, table_rows in coded_rows(coded, run_id).items():
            if table == "events" and coded.article.duplicate_of:
                continue  # copies never count twice
            rows[table].extend(table_rows)
    rows["rejects"] = [reject_row(r, run_id) for r in batch.rejects]
    return rows
