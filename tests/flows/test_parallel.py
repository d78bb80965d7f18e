"""Parallel coding computes exactly what a single process computes, and survives workers
that die (local process pool and a Dask LocalCluster on loopback)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from tidings.flows.code import CodeConfig, CodeRunner
from tidings.flows.read import read_articles
from tidings.records import CodedArticle, Reject, to_dict

pytestmark = pytest.mark.model
FIXTURES = Path(__file__).parent.parent / "fixtures" / "articles"


def snapshot(results: list[Any]) -> list[Any]:
    out = []
    for r in results:
        if isinstance(r, CodedArticle):
            out.append((r.article.doc_id, [to_dict(e) for e in r.events],
                        [(m.start, m.end, m.actor.country if m.actor else None)
                         for m in r.mentions]))
        else:
            out.append(("reject", r.origin, r.reason))
    return out


@pytest.fixture(scope="module")
def articles() -> list[Any]:
    items = list(read_articles([FIXTURES]))
    assert len([i for i in items if not isinstance(i, Reject)]) >= 6
    return items


@pytest.fixture(scope="module")
def single(articles: list[Any]) -> list[Any]:
    with CodeRunner(workers=1, chunk_size=2) as coder:
        return snapshot(list(coder(articles)))


def test_local_pool_gives_identical_results(articles: list[Any], single: list[Any]) -> None:
    with CodeRunner(workers=2, chunk_size=2) as coder:
        assert snapshot(list(coder(articles))) == single
    assert any(row[1] for row in single if row[0] != "reject")


def test_dask_local_cluster_gives_identical_results(articles: list[Any],
                                                    single: list[Any]) -> None:
    pytest.importorskip("dask.distributed")
    with CodeRunner(workers=2, engine="dask", chunk_size=2) as coder:
        assert snapshot(list(coder(articles))) == single


def _inherited_marker() -> bool:
    import sys

    return getattr(sys, "tidings_test_marker", False)


def test_dask_local_workers_are_forked_from_this_process(monkeypatch) -> None:
    # Forked, not spawned: a worker starts with what this process holds (spaCy and the
    # coding flow imported), so its start-up is a model load, not a fresh interpreter. A
    # mark set here at run time is only there in a forked process.
    import sys

    pytest.importorskip("dask.distributed")
    monkeypatch.setattr(sys, "tidings_test_marker", True, raising=False)
    with CodeRunner(workers=2, engine="dask") as coder:
        client = coder.runner._dask_client()
        assert set(client.run(_inherited_marker).values()) == {True}


class DiesOnce:
    """A coding step that kills its worker process the first time it sees a marked article
    (the marker file records that it already died once)."""

    def __init__(self, config: CodeConfig) -> None:
        from tidings.flows.code import make_step

        self.step = make_step(model=config.model)
        self.marker = Path(os.environ["TIDINGS_TEST_MARKER"])

    def run(self, items: list[Any]) -> Any:
        for item in items:
            if getattr(item, "text", "").startswith("DIE") and not self.marker.exists():
                self.marker.write_text("died", encoding="utf-8")
                os._exit(1)
        return self.step.run(items)


def dies_once(config: CodeConfig) -> DiesOnce:
    return DiesOnce(config)


class AlwaysFails:
    def __init__(self, config: CodeConfig) -> None:
        pass

    def run(self, items: list[Any]) -> Any:
        if any(getattr(i, "text", "").startswith("DIE") for i in items):
            os._exit(1)
        if any(getattr(i, "text", "").startswith("Slowly") for i in items):
            time.sleep(1.0)  # still in flight when the other worker dies
        return iter([CodedArticle(article=i) for i in items])


def always_fails(config: CodeConfig) -> AlwaysFails:
    return AlwaysFails(config)


def _articles_with_poison() -> list[Any]:
    from tidings.records import Article

    texts = ["Peru thanked Chile on Monday.", "DIE now.", "Chile thanked Peru.",
             "Japan sent aid to Peru.", "Kenya met Uganda."]
    return [Article(doc_id=str(i), text=t, published="2021-10-20") for i, t in enumerate(texts)]


def test_a_dead_worker_loses_and_duplicates_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TIDINGS_TEST_MARKER", str(tmp_path / "died"))
    config = CodeConfig(factory="tests.flows.test_parallel:dies_once")
    with CodeRunner(config=config, workers=2, chunk_size=1) as coder:
        out = list(coder(_articles_with_poison()))
    assert (tmp_path / "died").exists()
    assert [o.article.doc_id for o in out] == ["0", "1", "2", "3", "4"]
    with CodeRunner(workers=1) as plain:
        assert snapshot(out) == snapshot(list(plain(_articles_with_poison())))


def test_a_chunk_that_keeps_failing_is_reported_and_the_rest_completes() -> None:
    config = CodeConfig(factory="tests.flows.test_parallel:always_fails")
    with CodeRunner(config=config, workers=2, chunk_size=1, retries=1) as coder:
        out = list(coder(_articles_with_poison()))
    rejects = [o for o in out if isinstance(o, Reject)]
    assert len(out) == 5 and len(rejects) == 1
    assert rejects[0].reason == "partition-failed" and "worker died" in rejects[0].detail


def test_a_chunk_in_flight_when_another_kills_its_worker_is_not_charged_with_it() -> None:
    from tidings.records import Article

    texts = ["Slowly, Peru thanked Chile.", "DIE now.", "Chile thanked Peru."]
    articles = [Article(doc_id=str(i), text=t) for i, t in enumerate(texts)]
    config = CodeConfig(factory="tests.flows.test_parallel:always_fails")
    with CodeRunner(config=config, workers=2, chunk_size=1, retries=0) as coder:
        out = list(coder(articles))
    assert [o.article.doc_id if isinstance(o, CodedArticle) else o.reason for o in out] == [
        "0", "partition-failed", "2"]


def test_parquet_parts_are_written_by_workers_and_queryable(tmp_path: Path, articles: list[Any],
                                                           single: list[Any]) -> None:
    from tidings.store.queries import EventFilter, EventStore

    parts = tmp_path / "parts"
    config = CodeConfig(parts_dir=str(parts))
    with CodeRunner(config=config, workers=2, chunk_size=2) as coder:
        list(coder(articles))
        list(coder(articles))  # a rerun rewrites the same parts: nothing doubles
    expected = sum(len(row[1]) for row in single if row[0] != "reject")
    store = EventStore(parts)
    assert store.count_events() == expected > 0
    assert store.count_events(EventFilter(country="CUB")) >= 1
    assert len(store.dyad_series("MEX", "CUB")) >= 1
