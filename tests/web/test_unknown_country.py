"""The dashboard says how many events its country-level views leave out because a country is
unknown, and links to them (issue 14): JSON twins and page text over a hand-built store."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tidings.web import create_app

sys.path.insert(0, str(Path(__file__).parents[1] / "store"))
from store_factories import write_unknown_country_store  # noqa: E402 (after its path)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = write_unknown_country_store(tmp_path_factory.mktemp("unknown") / "u.duckdb")
    return TestClient(create_app(db), base_url="http://127.0.0.1")


def listed(client: TestClient, link: str) -> list[dict[str, object]]:
    """The events an event-list link selects, through its JSON twin."""
    data = client.get(link.replace("/events?", "/events.json?")).json()
    assert data["total"] == len(data["events"])
    return list(data["events"])


def test_overview_counts_and_links_the_events_outside_the_network(client: TestClient) -> None:
    note = client.get("/?format=json").json()["unknown_country"]
    assert note["count"] == 5
    events = listed(client, note["link"])
    assert len(events) == 5
    assert all(e["source_country"] is None or e["target_country"] is None for e in events)
    page = client.get("/").text.replace("&amp;", "&")
    assert "5 events with an actor of unknown country are not in the network" in page
    assert f'<a href="{note["link"]}">list them</a>' in page
    peru = client.get("/", params={"country": "PER", "format": "json"}).json()["unknown_country"]
    assert peru["count"] == len(listed(client, peru["link"])) == 2


def test_dyad_page_counts_and_links_what_its_series_leaves_out(client: TestClient) -> None:
    data = client.get("/relations/CHL/PER.json").json()
    assert sum(p["events"] for p in data["series"]) == 4
    note = data["unknown_country"]
    assert note["count"] == 4 and "unknown_country=true" in note["link"]
    texts = {e["sentence"] for e in listed(client, note["link"])}
    assert "Police detained students" in texts and "Rebels assaulted a convoy" not in texts
    directed = client.get("/relations/CHL/PER.json", params={"directed": "true"}).json()
    assert directed["unknown_country"]["count"] == 2
    ranged = client.get("/relations/CHL/PER.json", params={"until": "2025-02-28"}).json()
    assert ranged["unknown_country"]["count"] == 2
    page = client.get("/relations/CHL/PER").text
    assert "4 events with an actor of unknown country are not in the series" in page
    agreed = client.get("/relations/CHL/PER", params={"type": "AGREE"}).text
    assert "No event is left out for an unknown country" in agreed


def test_event_list_keeps_the_unknown_country_filter(client: TestClient) -> None:
    page = client.get("/events", params={"unknown_country": "true"}).text
    assert 'name="unknown_country" value="true" checked' in page
    data = client.get("/events.json", params={"unknown_country": "true", "country": "CHL"})
    assert data.json()["total"] == 2
    csv = client.get("/events", params={"unknown_country": "true", "format": "csv"}).text
    assert len(csv.strip().splitlines()) == 1 + 5


def test_compare_page_counts_and_links_what_each_dyad_leaves_out(client: TestClient) -> None:
    data = client.get("/compare.json", params=[("pair", "CHL-PER"), ("pair", "PER-BOL")])
    dyads = {(d["a"], d["b"]): d["unknown_country"] for d in data.json()["dyads"]}
    assert dyads[("CHL", "PER")]["count"] == 4 and dyads[("PER", "BOL")]["count"] == 2
    texts = {e["sentence"] for e in listed(client, dyads[("PER", "BOL")]["link"])}
    assert texts == {"A militia threatened the Peruvian army", "Police detained students"}
    page = client.get("/compare", params=[("pair", "CHL-PER"), ("pair", "PER-BOL")])
    link = dyads[("CHL", "PER")]["link"]
    assert f'<a href="{link}">4</a>' in page.text.replace("&amp;", "&")
