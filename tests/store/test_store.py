"""Writer, migrations and the EventStore query surface, on hand-built records."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from store_factories import make_coded

from tidings.errors import StoreError
from tidings.records import Reject
from tidings.store.db import connect
from tidings.store.queries import EventFilter, EventStore
from tidings.store.rows import event_from_row
from tidings.store.schema import LATEST
from tidings.store.writer import Batch, RunInfo, StoreWriter


def _coded():
    first = make_coded("Havana hosted the Russian delegation. Moscow pledged fuel aid",
                       [("RUS", "CUB", "COOPERATE"), ("RUS", "CUB", "AID")])
    second = make_coded("Officials welcomed Russian envoys. Washington tightened the embargo",
                        [("RUS", "CUB", "COOPERATE"), ("USA", "CUB", "SANCTION")],
                        date="2025-03-05", outlet="Other Daily")
    copy = make_coded("Officials welcomed Russian envoys. Washington tightened the embargo",
                      [("RUS", "CUB", "COOPERATE")], outlet="Mirror",
                      duplicate_of=second.article.doc_id)
    return first, second, copy


@pytest.fixture()
def store(tmp_path: Path) -> EventStore:
    writer = StoreWriter(tmp_path / "t.duckdb")
    writer.start(RunInfo(config={"model": "none"}, tidings_version="test"))
    writer.write(Batch(coded=list(_coded()),
                       rejects=[Reject("x.txt", "read", "empty", "no text")]))
    writer.finish("complete")
    return EventStore(tmp_path / "t.duckdb")


def test_rewrite_adds_nothing(tmp_path: Path) -> None:
    writer = StoreWriter(tmp_path / "t.duckdb")
    writer.start(RunInfo())
    assert writer.write(Batch(coded=list(_coded())))["events"] == 4
    assert writer.write(Batch(coded=list(_coded()))) == {
        "articles": 0, "sentences": 0, "events": 0, "rejects": 0}


def test_duplicate_article_stored_but_its_events_not(store: EventStore) -> None:
    overview = store.overview()
    assert overview["articles"] == 3
    assert overview["duplicates"] == 1
    assert overview["events"] == 4
    assert overview["rejects"] == 1


def test_filters(store: EventStore) -> None:
    assert len(store.events(EventFilter(country="USA"))) == 1
    assert len(store.events(EventFilter(source_country="CUB", target_country="RUS"))) == 0
    flt = EventFilter(source_country="CUB", target_country="RUS", undirected=True)
    assert len(store.events(flt)) == 3
    assert len(store.events(EventFilter(quad_class=4))) == 1
    assert len(store.events(EventFilter(date_from="2025-03-05"))) == 2
    assert list(store.events(EventFilter(text="EMBARGO"))["type"]) == ["SANCTION"]
    assert store.count_events(EventFilter(type="AID")) == 1
    assert len(store.events(limit=2, offset=3)) == 1
    assert store.events_arrow().num_rows == 4


def test_cluster_counts_articles_and_sources(store: EventStore) -> None:
    top = store.clusters().iloc[0]
    assert top["type"] == "COOPERATE"
    assert (top["num_articles"], top["num_sources"], top["num_events"]) == (2, 2, 2)
    event = store.event(top["event_ids"][0])
    assert event is not None and event["cluster"]["num_articles"] == 2


def test_article_with_events_and_round_trip(store: EventStore) -> None:
    first = _coded()[0]
    article = store.article(first.article.doc_id)
    assert article is not None and article["text"] == first.article.text
    assert len(article["sentences"]) == 2
    rows = article["events"].to_dict("records")
    rebuilt = sorted((event_from_row(r) for r in rows), key=lambda e: e.event_id)
    assert rebuilt == sorted(first.events, key=lambda e: e.event_id)
    assert store.article("missing") is None and store.event("missing") is None


def test_top_dyads_and_runs(store: EventStore) -> None:
    dyads = store.top_dyads()
    assert list(dyads.iloc[0][["source_country", "target_country", "events"]]) == [
        "RUS", "CUB", 3]
    runs = store.runs()
    assert runs.iloc[0]["status"] == "complete" and runs.iloc[0]["articles"] == 3


def test_newer_schema_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    connect(db).close()
    conn = duckdb.connect(str(db))
    conn.execute("INSERT INTO schema_version VALUES (?, ?)", [LATEST + 1, "future"])
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        connect(db)


def test_old_schema_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    conn = duckdb.connect(str(db))
    conn.execute("CREATE TABLE schema_version (version INTEGER, note VARCHAR)")
    from tidings.store.schema import MIGRATIONS
    for statement in MIGRATIONS[0][2]:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1, 'v1')")
    conn.close()
    with pytest.raises(StoreError, match="upgrade"):
        EventStore(db).overview()  # read-only openers explain instead of migrating
    connect(db).close()
    assert EventStore(db).overview()["gdelt_events"] == 0


def test_clusters_grow_across_batches_and_respect_the_window(tmp_path: Path) -> None:
    writer = StoreWriter(tmp_path / "t.duckdb")
    writer.start(RunInfo())
    day1 = make_coded("Moscow shipped oil to Havana. Done", [("RUS", "CUB", "AID")],
                      date="2025-06-01", outlet="A")
    day3 = make_coded("Moscow delivered crude to Havana. Done", [("RUS", "CUB", "AID")],
                      date="2025-06-03", outlet="B")
    day20 = make_coded("Moscow sent more oil to Havana. Done", [("RUS", "CUB", "AID")],
                       date="2025-06-20", outlet="C")
    writer.write(Batch(coded=[day1]))
    writer.write(Batch(coded=[day3, day20]))
    clusters = EventStore(tmp_path / "t.duckdb").clusters()
    assert sorted(clusters["num_articles"]) == [1, 2]
    assert clusters.iloc[0]["cluster_id"] == day1.events[0].event_id


def test_cluster_filters_use_the_event_filter(store: EventStore) -> None:
    assert len(store.clusters(EventFilter(text="embargo"))) == 1
    assert len(store.clusters(EventFilter(date_to="2025-03-04", country="RUS"))) == 2
    assert len(store.clusters(EventFilter(date_from="2025-03-05", country="RUS"))) == 0
