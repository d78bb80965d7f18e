"""Issue 17, from the crash tests: a resumed run knows what the killed one stored (near
duplicates, exact copies), and a run that died is marked ``interrupted``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import pytest
from store_factories import make_coded

from tidings.flows.read import default_read
from tidings.records import Article, CodedArticle, Reject
from tidings.store.ingest import ingest
from tidings.store.writer import RunInfo, StoreWriter

STORY = ("The port authority of the northern province said on Monday that the ferry service to "
         "the islands would resume next week after the new pier passed its safety checks, and "
         "that fares would stay at last year's level until the end of the summer season.")


def code(articles: Iterable[Article]) -> Iterator[CodedArticle | Reject]:
    for a in articles:
        coded = make_coded(a.text, [("RUS", "CUB", "AID")])
        coded.article = a
        for event in coded.events:
            event.doc_id = a.doc_id
        yield coded


def test_resume_finds_near_duplicates_of_stored_articles(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    first = ingest([tmp_path / "a.txt"], db, read=default_read(), code=code)
    assert first.articles == 1
    # A lightly edited copy arrives in a later (resumed or incremental) run.
    (tmp_path / "b.txt").write_text(STORY.replace("Monday", "Tuesday"), encoding="utf-8")
    (tmp_path / "c.txt").write_text(STORY, encoding="utf-8")  # an exact copy
    later = ingest([tmp_path / "b.txt", tmp_path / "c.txt"], db, read=default_read(), code=code)
    assert later.events == 0 and later.duplicates == 2
    conn = duckdb.connect(str(db), read_only=True)
    rows = conn.execute("SELECT doc_id, duplicate_of FROM articles ORDER BY rowid").fetchall()
    first_id = rows[0][0]
    assert rows[0][1] is None and rows[1][1] == first_id and len(rows) == 2
    assert conn.execute("SELECT count(*) FROM articles WHERE duplicate_of = doc_id"
                        ).fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM events").fetchone() == (1,)


def test_exact_copies_in_one_run_never_point_at_themselves(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(STORY, encoding="utf-8")
    summary = ingest([tmp_path], db, read=default_read(), code=code, batch_size=1)
    assert (summary.articles, summary.duplicates, summary.events) == (1, 2, 1)
    conn = duckdb.connect(str(db), read_only=True)
    assert conn.execute("SELECT count(*), count(duplicate_of) FROM articles").fetchone() == (1, 0)


def test_a_run_whose_writer_died_is_marked_interrupted(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    dead = StoreWriter(db)
    dead.start(RunInfo())
    assert dead._run_lock is not None
    # A kill -9: the process is gone, so is its lock; finish() never ran.
    import os

    os.close(dead._run_lock)
    alive = StoreWriter(db)
    alive.start(RunInfo())  # finds no live writer: the old run is interrupted
    other = StoreWriter(db)
    other.start(RunInfo())  # a live writer exists: it stays running
    conn = duckdb.connect(str(db), read_only=True)
    status = dict(conn.execute("SELECT run_id, status FROM runs").fetchall())
    conn.close()
    assert status == {dead.run_id: "interrupted", alive.run_id: "running",
                      other.run_id: "running"}
    alive.finish("complete")
    other.finish("complete")


def test_a_crash_inside_ingest_marks_the_run_interrupted(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")

    def crash(articles: Iterable[Article]) -> Iterator[CodedArticle]:
        raise KeyboardInterrupt
        yield  # pragma: no cover

    with pytest.raises(KeyboardInterrupt):
        ingest([tmp_path], db, read=default_read(), code=crash)
    conn = duckdb.connect(str(db), read_only=True)
    assert conn.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
