"""The dashboard of issue 18 in a real browser (Playwright + Debian's Chromium, headless): map
click-through, filters changing chart and list, downloads equal to the JSON twin, dyad
comparison, the explanation page, keyboard use, and axe-core's accessibility rules (WCAG 2
A/AA) on every page. Screenshots of each page go to ``test-artifacts/screenshots/``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from chromium import SHOTS, chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.model]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    """One page of a desktop-sized browser; CSP bypassed only so axe can be injected."""
    with chromium_page(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                       bypass_csp=True) as pg:
        yield pg


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def twin_ids(page: Any, url: str) -> list[str]:
    """The event ids of the page's JSON twin (same URL, ``format=json``)."""
    sep = "&" if "?" in url else "?"
    data = page.request.get(f"{url}{sep}format=json").json()
    return [e["event_id"] for e in data["events"]]


def test_map_click_through_to_a_country(page: Any, server: str) -> None:
    page.goto(f"{server}/")
    assert page.locator("svg.worldmap a.country").count() >= 5
    assert "2015-07-20" in page.inner_text("#date-range")
    shot(page, "overview")
    # China: the middle of its outline is land (Cuba's and the USA's are sea)
    page.click('svg.worldmap a.country[data-country="CHN"]')
    page.wait_for_url("**/events?*country=CHN*")
    assert "China" in page.inner_text("h1")
    rows = page.locator("table.events tr[data-event]")
    assert rows.count() > 0
    assert all("CHN" in rows.nth(i).inner_text() for i in range(rows.count()))
    shot(page, "events-country")


def test_date_range_and_type_change_the_chart_and_the_list(page: Any, server: str) -> None:
    page.goto(f"{server}/relations/USA/CUB?by=year")
    years = page.locator("svg.chart text").all_text_contents()
    bars = page.locator("svg.chart a.period").count()
    page.fill("input[name=since]", "2017-01-01")
    page.select_option("select[name=type]", "SANCTION")
    page.click("#apply")
    page.wait_for_url("**since=2017-01-01**")
    assert "2015" in years and "2015" not in page.locator("svg.chart text").all_text_contents()
    assert 0 < page.locator("svg.chart a.period").count() < bars
    shot(page, "dyad-filtered")
    page.goto(f"{server}/events")
    everything = page.locator("table.events tr[data-event]").count()
    page.fill("input[name=since]", "2021-01-01")
    page.fill("input[name=until]", "2022-12-31")
    page.select_option("select[name=type]", "SANCTION")
    page.click("#apply")
    page.wait_for_url("**type=SANCTION**")
    rows = page.locator("table.events tr[data-event]")
    assert 0 < rows.count() < everything
    for i in range(rows.count()):
        text = rows.nth(i).inner_text()
        assert "SANCTION" in text and any(y in text for y in ("2021-", "2022-"))


def test_dyad_fields_autocomplete_country_names(page: Any, server: str) -> None:
    page.goto(f"{server}/events")
    sides = page.locator("form.filters input[name=dyad]")
    assert sides.count() == 2
    assert [sides.nth(i).get_attribute("list") for i in range(2)] == ["country-names"] * 2
    assert page.get_by_label("Dyad: one side").count() == 1  # labelled for screen readers
    names = page.eval_on_selector_all("#country-names option", "os => os.map(o => o.value)")
    assert {"Russia", "Cuba", "United States"} <= set(names)
    # Type the start of a name: the field's list offers the countries that contain it (as
    # Chromium's suggestion popup matches them). The popup itself is browser chrome that
    # headless Chromium does not drive, so choosing one is filling in its value.
    sides.nth(0).click()
    page.keyboard.type("russ")
    offered = sides.nth(0).evaluate(
        "el => [...el.list.options].map(o => o.value)"
        ".filter(v => v.toLowerCase().includes(el.value.toLowerCase()))")
    assert "Russia" in offered and len(offered) <= 3
    sides.nth(0).fill("Russia")
    sides.nth(1).fill("cub")  # an ISO3 code, in any case, is accepted too
    page.click("#apply")
    page.wait_for_url("**dyad=Russia&dyad=cub**")
    rows = page.locator("table.events tr[data-event]")
    assert rows.count() > 0
    for i in range(rows.count()):
        text = rows.nth(i).inner_text()
        assert "RUS" in text and "CUB" in text
    assert [sides.nth(i).input_value() for i in range(2)] == ["Russia", "Cuba"]
    assert rows.count() == len(twin_ids(page, page.url)) > 0
    shot(page, "events-dyad")


