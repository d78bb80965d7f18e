"""Hypothesis: events round-trip through the store; writing twice changes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.records import ActorRef, Article, CodedArticle, Event, Evidence, Location
from tidings.store.queries import EventStore
from tidings.store.rows import event_from_row
from tidings.store.writer import Batch, RunInfo, StoreWriter

COUNTRIES = st.sampled_from(["CUB", "RUS", "USA", "VEN", None])
TEXT = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")
DATES = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


@st.composite
def events(draw: st.DrawFn, doc_id: str) -> Event:
    sentence = draw(TEXT)
    start = draw(st.integers(0, 500))
    src, tgt = draw(COUNTRIES), draw(COUNTRIES)
    evidence = Evidence(sentence=sentence, start=start, end=start + len(sentence),
                        trigger=sentence[:5], rule=draw(st.sampled_from(["r1", "r2"])))
    return Event(
        event_id=Event.make_id(doc_id, start, sentence, str(src), str(tgt)), doc_id=doc_id,
        type=draw(st.sampled_from(["AGREE", "ACCUSE", "AID"])),
        source=ActorRef(text=draw(TEXT), country=src) if draw(st.booleans()) else None,
        target=ActorRef(text=draw(TEXT), country=tgt, sector="GOV"), evidence=evidence,
        date=draw(DATES), factuality=draw(st.sampled_from(["asserted", "negated"])),
        quad_class=draw(st.one_of(st.none(), st.integers(1, 4))),
        intensity=draw(st.one_of(st.none(), st.floats(-10, 10))),
        location=draw(st.one_of(st.none(), st.builds(Location, TEXT, COUNTRIES))),
        more_evidence=[evidence] if draw(st.booleans()) else [], coder="h 1")


@st.composite
def coded_articles(draw: st.DrawFn) -> CodedArticle:
    text = draw(TEXT)
    article = Article(doc_id=Article.make_id(text + str(draw(st.integers()))), text=text,
                      published=draw(DATES), source_name=draw(st.sampled_from(["A", "B"])))
    found = draw(st.lists(events(article.doc_id), max_size=4))
    unique = list({e.event_id: e for e in found}.values())
    return CodedArticle(article=article, events=unique)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(coded_articles(), min_size=1, max_size=4,
                unique_by=lambda c: c.article.doc_id))
def test_round_trip_and_idempotence(batch: list[CodedArticle]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "t.duckdb"
        writer = StoreWriter(db)
        writer.start(RunInfo())
        first = writer.write(Batch(coded=batch))
        assert writer.write(Batch(coded=batch)) == dict.fromkeys(first, 0)
        stored = EventStore(db).events(limit=None).to_dict("records")
        rebuilt = {r["event_id"]: event_from_row(r) for r in stored}
        expected = {e.event_id: e for c in batch for e in c.events}
        assert rebuilt == expected
