"""The dashboard of issue 18 over the demo database: the shared filter bar (URL, JSON twin,
downloads), the map, the dyad page's full time axis and explained trend, the comparison,
the explanation page, and exports that stream."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from tidings.store.db import session
from tidings.store.queries import EventFilter, EventStore
from tidings.web import create_app
from tidings.web.charts import nice_ticks
from tidings.web.export import parquet_chunks
from tidings.web.views import explain_trend, period_starts
from tidings.web.worldmap import classes, world

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def client(demo_db: Path) -> TestClient:
    # GETs only: a loopback Host is all the app's host check asks of them
    return TestClient(create_app(demo_db), base_url="http://127.0.0.1")


def ids(client: TestClient, path: str, **params: str) -> list[str]:
    data = client.get(path, params={**params, "format": "json"}).json()
    return [e["event_id"] for e in data["events"]]


def test_every_filter_narrows_the_list_and_the_overview_counts_the_same(
        client: TestClient) -> None:
    everything = client.get("/events.json").json()["total"]
    filters = [{"since": "2020-01-01", "until": "2022-12-31"}, {"type": "SANCTION"},
               {"quad": "4"}, {"country": "Cuba"}, {"dyad": "russia-cuba"},
               {"actor": "Putin"}, {"text": "sanctions"}, {"factuality": "asserted"},
               {"min_confidence": "0.6"}]
    for flt in filters:
        listed = client.get("/events.json", params=flt).json()
        assert 0 < listed["total"] < everything or flt == {"factuality": "asserted"}, flt
        overview = client.get("/", params={**flt, "format": "json"}).json()
        assert overview["summary"]["events"] == listed["total"], flt


def test_dyad_fields_take_a_country_each_or_a_joined_pair(client: TestClient) -> None:
    joined = ids(client, "/events", dyad="RUS-CUB")
    assert joined
    sides = client.get("/events.json", params=[("dyad", "Russia"), ("dyad", "cub")]).json()
    assert [e["event_id"] for e in sides["events"]] == joined
    one_way = client.get("/events.json", params=[("dyad", "Russia"), ("dyad", "Cuba"),
                                                 ("directed", "true")]).json()["events"]
    assert {(e["source_country"], e["target_country"]) for e in one_way} == {("RUS", "CUB")}
    blank = client.get("/events.json", params=[("dyad", ""), ("dyad", "")]).json()
    assert blank["total"] == client.get("/events.json").json()["total"]
    for bad in (["Russia", ""], ["Russia", "Narnia"], ["RUS", "CUB", "USA"]):
        assert client.get("/events", params={"dyad": bad}).status_code == 422, bad
    page = client.get("/events", params={"dyad": "RUS-CUB"}).text
    for side, name in (("one side", "Russia"), ("other side", "Cuba")):
        assert (f'Dyad: {side} <input name="dyad" list="country-names"' in page
                and f'value="{name}"' in page), side


def test_actor_search_and_confidence_select_what_they_say(client: TestClient) -> None:
    putin = client.get("/events.json", params={"actor": "putin"}).json()["events"]
    assert putin and all("putin" in f"{e['source_text']} {e['source_name']} {e['target_text']} "
                                    f"{e['target_name']}".lower() for e in putin)
    sure = client.get("/events.json", params={"min_confidence": "0.7"}).json()["events"]
    assert all(e["confidence"] >= 0.7 for e in sure)
    assert client.get("/events", params={"min_confidence": "2"}).status_code == 422


def test_the_event_list_sorts_and_pages(client: TestClient) -> None:
    rows = client.get("/events.json", params={"sort": "-confidence"}).json()["events"]
    scores = [e["confidence"] for e in rows if e["confidence"] is not None]
    assert scores == sorted(scores, reverse=True)
    dates = [e["date"] for e in client.get("/events.json", params={"sort": "-date"}).json()[
        "events"] if e["date"]]
    assert dates == sorted(dates, reverse=True)
    assert client.get("/events", params={"sort": "colour"}).status_code == 422
    page = client.get("/events", params={"type": "AID", "sort": "confidence"}).text
    assert 'aria-sort="ascending"' in page and "sort=-confidence" in page


def test_overview_has_a_clickable_map_names_and_the_date_range(client: TestClient) -> None:
    page = client.get("/").text
    assert 'class="worldmap"' in page and 'data-country="CUB"' in page
    assert '/events?country=CUB"' in page or "/events?country=CUB&" in page
    assert "Cuba" in page and "2015-07-20" in page
    data = client.get("/api/overview").json()
    cuba = next(c for c in data["countries"] if c["country"] == "CUB")
    assert cuba["name"] == "Cuba"
    assert cuba["events"] == client.get("/events.json", params={"country": "CUB"}).json()["total"]
    assert data["summary"]["first_date"] == "2015-07-20"
    filtered = client.get("/", params={"type": "AID"}).text
    assert "type=AID" in filtered  # the map's links keep the filter


def test_dyad_page_draws_every_period_and_explains_the_trend(client: TestClient) -> None:
    data = client.get("/relations/USA/CUB.json", params={"by": "year"}).json()
    years = [p["period"][:4] for p in data["series"]]
    assert years == [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    assert any(p["events"] == 0 and p["index"] is None for p in data["series"])
    assert "Mann–Kendall" in data["explanation"] or "chance" in data["explanation"]
    page = client.get("/relations/USA/CUB", params={"by": "year"}).text
    assert "Key evidence" in page and data["trend"]["evidence"][0]["sentence"] in page
    assert 'class="zero"' in page and ">events<" in page and "+1.0" in page
    listed = client.get(data["events_link"].replace("/events?", "/events.json?")).json()
    # the chart counts a real-world event once, the list every report of it
    assert listed["total"] >= sum(p["events"] for p in data["series"]) + data["undated"]["count"]
    assert {e["source_country"] for e in listed["events"]} == {"USA", "CUB"}


def test_an_unknown_pair_has_no_tone_and_few_periods_say_so(client: TestClient) -> None:
    empty = client.get("/relations/FRA/DEU.json").json()
    assert empty["trend"]["tone"] == "no events" and empty["series"] == []
    few = client.get("/relations/RUS/CUB.json", params={"by": "year"}).json()
    assert few["trend"]["direction"] == "insufficient-data"
    assert "Too few periods to tell" in few["explanation"]
    assert "too few periods to tell" in client.get("/relations/RUS/CUB?by=year").text


def test_dyad_page_honours_the_filter(client: TestClient) -> None:
    allq = client.get("/relations/USA/CUB.json", params={"by": "year"}).json()
    conflict = client.get("/relations/USA/CUB.json", params={"by": "year", "quad": 4}).json()
    assert 0 < sum(p["events"] for p in conflict["series"]) < sum(
        p["events"] for p in allq["series"])
    assert "quad=4" in conflict["events_link"]


def test_two_dyads_compare_on_one_time_axis(client: TestClient) -> None:
    data = client.get("/compare.json", params=[("pair", "USA-CUB"), ("pair", "Russia-Cuba"),
                                               ("by", "year")]).json()
    assert [(d["a"], d["b"]) for d in data["dyads"]] == [("USA", "CUB"), ("RUS", "CUB")]
    assert all(len(d["events"]) == len(d["index"]) == len(data["periods"])
               for d in data["dyads"])
    for d in data["dyads"]:  # one query for all pairs, the same numbers as each dyad page
        single = client.get(f"/relations/{d['a']}/{d['b']}.json", params={"by": "year"}).json()
        per = {p["period"]: p["events"] for p in single["series"]}
        assert [per.get(p, 0) for p in data["periods"]] == d["events"]
        assert d["trend"]["direction"] == single["trend"]["direction"]
    page = client.get("/compare?pair=USA-CUB&pair=RUS-CUB&by=year").text
    assert page.count('class="chart compare"') == 2 and "Russia – Cuba" in page
    assert client.get("/compare?pair=USA-Narnia").status_code == 422


def test_compare_takes_each_dyad_as_two_country_fields(client: TestClient) -> None:
    joined = client.get("/compare.json", params={"pair": ["USA-CUB", "RUS-CUB"],
                                                 "by": "year"}).json()
    fields = client.get("/compare.json", params={"a": ["United States", "rus", "", ""],
                                                 "b": ["Cuba", "CUB", "", ""],
                                                 "by": "year"}).json()
    assert fields["dyads"] == joined["dyads"] and fields["pairs"] == ["USA-CUB", "RUS-CUB"]
    assert client.get("/compare", params={"a": ["Russia"], "b": [""]}).status_code == 422
    page = client.get("/compare", params={"a": ["Russia"], "b": ["Cuba"]}).text
    assert page.count('list="country-names"') == 8 and page.count('id="country-names"') == 1
    assert 'Dyad 1: other side <input name="b"' in page and 'value="Russia"' in page
    dyad_page = client.get("/relations/USA/CUB").text
    assert dyad_page.count('id="country-names"') == 1
    assert '<legend>Compare with another dyad</legend>' in dyad_page


def test_downloads_match_the_json_twin(client: TestClient) -> None:
    params = {"country": "CUB", "since": "2016-01-01"}
    expected = ids(client, "/events", **params)
    got = client.get("/events", params={**params, "format": "csv"})
    assert got.headers["content-disposition"].endswith('events.csv"')
    assert [r["event_id"] for r in csv.DictReader(io.StringIO(got.text))] == expected
    lines = client.get("/events", params={**params, "format": "jsonl"}).text.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["event_id"] for r in rows] == expected
    assert isinstance(rows[0]["contexts"], list) and len(rows[0]["date"]) == 10
    parquet = client.get("/events", params={**params, "format": "parquet"}).content
    assert pq.read_table(io.BytesIO(parquet)).column("event_id").to_pylist() == expected


def test_chart_views_download_their_data(client: TestClient) -> None:
    series = client.get("/relations/USA/CUB.json", params={"by": "year"}).json()["series"]
    table = list(csv.DictReader(io.StringIO(client.get(
        "/relations/USA/CUB", params={"by": "year", "format": "csv"}).text)))
    assert [r["period"] for r in table] == [p["period"] for p in series]
    countries = list(csv.DictReader(io.StringIO(client.get("/?format=csv").text)))
    assert {"country", "events", "mean_intensity"} <= set(countries[0])


@pytest.mark.parametrize("path", ["/events", "/", "/relations/USA/CUB",
                                  "/compare?pair=USA-CUB&pair=RUS-CUB"])
def test_a_view_with_nothing_in_it_downloads_valid_empty_files(client: TestClient,
                                                               path: str) -> None:
    def get(fmt: str, **flt: str) -> bytes:
        query = urlencode({**flt, "format": fmt})
        return client.get(f"{path}{'&' if '?' in path else '?'}{query}").content

    nothing = {"text": "no evidence sentence says this"}
    full_csv = get("csv").decode().splitlines()
    empty_csv = get("csv", **nothing).decode().splitlines()
    assert len(full_csv) > 1 and empty_csv == full_csv[:1]  # the header, and no row
    empty = pq.read_table(io.BytesIO(get("parquet", **nothing)))
    assert empty.num_rows == 0
    assert empty.schema == pq.read_table(io.BytesIO(get("parquet"))).schema
    assert get("jsonl", **nothing) == b""  # zero lines: valid JSON Lines
    assert get("jsonl")  # while the same view without the filter has rows


def test_article_page_has_no_local_path(client: TestClient, demo_db: Path) -> None:
    doc = client.get("/events.json").json()["events"][0]["doc_id"]
    path = EventStore(demo_db).article(doc)["source_path"]  # type: ignore[index]
    assert path
    assert path not in client.get(f"/articles/{doc}").text
    assert "source_path" not in client.get(f"/articles/{doc}.json").json()["article"]


def test_explain_page_lists_every_type_and_the_index(client: TestClient) -> None:
    data = client.get("/explain.json").json()
    assert len(data["types"]) == 16 and {t["quad_class"] for t in data["types"]} == {1, 2, 3, 4}
    page = client.get("/explain").text
    assert "Mann–Kendall" in page and 'id="index"' in page and "ASSAULT" in page


def test_pages_name_countries_with_their_codes_beside(client: TestClient) -> None:
    page = client.get("/events", params={"dyad": "RUS-CUB"}).text
    assert 'title="ISO3: RUS">Russia</span> <span class="iso">RUS</span>' in page


def test_no_inline_script_or_style_on_any_page(client: TestClient) -> None:
    import re

    for path in ["/", "/events", "/relations/USA/CUB", "/compare?pair=USA-CUB&pair=RUS-CUB",
                 "/explain"]:
        page = client.get(path).text
        assert "<script" not in page and " style=" not in page, path
        assert not re.search(r"<[^>]*\son[a-z]+=", page), path  # attributes, not text


# ---------------------------------------------------------------------- parts

def test_exports_stream_in_batches(tmp_path: Path) -> None:
    db = tmp_path / "many.duckdb"
    with session(db) as conn:
        conn.execute("INSERT INTO events (event_id, doc_id, type, date) SELECT 'e' || i, 'd', "
                     "'AID', DATE '2020-01-01' + CAST(i % 300 AS INTEGER) FROM range(25000) t(i)")
    batches = list(EventStore(db).event_batches(EventFilter(), batch_size=4096))
    assert len(batches) > 1 and all(b.num_rows <= 4096 for b in batches)
    chunks = list(parquet_chunks(iter(batches)))
    assert len(chunks) == len(batches) + 1  # one per row group, then the footer
    assert pq.read_table(io.BytesIO(b"".join(chunks))).num_rows == 25000


def test_time_axis_and_scale_helpers() -> None:
    starts = period_starts(date(2019, 11, 5), date(2020, 2, 1), "month")
    assert [d.isoformat() for d in starts] == ["2019-11-01", "2019-12-01", "2020-01-01",
                                               "2020-02-01"]
    assert [d.month for d in period_starts(date(2020, 5, 1), date(2020, 12, 31), "quarter")] \
        == [4, 7, 10]
    assert nice_ticks(7) == [0, 2, 4, 6, 8] and nice_ticks(0) == [0, 1]
    assert classes(1000)[-1] == 1000 and len(classes(3)) == 5


def test_world_map_is_natural_earth_with_iso3_keys() -> None:
    shapes = world().shapes
    assert len(shapes) > 150 and {"CUB", "RUS", "USA", "CHN", "BRA"} <= set(shapes)
    assert shapes["CUB"][0] == "Cuba" and shapes["CUB"][1].startswith("M")
    assert "Natural Earth" in world().source


def test_trend_words_for_each_case() -> None:
    from tidings.store.relations import Trend

    assert "Too few periods" in explain_trend(Trend("insufficient-data", 0, 0, 1, 2, 0.3))
    assert "Warming" in explain_trend(Trend("warming", 0.1, 0.8, 0.01, 12, 0.1))
    stable = explain_trend(Trend("stable", -0.5, -0.6, 0.22, 4, -0.25))
    assert "Stable" in stable and "only 4 periods" in stable
    assert "only 3 periods" in explain_trend(Trend("stable", 0, 0.3, 0.6, 3, 0.1))


def test_a_dyad_in_one_direction(client: TestClient) -> None:
    def counted(path: str) -> int:
        return sum(p["events"] for p in client.get(path).json()["series"])

    both = counted("/relations/USA/CUB.json?by=year")
    there = counted("/relations/USA/CUB.json?by=year&directed=true")
    back = counted("/relations/CUB/USA.json?by=year&directed=true")
    assert there and back and there + back == both
    link = client.get("/relations/USA/CUB.json?directed=true").json()["events_link"]
    listed = client.get(link.replace("/events?", "/events.json?")).json()["events"]
    assert {(e["source_country"], e["target_country"]) for e in listed} == {("USA", "CUB")}
    assert "United States → Cuba only" in client.get("/relations/USA/CUB?directed=true").text
