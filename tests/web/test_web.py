"""The dashboard and JSON API over a real (demo) database: pages, JSON twins, validation,
size limits and escaping of hostile article text."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tidings.web import create_app

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def client(demo_db: Path) -> TestClient:
    return TestClient(create_app(demo_db, max_upload=5_000))


@pytest.mark.parametrize("path", ["/", "/events", "/relations/USA/CUB", "/paste"])
def test_pages_render(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "/static/style.css" in r.text and "cdn" not in r.text.lower()


def test_every_page_has_a_json_twin(client: TestClient) -> None:
    overview = client.get("/?format=json").json()
    assert overview["overview"]["articles"] >= 16 and overview["overview"]["events"] > 20
    assert client.get("/relations/USA/CUB.json").json()["trend"]["tone"] == "conflictual"
    events = client.get("/events.json", params={"dyad": "RUS-CUB"}).json()
    assert events["total"] >= 3
    doc = events["events"][0]["doc_id"]
    article = client.get(f"/articles/{doc}.json").json()
    assert article["article"]["doc_id"] == doc and article["events"]


def test_dyad_page_shows_series_trend_and_the_events_of_a_period(client: TestClient) -> None:
    data = client.get("/relations/USA/CUB.json", params={"by": "year"}).json()
    assert len(data["series"]) >= 4 and data["trend"]["direction"]
    first = data["series"][0]["period"]
    page = client.get("/relations/USA/CUB", params={"by": "year", "period": first})
    assert "<svg" in page.text and "Events of the period" in page.text
    assert "data-event=" in page.text


def test_event_filters(client: TestClient) -> None:
    sanctions = client.get("/events.json", params={"type": "SANCTION", "country": "CUB"}).json()
    assert sanctions["total"] >= 3
    assert {e["type"] for e in sanctions["events"]} == {"SANCTION"}
    text = client.get("/events.json", params={"text": "Kazan"}).json()
    assert text["total"] >= 1 and all("Kazan" in e["sentence"] for e in text["events"])
    since = client.get("/events.json", params={"since": "2023-01-01"}).json()
    assert all(e["date"] >= "2023-01-01" for e in since["events"] if e["date"])


def test_evidence_is_highlighted(client: TestClient) -> None:
    page = client.get("/events", params={"dyad": "RUS-CUB"}).text
    assert '<mark class="trigger">' in page and '<mark class="source">' in page


@pytest.mark.parametrize("path, params", [
    ("/events", {"country": "cuba"}), ("/events", {"quad": 7}), ("/events", {"type": "NOPE"}),
    ("/events", {"since": "yesterday"}), ("/relations/USA/cub", {}),
    ("/relations/USA/CUB", {"by": "decade"}), ("/articles/<script>", {}),
    ("/events", {"format": "xml"}),
])
def test_bad_input_is_a_clear_4xx(client: TestClient, path: str, params: dict) -> None:
    r = client.get(path, params=params)
    assert 400 <= r.status_code < 500 and r.json()["detail"]


def test_unknown_article_is_404(client: TestClient) -> None:
    assert client.get("/articles/" + "0" * 32).status_code == 404


def test_hostile_article_text_is_escaped_everywhere(client: TestClient) -> None:
    events = client.get("/events.json", params={"dyad": "CHL-PER"}).json()["events"]
    assert events, "the hostile article must be coded"
    pages = [client.get("/events", params={"dyad": "CHL-PER"}).text,
             client.get(f"/articles/{events[0]['doc_id']}").text]
    for html in pages:
        assert "<script>" not in html.replace('<script type="', "") and "onerror=" not in \
            html.replace("onerror=&#34;", "").replace("onerror=&quot;", "")
        assert "&lt;script&gt;" in html or "&lt;img" in html


def test_paste_codes_text_and_enforces_the_size_limit(client: TestClient) -> None:
    r = client.post("/paste?format=json", data={"text": "Japan sent medical aid to Peru on "
                                                        "Tuesday.", "published": "2021-10-20"})
    assert r.status_code == 200
    assert [(e["type"], e["source_country"], e["target_country"])
            for e in r.json()["coded"]["events"]] == [("AID", "JPN", "PER")]
    assert client.post("/paste", data={"text": "x" * 6_000}).status_code == 422
    assert client.post("/paste", data={"text": "   "}).status_code == 422


def test_api_code_and_openapi(client: TestClient) -> None:
    r = client.post("/api/code", json={"text": "Kenya condemned Uganda on Monday."})
    assert r.status_code == 200 and r.json()["events"][0]["type"] == "ACCUSE"
    assert client.post("/api/code", json={"text": ""}).status_code == 422
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/relations/{a}/{b}", "/api/code"} <= set(spec["paths"])
