"""Country-level views count the events they leave out because a country is unknown
(issue 14): the store's counts, ``EventFilter.unknown_country`` and ``tidings relations``."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from store_factories import write_unknown_country_store
from typer.testing import CliRunner

import tidings
from tidings.cli import load_commands
from tidings.store.queries import EventFilter


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return write_unknown_country_store(tmp_path / "u.duckdb")


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


def test_dyads_unknown_gives_each_pair_what_its_relation_counts(db: Path) -> None:
    store = tidings.open(db)
    pairs = [("CHL", "PER"), ("PER", "BOL"), ("CHL", "BOL")]
    flt = EventFilter(date_from="2025-02-01", country="ARG")  # its country is set aside
    found = store.dyads_unknown(pairs, flt)
    assert found == {p: store.relation(*p, flt=flt).unknown_country for p in pairs}
    assert found[("CHL", "PER")] == 2 and found[("CHL", "BOL")] == 1
    assert store.dyads_unknown([]) == {}
