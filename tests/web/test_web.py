"""The dashboard and JSON API over a real (demo) database: pages, JSON twins, validation,
size limits and escaping of hostile article text."""

from __future__ import annotations

from pathlib import Path

import pytest
from clients import LocalClient
from fastapi.testclient import TestClient

from tidings.web import create_app

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def client(demo_db: Path) -> TestClient:
    return LocalClient(create_app(demo_db, max_upload=5_000))


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


@pytest.mark.parametrize("path, params, says", [
    ("/events", {"country": "Atlantis"}, "unknown country"), ("/events", {"quad": 7}, "quad"),
    ("/events", {"type": "SANCTIONS"}, "SANCTION"), ("/events", {"since": "yesterday"}, "YYYY-MM-DD"),
    ("/events", {"until": "2023-02-30"}, "YYYY-MM-DD"), ("/relations/USA/Narnia", {}, "country"),
    ("/relations/USA/CUB", {"by": "decade"}, "quarter"), ("/articles/<script>", {}, "doc_id"),
    ("/events", {"format": "xml"}, "json"), ("/events", {"factuality": "rumoured"}, "planned"),
    ("/events", {"dyad": "RUS"}, "dyad"), ("/api/events", {"country": "zz"}, "country"),
])
def test_bad_input_is_a_422_with_a_readable_message(client: TestClient, path: str,
                                                     params: dict, says: str) -> None:
    r = client.get(path, params=params)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert isinstance(detail, str) and says in detail


@pytest.mark.parametrize("value", ["CUB", "cub", "Cuba", "cuba", "Republic of Cuba"])
def test_country_parameters_take_iso3_in_any_case_and_names(client: TestClient,
                                                            value: str) -> None:
    expected = client.get("/events.json", params={"country": "CUB"}).json()["total"]
    assert expected > 0
    assert client.get("/events.json", params={"country": value}).json()["total"] == expected
    assert client.get("/api/events", params={"dyad": f"{value}-russia"}).json()["total"] == \
        client.get("/api/events", params={"dyad": "CUB-RUS"}).json()["total"]
    assert client.get(f"/relations/{value}/usa.json").json()["a"] == "CUB"


@pytest.mark.parametrize("path", ["/", "/events", "/events.json", "/relations/USA/CUB",
                                  "/paste", "/api/overview", "/api/events", "/docs",
                                  "/redoc", "/openapi.json", "/static/style.css", "/healthz"])
def test_head_works_on_every_page(client: TestClient, path: str) -> None:
    head, get = client.head(path), client.get(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]


def test_json_columns_are_json_and_dates_are_iso_days(client: TestClient) -> None:
    events = client.get("/events.json", params={"dyad": "RUS-CUB"}).json()["events"]
    assert events
    for e in events:
        assert isinstance(e["contexts"], list) and isinstance(e["quantities"], list)
        assert isinstance(e["more_evidence"], list)
        assert e["money"] is None or isinstance(e["money"], dict)
        assert e["date"] is None or len(e["date"]) == 10
    assert any(e["more_evidence"] for e in events)
    overview = client.get("/api/overview").json()["overview"]
    assert len(overview["first_date"]) == 10 and len(overview["last_date"]) == 10
    article = client.get(f"/articles/{events[0]['doc_id']}.json").json()
    assert isinstance(article["article"]["dropped"], list)
    assert isinstance(article["events"][0]["contexts"], list)


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


def test_paste_and_api_code_choose_the_coder(client: TestClient) -> None:
    text = "Riot police detained twelve students in Lagos on Monday."
    r = client.post("/api/code", json={"text": text, "coder": "model"})
    assert r.status_code == 200 and r.json()["events"]
    assert all(e["coder"].startswith("model/") and e["rule"].startswith("model:")
               for e in r.json()["events"])
    page = client.post("/paste?format=json", data={"text": text, "coder": "hybrid"}).json()
    assert page["form"]["coder"] == "hybrid"
    assert all(e["coder"].startswith("hybrid/") for e in page["coded"]["events"])
    assert client.post("/api/code", json={"text": text, "coder": "oracle"}).status_code == 422


