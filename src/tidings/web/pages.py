"""The dashboard's pages over the shared filter bar: overview (map, network, totals), event
list, dyad page, dyad comparison and the page that explains the scales, with their JSON API
twins. Each page answers ``?format=json`` with its data and ``?format=csv|jsonl|parquet``
with a download of what it shows, for the same filter."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Annotated, Any

import pyarrow as pa
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from tidings.store.queries import ORDERS, EventFilter
from tidings.web import params, views
from tidings.web.export import EXPORTS, export_response, table_batches
from tidings.web.filters import Day, event_filter
from tidings.web.routes import WebContext, render

FORMATS = ("html", "json", *EXPORTS)
Fmt = Annotated[str | None, Query(alias="format", description="html (default), json, csv, "
                                                              "jsonl or parquet")]
By = Annotated[str, Query(description="month, quarter or year")]
Side = Annotated[list[str] | None, Query(description="a dyad's sides as two fields, a "
                                         "country each, a with b: a=USA&b=Cuba&a=RUS&b=CUB")]
Filter = Annotated[EventFilter, Depends(event_filter)]
MAX_COMPARE = 6
QUADS = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")
# The chart downloads' columns, so a view with nothing in it still downloads its header
# (CSV) or schema (Parquet).
COUNTRIES = pa.schema([("country", pa.string()), ("events", pa.int64()),
                       ("mean_intensity", pa.float64())])
_PERIOD = [("a", pa.string()), ("b", pa.string()), ("period", pa.string()),
           ("events", pa.int64()), ("index", pa.float64())]
SERIES = pa.schema(_PERIOD + [(q, pa.int64()) for q in QUADS])
COMPARED = pa.schema(_PERIOD)

router = APIRouter()


def _ctx(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.web
    return ctx


def names(request: Request) -> dict[str, str]:
    """ISO3 → country name, from the knowledge base the app loaded."""
    return {iso3: c.name for iso3, c in _ctx(request).kb.countries.items()}


def respond(request: Request, template: str, data: Callable[[], dict[str, Any]],
            fmt: str | None, rows: Callable[[], Iterable[pa.RecordBatch]],
            name: str) -> Response:
    """The page as HTML, its data as JSON, or ``rows()`` as a download."""
    chosen = params.choice("format", fmt, FORMATS) or "html"
    if chosen in EXPORTS:
        return export_response(rows(), chosen, name)
    return render(request, template, data(), "json" if chosen == "json" else None)


# ---------------------------------------------------------------------- pages

@router.get("/", response_class=HTMLResponse, summary="Overview: map, network and totals")
def overview(request: Request, flt: Filter, fmt: Fmt = None) -> Response:
    store = _ctx(request).store

    def data() -> dict[str, Any]:
        with store.reading() as one:
            return views.overview_data(one, flt, names(request))

    def rows() -> list[pa.RecordBatch]:
        return table_batches(views.records(store.country_counts(flt)), COUNTRIES)

    return respond(request, "overview.html", data, fmt, rows, "countries")


@router.get("/events", summary="Event browser with the shared filters")
def events(request: Request, flt: Filter,
           sort: Annotated[str, Query(description=", ".join(ORDERS))] = "date",
           page: Annotated[int, Query(ge=1, le=100_000)] = 1, fmt: Fmt = None) -> Response:
    store = _ctx(request).store
    order = str(params.choice("sort order", sort, tuple(ORDERS)))

    def data() -> dict[str, Any]:
        with store.reading() as one:
            return views.events_data(one, flt, page, order)

    return respond(request, "events.html", data, fmt, lambda: store.event_batches(flt, order),
                   "events")


@router.get("/relations/{a}/{b}", summary="A dyad's time series, trend and events")
def relation(request: Request, a: str, b: str, flt: Filter, by: By = "month",
             period: Day = None, fmt: Fmt = None,
             directed: Annotated[bool, Query(description="a → b only")] = False) -> Response:
    kb = _ctx(request).kb
    a, b = str(params.country(kb, a)), str(params.country(kb, b))
    by = str(params.choice("period length", by, params.PERIODS))
    day = params.iso_date("period", period)
    with _ctx(request).store.reading() as one:
        data = views.dyad_data(one, a, b, by, day, flt, directed)
    data["names"] = {a: names(request).get(a, a), b: names(request).get(b, b)}
    rows = [{"a": a, "b": b, **{k: v for k, v in p.items() if k != "quad_counts"},
             **dict(zip(QUADS, p["quad_counts"], strict=True))}
            for p in data["series"]]
    return respond(request, "dyad.html", lambda: data, fmt,
                   lambda: table_batches(rows, SERIES),
                   f"relation-{a}-{b}-{by}")


@router.get("/compare", summary="Two or more dyads on one chart")
def compare(request: Request, flt: Filter,
            pair: Annotated[list[str] | None, Query(description="dyads such as USA-CUB; "
                                                                "repeat for each")] = None,
            a: Side = None, b: Side = None, by: By = "year", fmt: Fmt = None) -> Response:
    kb = _ctx(request).kb
    pairs = ([params.dyad(kb, p) for p in (pair or []) if p.strip()]
             + params.side_pairs(kb, a or [], b or []))
    if len(pairs) > MAX_COMPARE:
        raise HTTPException(422, f"compare at most {MAX_COMPARE} dyads")
    by = str(params.choice("period length", by, params.PERIODS))
    with _ctx(request).store.reading() as one:
        data = views.compare_data(one, [(str(x), str(y)) for x, y in pairs], by,
                                  replace(flt, country=None, source_country=None,
                                          target_country=None), names(request))
    data["pairs"] = [f"{x}-{y}" for x, y in pairs]
    data["sides"] = pairs
    rows = [{"a": d["a"], "b": d["b"], "period": p, "events": n, "index": i}
            for d in data["dyads"]
            for p, n, i in zip(data["periods"], d["events"], d["index"], strict=True)]
    return respond(request, "compare.html", lambda: data, fmt,
                   lambda: table_batches(rows, COMPARED),
                   "compare")


@router.get("/explain", response_class=HTMLResponse,
            summary="PLOVER types, quad classes, intensity, the index and the trend")
def explain(request: Request, fmt: Fmt = None) -> Response:
    return render(request, "explain.html", views.explain_data(), fmt)


# ---------------------------------------------------------------------- JSON API

@router.get("/api/overview", summary="Counts, coverage, events per country, active dyads")
def api_overview(request: Request, flt: Filter) -> dict[str, Any]:
    with _ctx(request).store.reading() as one:
        data = views.overview_data(one, flt, names(request))
    for key in ("network_svg", "map_svg"):
        data.pop(key)
    return dict(views.plain(data))


@router.get("/api/events", summary="Events matching the filters (JSON)")
def api_events(request: Request, flt: Filter,
               sort: Annotated[str, Query(description=", ".join(ORDERS))] = "date",
               page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    return events(request, flt, sort=sort, page=page, fmt="json")


@router.get("/api/relations/{a}/{b}", summary="A dyad's series and trend (JSON)")
def api_relation(request: Request, a: str, b: str, flt: Filter,
                 by: By = "month") -> dict[str, Any]:
    kb = _ctx(request).kb
    with _ctx(request).store.reading() as one:
        data = views.dyad_data(one, str(params.country(kb, a)), str(params.country(kb, b)),
                               str(params.choice("period length", by, params.PERIODS)), None,
                               flt)
    data.pop("series_svg")
    return dict(views.plain(data))
