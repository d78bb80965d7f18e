"""Country-level views count the events they leave out because a country is unknown
(issue 14): the store's counts, ``EventFilter.unknown_country`` and ``tidings relations``."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from store_factories import make_coded
from typer.testing import CliRunner

import tidings
from tidings.cli import load_commands
from tidings.records import ActorRef, CodedArticle
from tidings.store.queries import EventFilter
from tidings.store.writer import Batch, RunInfo, StoreWriter


def with_actors(coded: CodedArticle, source: ActorRef | None,
                target: ActorRef | None) -> CodedArticle:
    """``coded`` with its one event's source and target replaced (``None``: no actor)."""
    return replace(coded, events=[replace(e, source=source, target=target)
                                  for e in coded.events])


def actor(text: str, country: str | None) -> ActorRef:
    return ActorRef(text=text, name=None, country=country, sector="COP")


def write_store(path: Path) -> Path:
    """Three Chile–Peru events over three months, one Peru–Chile, and five events with an
    actor of unknown country: Chile → a union, a militia → Peru, an agentless passive on
    Chile's side, Peru's police → students abroad (undated), and one with both unknown."""
    coded = [make_coded(f"Santiago praised Lima on item {m}. End", [("CHL", "PER", "AGREE")],
                        date=f"2025-0{m}-10", outlet=f"a{m}") for m in (1, 2, 3)]
    coded.append(make_coded("Lima thanked Santiago warmly. End", [("PER", "CHL", "AGREE")],
                            date="2025-02-12", outlet="b"))
    unknown = [
        ("Santiago accused the dockers' union. End", actor("Chile", "CHL"),
         actor("the dockers' union", None), "2025-01-20"),
        ("A militia threatened the Peruvian army. End", actor("A militia", None),
         actor("the Peruvian army", "PER"), "2025-02-20"),
        ("Two Chilean officials were assaulted. End", None, actor("Chilean officials", "CHL"),
         "2025-03-20"),
        ("Police detained students. End", actor("Peruvian police", "PER"),
         actor("students", None), None),
        ("Rebels assaulted a convoy. End", actor("Rebels", None), actor("a convoy", None),
         "2025-03-22"),
    ]
    for i, (text, src, tgt, day) in enumerate(unknown):
        base = make_coded(text, [("CHL", "PER", "ACCUSE")], date=day or "2025-01-01",
                          outlet=f"u{i}")
        base = replace(base, events=[replace(e, date=day) for e in base.events])
        coded.append(with_actors(base, src, tgt))
    writer = StoreWriter(path)
    writer.start(RunInfo())
    writer.write(Batch(coded=coded))
    return path


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return write_store(tmp_path / "u.duckdb")


def test_filter_selects_what_country_views_leave_out(db: Path) -> None:
    store = tidings.open(db)
    assert store.count_events(EventFilter(unknown_country=True)) == 5
    assert store.count_events(EventFilter(country="CHL", unknown_country=True)) == 2
    undirected = EventFilter(source_country="CHL", target_country="PER", undirected=True,
                             unknown_country=True)
    # Chile → union, militia → Peru, ? → Chilean officials, Peruvian police → students.
    assert store.count_events(undirected) == 4
    directed = replace(undirected, undirected=False)
    texts = set(store.events(directed)["sentence"])
    assert texts == {"Santiago accused the dockers' union",
                     "A militia threatened the Peruvian army"}
    assert store.count_events(replace(undirected, date_from="2025-02-01")) == 2


def test_relation_counts_the_left_out_events_of_its_filter(db: Path) -> None:
    store = tidings.open(db)
    relation = store.relation("chile", "peru")
    assert list(relation.series["events"]) == [1, 2, 1]
    assert relation.unknown_country == 4
    assert store.relation("CHL", "PER", directed=True).unknown_country == 2
    dated = store.relation("CHL", "PER", flt=EventFilter(date_to="2025-02-28"))
    assert dated.unknown_country == 2 and dated.trend.periods == 2
    assert store.relation("CHL", "PER", flt=EventFilter(type="AGREE")).unknown_country == 0


def test_partners_and_summary_count_the_left_out_events(db: Path) -> None:
    store = tidings.open(db)
    chile = store.partners_of("Chile")
    assert list(chile.partners["partner"]) == ["PER"] and chile.unknown_country == 2
    assert store.partners_of("PER").unknown_country == 2
    summary = store.summary()
    assert summary["events"] == 9 and summary["unknown_country"] == 5
    assert store.summary(EventFilter(country="PER"))["unknown_country"] == 2
    dyad = EventFilter(source_country="CHL", target_country="PER", undirected=True)
    assert store.summary(dyad)["unknown_country"] == 4
    assert store.summary(dyad)["events"] == 4


def test_relations_cli_says_how_many_are_left_out(db: Path) -> None:
    runner = CliRunner()
    app = load_commands()
    table = runner.invoke(app, ["relations", "chile", "peru", "--db", str(db)])
    assert table.exit_code == 0, table.output
    assert "4 events with an actor of unknown country are not in this series" in table.output
    assert "tidings events --dyad CHL-PER --undirected --unknown-country" in table.output
    doc = json.loads(runner.invoke(app, ["relations", "CHL", "PER", "--directed", "--json",
                                         "--db", str(db)]).output)
    assert doc["unknown_country"] == 2
    partners = json.loads(runner.invoke(app, ["relations", "PER", "--json", "--db",
                                              str(db)]).output)
    assert partners["unknown_country"] == 2 and partners["partners"][0]["partner"] == "CHL"
    listed = runner.invoke(app, ["events", "--country", "PER", "--unknown-country",
                                 "--format", "jsonl", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    assert len(listed.output.strip().splitlines()) == 2