def test_no_page_references_another_host(client: TestClient) -> None:
    import re

    doc = client.get("/events.json").json()["events"][0]["doc_id"]
    pages = ["/", "/events", "/relations/USA/CUB?by=year", "/paste", f"/articles/{doc}",
             "/docs", "/redoc"]
    link = re.compile(r"""(?:src|href|action|url)\s*[=:(]\s*["']?([^"')\s>]+)""", re.I)
    for path in pages:
        html = client.get(path).text
        targets = link.findall(html)
        assert targets, path
        outside = [t for t in targets if "//" in t or t.lower().startswith(("http", "data:"))]
        assert outside == [], (path, outside)
    for asset in ("/apidocs/swagger-ui-bundle.js", "/apidocs/swagger-ui.css",
                  "/apidocs/redoc.js"):
        assert client.get(asset).status_code == 200


def test_undated_events_are_counted_and_linked_wherever_they_are_left_out(
        client: TestClient) -> None:
    note = client.get("/api/overview").json()["undated"]
    assert note["count"] >= 1
    listed = client.get(note["link"].replace("/events?", "/events.json?")).json()
    assert listed["total"] == note["count"]
    assert all(e["date"] is None for e in listed["events"])
    assert f'href="{note["link"]}"' in client.get("/").text.replace("&amp;", "&")
    # A dyad with an undated event: the series leaves it out and says so, with a link.
    e = next(e for e in listed["events"] if e["source_country"] and e["target_country"]
             and e["source_country"] != e["target_country"])
    a, b = e["source_country"], e["target_country"]
    dyad = client.get(f"/relations/{a}/{b}.json").json()["undated"]
    assert dyad["count"] >= 1
    in_dyad = client.get(dyad["link"].replace("/events?", "/events.json?")).json()
    assert e["event_id"] in {x["event_id"] for x in in_dyad["events"]}
    assert "without a date" in client.get(f"/relations/{a}/{b}").text
    # A date range leaves undated events out of the table: it says how many.
    ranged = client.get("/events.json", params={"since": "1990-01-01"}).json()
    assert ranged["undated"]["count"] == note["count"]
    assert ranged["total"] + note["count"] == client.get("/events.json").json()["total"]
    assert "left out by the date range" in client.get("/events?since=1990-01-01").text


def test_paste_keeps_title_and_body_apart_keeps_the_text_and_never_dates_by_today(
        tmp_path: Path, demo_db: Path) -> None:
    import shutil

    db = tmp_path / "paste.duckdb"
    shutil.copy(demo_db, db)
    own = LocalClient(create_app(db, allow_store=True))
    body = "Norway sent 40 tons of medical aid to Sudan <b>on Tuesday</b>."
    form = {"text": body, "title": "Oslo & Khartoum: aid flight", "store": "true"}
    page = own.post("/paste", data=form).text
    assert "Norway sent 40 tons of medical aid to Sudan &lt;b&gt;on Tuesday&lt;/b&gt;." in page
    assert 'value="Oslo &amp; Khartoum: aid flight"' in page and "checked" in page
    coded = own.post("/paste?format=json", data={"text": body, "title": form["title"]}).json()
    assert coded["coded"]["title"] == form["title"] and form["title"] not in coded["coded"]["text"]
    events = coded["coded"]["events"]
    assert events and all(e["date"] is None for e in events)
    stored = own.get("/events.json", params={"dyad": "NOR-SDN"}).json()["events"]
    assert stored and all(e["date"] is None for e in stored)
    article = own.get(f"/articles/{stored[0]['doc_id']}.json").json()["article"]
    assert article["title"] == form["title"] and article["published"] is None
    assert article["text"].startswith("Norway sent")
    dated = own.post("/paste?format=json", data={"text": body, "published": "2023-05-02"})
    assert {e["date"] for e in dated.json()["coded"]["events"]} == {"2023-05-02"}


def test_a_dateline_place_is_never_an_actor_and_its_date_dates_the_events(
        client: TestClient) -> None:
    r = client.post("/api/code", json={
        "text": "NAIROBI, May 3, 2023 — Kenya's president visited Uganda on Tuesday.",
        "title": "Uganda: Kenya's president arrives for border talks"})
    coded = r.json()
    assert "NAIROBI" not in coded["text"]
    assert coded["title"] == "Kenya's president arrives for border talks"
    assert {(e["source_country"], e["target_country"]) for e in coded["events"]} == \
        {("KEN", "UGA")}
    body = next(e for e in coded["events"] if e["sentence"].startswith("Kenya's president v"))
    assert body["date"] == "2023-05-02"  # the Tuesday before the dateline's Wednesday
