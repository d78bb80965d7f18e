"""The stored monthly counts per dyad (``tidings.store.monthly``): the same series as the
scan of every event, kept right by the writer batch after batch (clusters regrouped across
batches included), never doubled by a rerun, and filled by the migration that adds them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from store_factories import make_coded

from tidings.store import monthly
from tidings.store.db import session
from tidings.store.queries import EventFilter, EventStore
from tidings.store.relations import PERIODS, dyad_series, dyads_series
from tidings.store.writer import Batch, RunInfo, StoreWriter

PAIRS = [("RUS", "CUB"), ("CUB", "RUS"), ("USA", "CUB"), ("CUB", "USA"), ("USA", "RUS")]
TYPES = ["AGREE", "AID", "ACCUSE", "SANCTION", "ASSAULT", "COOPERATE"]


def _articles() -> list[list]:
    """Four batches of one-event articles over two years: several a month per dyad, and
    reports two days apart in different batches, which clustering joins afterwards."""
    batches: list[list] = [[], [], [], []]
    for i in range(96):
        src, tgt = PAIRS[i % len(PAIRS)]
        day = date(2021, 1, 3) + timedelta(days=(i * 37) % 700)
        etype = TYPES[(i // 5) % len(TYPES)]
        for copy in range(1 + (i % 7 == 0)):  # every seventh is reported twice, apart
            text = (f"Officials announced measure {i} between {src} and {tgt}. "
                    "Nothing else was said")
            batches[(i + copy * 2) % 4].append(make_coded(
                text, [(src, tgt, etype)], date=(day + timedelta(days=2 * copy)).isoformat(),
                outlet=f"Wire {copy}"))
    return batches


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("monthly") / "m.duckdb"
    writer = StoreWriter(path)
    writer.start(RunInfo())
    for batch in _articles():
        writer.write(Batch(coded=batch))
    writer.finish("complete")
    return path


def _table(path: Path) -> list[tuple]:
    with session(path, read_only=True) as conn:
        return conn.execute("SELECT * FROM dyad_months ORDER BY ALL").fetchall()


def _same(stored: pd.DataFrame, scanned: pd.DataFrame) -> None:
    assert list(stored.columns) == list(scanned.columns)
    assert len(stored) == len(scanned) > 0
    for column in scanned.columns:
        if column == "top_events":
            assert [[dict(e) for e in v] for v in stored[column]] == \
                [[dict(e) for e in v] for v in scanned[column]]
        elif column in ("mean_intensity", "sum_intensity", "index"):
            assert list(stored[column]) == pytest.approx(list(scanned[column]))
        else:
            assert list(stored[column]) == list(scanned[column]), column


def test_stored_months_give_the_scanned_series(db: Path) -> None:
    store = EventStore(db)
    assert store.clusters(limit=None)["num_events"].max() == 2  # reports joined across batches
    with store.reading() as one:
        for a, b in [("RUS", "CUB"), ("USA", "CUB"), ("RUS", "USA")]:
            for by in PERIODS:
                for directed in (False, True):
                    for quad in (None, 2, 4):
                        where = EventFilter(quad_class=quad).where()
                        scanned = dyad_series(one, a, b, by=by, directed=directed, where=where)
                        if scanned.empty:
                            continue
                        _same(monthly.relation_series(one, a, b, by, directed, quad), scanned)
        pairs = [("RUS", "CUB"), ("USA", "CUB")]
        for by in PERIODS:  # a comparison's series, one scan for all pairs or stored
            scanned_all = dyads_series(one, pairs, by=by)
            for pair, stored in one.dyads_series(pairs, by=by).items():
                _same(stored, scanned_all[pair])


def test_batch_by_batch_equals_a_full_recount_and_a_rerun_adds_nothing(db: Path,
                                                                        tmp_path: Path) -> None:
    kept = _table(db)
    with session(db) as conn:  # a writer: recount every dyad from the events
        conn.execute("BEGIN TRANSACTION")
        monthly.refresh(conn)
        recounted = conn.execute("SELECT * FROM dyad_months ORDER BY ALL").fetchall()
        conn.execute("ROLLBACK")
    assert recounted == kept and len(kept) > 20
    writer = StoreWriter(db)
    writer.start(RunInfo())
    for batch in _articles():
        assert writer.write(Batch(coded=batch))["events"] == 0
    writer.finish("complete")
    assert _table(db) == kept


def test_the_migration_fills_the_counts_from_stored_events(db: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    old.write_bytes(db.read_bytes())
    with session(old) as conn:  # back to schema version 2, as an older Tidings left it
        conn.execute("DROP TABLE dyad_months")
        conn.execute("DELETE FROM schema_version WHERE version = 3")
    with session(old):
        pass  # a writer opens it: migration 3 runs
    assert _table(old) == _table(db)


def test_relation_reads_the_counts_only_for_what_they_hold(db: Path, tmp_path: Path) -> None:
    emptied = tmp_path / "emptied.duckdb"
    emptied.write_bytes(db.read_bytes())
    with session(emptied) as conn:  # counts gone: a page that reads them shows nothing
        conn.execute("DELETE FROM dyad_months")
    store = EventStore(emptied)
    assert store.relation("RUS", "CUB").series.empty
    assert store.relation("RUS", "CUB", flt=EventFilter(quad_class=2)).series.empty
    for narrower in (EventFilter(type="AID"), EventFilter(date_from="2021-01-01"),
                     EventFilter(min_confidence=0.1), EventFilter(text="measure")):
        # filters the counts cannot answer scan the events
        assert not store.relation("RUS", "CUB", flt=narrower).series.empty, narrower
