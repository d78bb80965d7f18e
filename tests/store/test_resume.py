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


def test_a_locked_batch_is_retried_with_backoff(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch that finds the file locked (a program outside the protocol holds it) waits and
    tries again instead of ending the run."""
    from tidings.errors import StoreLockedError
    from tidings.store import writer as writer_module
    from tidings.store.writer import Batch

    db = tmp_path / "t.duckdb"
    writer = StoreWriter(db, retries=3)
    writer.start(RunInfo())
    real, failures, pauses = writer._write, [2], []

    def flaky(batch: Batch, rows: object) -> dict[str, int]:
        if failures[0]:
            failures[0] -= 1
            raise StoreLockedError("[E305] locked")
        return real(batch, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "_write", flaky)
    monkeypatch.setattr(writer_module.time, "sleep", pauses.append)
    added = writer.write(Batch(coded=[make_coded(STORY, [("RUS", "CUB", "AID")])]))
    assert added["events"] == 1 and pauses == [1.0, 2.0]
    failures[0] = 9
    with pytest.raises(StoreLockedError):
        writer.write(Batch(coded=[make_coded(STORY + " Again.", [("RUS", "CUB", "AID")])]))
    writer.finish("complete")


def test_sigterm_marks_the_cli_run_interrupted(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(40):
        (folder / f"{n:02d}.txt").write_text(
            f"Officials in district {n} said on Monday that the bridge number {n} would reopen "
            f"after repairs, and that {n * 7} workers had finished the job early.",
            encoding="utf-8")
    db = tmp_path / "t.duckdb"
    tidings = str(Path(sys.executable).with_name("tidings"))  # the installed command
    run = subprocess.Popen([tidings, "ingest", str(folder), "--db",
                            str(db), "--batch-size", "1"], stderr=subprocess.PIPE, text=True)
    assert run.stderr is not None
    for line in run.stderr:
        if line.startswith("stored"):
            break
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130 and "Traceback" not in err and "resume" in err
    conn = duckdb.connect(str(db), read_only=True)
    assert conn.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