def test_downloads_have_the_json_twins_rows(page: Any, server: str) -> None:
    url = f"{server}/events?country=CUB&since=2016-01-01"
    page.goto(url)
    expected = twin_ids(page, url)
    assert expected
    for label, read in (("CSV", _csv_ids), ("JSON Lines", _jsonl_ids),
                        ("Parquet", _parquet_ids)):
        with page.expect_download() as info:
            page.click(f"p.downloads a:text-is('{label}')")
        assert read(Path(info.value.path())) == expected, label


def _csv_ids(path: Path) -> list[str]:
    return [r["event_id"] for r in csv.DictReader(io.StringIO(path.read_text()))]


def _jsonl_ids(path: Path) -> list[str]:
    return [json.loads(line)["event_id"] for line in path.read_text().splitlines()]


def _parquet_ids(path: Path) -> list[str]:
    return [str(v) for v in pq.read_table(path).column("event_id").to_pylist()]


def test_compare_two_dyads_from_the_dyad_page(page: Any, server: str) -> None:
    page.goto(f"{server}/relations/USA/CUB?by=year")
    assert "Key evidence" in page.inner_text("main")
    shot(page, "dyad-trend")
    page.get_by_label("one side").fill("Russia")  # the country fields of the compare form
    page.get_by_label("other side").fill("cub")
    page.click("form.compare-form button")
    page.wait_for_url("**/compare?**")
    assert page.locator("svg.compare").count() == 2
    legend = page.locator("svg.compare").first.text_content() or ""
    assert "United States – Cuba" in legend and "Russia – Cuba" in legend
    assert page.locator("#compare-table tbody tr").count() == 2
    shot(page, "compare")


def test_explanation_page_is_linked_and_complete(page: Any, server: str) -> None:
    page.goto(f"{server}/")
    page.click("header a:text-is('How to read it')")
    page.wait_for_url("**/explain")
    assert page.locator("#types-table tbody tr").count() == 16
    assert "too few periods to tell" in page.inner_text("#trend + p")
    assert page.locator("#index").is_visible()
    shot(page, "explain")


def test_keyboard_reaches_the_skip_link_filters_and_the_map(page: Any, server: str) -> None:
    page.goto(f"{server}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('country')"):
            break
    else:
        pytest.fail("no map country is reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/events?*country=*")


@pytest.mark.parametrize("path", ["/", "/events?country=CUB", "/relations/USA/CUB?by=year",
                                  "/compare?pair=USA-CUB&pair=RUS-CUB&by=year", "/explain",
                                  "/paste"])
def test_axe_finds_no_accessibility_violation(page: Any, server: str, path: str) -> None:
    page.goto(f"{server}{path}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
                                                     values: ['wcag2a', 'wcag2aa']}});
        return r.violations.map(v => v.id + ': ' + v.help + ' — ' +
                                      v.nodes.slice(0, 3).map(n => n.target).join(' | '));
    }""")
    assert result == [], "\n".join(result)


def test_article_page_shows_no_local_path(page: Any, server: str) -> None:
    page.goto(f"{server}/events?dyad=RUS-CUB")
    page.click("table.events a:text-is('article')")
    page.wait_for_url("**/articles/**")
    body = page.inner_text("main")
    assert "/tmp/" not in body and "source_path" not in page.content()
    assert page.locator("mark.event").count() >= 1
    shot(page, "article")
