"""The dashboard in a real browser: Playwright driving Debian's Chromium (headless) against
a live server on loopback. Screenshots go to ``test-artifacts/screenshots/``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from chromium import SHOTS, chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.model]


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    with chromium_page() as pg:
        yield pg


def test_dyad_page_click_a_period_shows_its_events(page, server: str) -> None:
    page.goto(f"{server}/relations/USA/CUB?by=year")
    assert "conflictual" in page.inner_text("#trend")
    bars = page.locator("svg.chart a.period")
    assert bars.count() >= 4
    bars.first.click()
    page.wait_for_selector("table.events tr[data-event]")
    assert "Events of the period" in page.inner_text("h2#events")
    page.screenshot(path=str(SHOTS / "dyad.png"), full_page=True)


def test_event_filter(page, server: str) -> None:
    page.goto(f"{server}/events")
    everything = page.locator("table.events tr[data-event]").count()
    page.fill("input[name=dyad] >> nth=0", "Russia")
    page.fill("input[name=dyad] >> nth=1", "CUB")
    page.select_option("select[name=type]", "AID")
    page.click("#apply")
    page.wait_for_url("**/events?**")
    rows = page.locator("table.events tr[data-event]")
    assert 0 < rows.count() < everything
    assert all("AID" in rows.nth(i).inner_text() for i in range(rows.count()))
    assert page.locator("mark.trigger").count() >= 1
    page.screenshot(path=str(SHOTS / "events-filtered.png"), full_page=True)


def test_paste_and_code(page, server: str) -> None:
    page.goto(f"{server}/paste")
    page.fill("textarea[name=text]", "Norway sent 30 tons of aid to Sudan on Monday. "
                                     "Sudan thanked Norway.")
    page.click("#code")
    page.wait_for_selector("#result")
    assert "events" in page.inner_text("#result")
    table = page.inner_text("table.events")
    assert "AID" in table and "NOR" in table and "SDN" in table
    page.screenshot(path=str(SHOTS / "paste.png"), full_page=True)


def test_hostile_text_does_not_run_in_the_browser(page, server: str) -> None:
    page.goto(f"{server}/events?dyad=CHL-PER")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.reload()
    assert page.title() != "owned" and not dialogs
    assert "<script>" in page.inner_text("body") or "onerror" in page.inner_text("body")


def _offline(page, server: str) -> list[str]:
    """Abort every request that leaves the server, and list them."""
    outside: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return outside


def test_api_docs_render_offline(page, server: str) -> None:
    outside = _offline(page, server)
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert "/api/events" in page.inner_text("#swagger-ui")
    page.screenshot(path=str(SHOTS / "swagger.png"), full_page=True)
    page.goto(f"{server}/redoc")
    page.wait_for_selector("h1", timeout=15_000)
    assert "Tidings" in page.inner_text("h1")
    assert "/api/events" in page.inner_text("body")
    page.screenshot(path=str(SHOTS / "redoc.png"))
    page.unroute("**/*")
    assert outside == []
