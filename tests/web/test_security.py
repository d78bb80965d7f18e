"""Issue 17: the server refuses what it should (hosts, cross-site writes, form tokens, bad
bodies, impossible dates, LIKE wildcards) and sends its security headers on every response."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from clients import LocalClient
from fastapi.testclient import TestClient

from tidings.web import create_app

pytestmark = pytest.mark.model
STORY = "Norway sent 40 tons of medical aid to Sudan on Tuesday."


@pytest.fixture(scope="module")
def client(demo_db: Path) -> LocalClient:
    return LocalClient(create_app(demo_db))


@pytest.mark.parametrize("host, status", [
    ("evil.example", 400), ("127.0.0.1:8000", 200), ("localhost", 200), ("[::1]:8000", 200),
    ("127.0.0.1.evil.example", 400)])
def test_only_trusted_host_names_are_answered(client: LocalClient, host: str,
                                              status: int) -> None:
    assert client.get("/api/overview", headers={"host": host}).status_code == status


def test_more_host_names_can_be_trusted(demo_db: Path) -> None:
    app = create_app(demo_db, trusted_hosts=("news.example",))
    own = TestClient(app, base_url="http://news.example")
    assert own.get("/api/overview").status_code == 200
    assert own.get("/api/overview", headers={"host": "localhost"}).status_code == 400


def test_cross_site_posts_and_posts_without_a_token_are_refused(client: LocalClient) -> None:
    form = {"text": STORY}
    assert client.post("/paste?format=json", data=form).status_code == 200
    evil = {"origin": "http://evil.example"}
    assert client.post("/paste?format=json", data=form, headers=evil).status_code == 403
    referer = {"referer": "http://evil.example/page"}
    assert client.post("/paste?format=json", data=form, headers=referer).status_code == 403
    same = {"origin": "http://127.0.0.1"}
    assert client.post("/paste?format=json", data=form, headers=same).status_code == 200
    plain = TestClient(client.app, base_url="http://127.0.0.1")  # no token
    assert plain.post("/paste?format=json", data=form).status_code == 403
    bad = {"text": STORY, "csrf_token": "1.forged"}
    assert plain.post("/paste?format=json", data=bad).status_code == 403
    # A cross-site page cannot send JSON without a CORS preflight, which the app never grants.
    assert plain.post("/api/code", content=b'{"text": "x"}',
                      headers={"content-type": "text/plain"}).status_code == 415


def test_the_paste_form_carries_its_token(client: LocalClient) -> None:
    page = client.get("/paste").text
    assert 'name="csrf_token" value="' in page


def test_storing_is_off_unless_allowed(client: LocalClient, tmp_path: Path,
                                       demo_db: Path) -> None:
    r = client.post("/paste?format=json", data={"text": STORY, "store": "true"})
    assert r.status_code == 403 and "--allow-store" in r.json()["detail"]
    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, db)
    own = LocalClient(create_app(db, allow_store=True))
    stored = own.post("/paste?format=json", data={"text": STORY, "store": "true"}).json()
    assert stored["stored"]["articles"] == 1


def test_security_headers_on_every_response(client: LocalClient) -> None:
    for path in ("/", "/events.json", "/api/overview", "/static/style.css", "/nowhere",
                 "/articles/0000"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"
    refused = client.get("/", headers={"host": "evil.example"}).headers
    assert refused["x-frame-options"] == "DENY"


def test_no_inline_scripts_or_styles_in_pages(client: LocalClient) -> None:
    for path in ("/", "/events", "/relations/USA/CUB", "/paste"):
        html = client.get(path).text.lower()
        assert "<script>" not in html and "<style" not in html and " style=" not in html
        assert " onclick=" not in html and " onload=" not in html


@pytest.mark.parametrize("bad", ["2024-02-30", "2024-13-45", "0000-00-00"])
def test_impossible_dates_are_422_everywhere(client: LocalClient, bad: str) -> None:
    for url in (f"/events?since={bad}", f"/events?until={bad}", f"/api/events?since={bad}",
                f"/api/events?until={bad}", f"/relations/USA/CUB?period={bad}",
                f"/events.json?since={bad}"):
        assert client.get(url).status_code == 422, url
    form = {"text": STORY, "published": bad}
    assert client.post("/paste?format=json", data=form).status_code == 422
    assert client.post("/api/code", json={"text": STORY, "published": bad}).status_code == 422


def test_nan_and_lone_surrogates_in_api_code_are_422(client: LocalClient) -> None:
    for body in (b'{"text": NaN}', b'{"text": "aid", "title": Infinity}',
                 b'{"text": "Peru thanked Chile \\ud800 for aid."}', b'{"text": '):
        r = client.post("/api/code", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 422, body


def test_like_wildcards_are_literal(client: LocalClient) -> None:
    every = client.get("/events.json").json()
    assert every["total"] > 0 if "total" in every else every["events"]
    for wildcard in ("%", "_", "%%"):
        found = client.get("/events.json", params={"text": wildcard}).json()["events"]
        assert all(wildcard in e["sentence"] for e in found)


def test_large_bodies_are_refused_without_reading_them(demo_db: Path) -> None:
    own = LocalClient(create_app(demo_db, max_upload=1_000))
    r = own.post("/api/code", content=b'{"text": "' + b"a" * 200_000 + b'"}',
                 headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_serve_warns_off_loopback_and_stores_only_when_allowed(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from tidings.cli import load_commands

    started: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(app))
    cli = load_commands()
    quiet = CliRunner().invoke(cli, ["serve", "--db", str(demo_db)])
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr
    loud = CliRunner().invoke(cli, ["serve", "--db", str(demo_db), "--host", "0.0.0.0",
                                    "--allow-store", "--trusted-host", "news.example"])
    assert loud.exit_code == 0 and "not loopback" in loud.stderr
    off, on = started
    assert off.state.web.allow_store is False and on.state.web.allow_store is True  # type: ignore[attr-defined]
    lan = TestClient(on, base_url="http://news.example")  # type: ignore[arg-type]
    assert lan.get("/api/overview").status_code == 200


def test_paste_coding_is_bounded_in_time_and_runs_one_at_a_time() -> None:
    import time

    from fastapi import HTTPException

    from tidings.records import Article
    from tidings.web.paste import PasteCoder

    class Slow:
        def run(self, items: list[Article]) -> list[object]:
            time.sleep(2)
            return []

    coder = PasteCoder(timeout=0.5, steps={"rules": Slow()})
    article = Article(doc_id="x", text=STORY)
    started = time.monotonic()
    for _ in range(3):  # the first times out; the others wait behind it, then give up too
        with pytest.raises(HTTPException) as refused:
            coder.code(article)
        assert refused.value.status_code == 503
    assert time.monotonic() - started < 3  # never 3 x 2 s: queued codings were dropped
    coder.worker.shutdown(wait=True)
