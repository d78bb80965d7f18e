"""The routes: each validates its parameters, asks a view function in ``views`` for the data,
and renders it as HTML or JSON. What a route needs (store, coder, templates, limits) is the
app's ``WebContext``, found on ``request.app.state.web``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment
from pydantic import BaseModel, Field

from tidings import __version__
from tidings.store.queries import EventFilter, EventStore
from tidings.web import views
from tidings.web.paste import PasteCoder, pasted_article, store_coded

COUNTRY = r"^[A-Z]{3}$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
MAX_UPLOAD = 1_000_000  # characters of pasted text or HTML
Fmt = Annotated[str | None, Query(alias="format", pattern="^(html|json)$")]

router = APIRouter()


@dataclass
class WebContext:
    """Everything the routes share, built once by ``create_app``."""

    store: EventStore
    coder: PasteCoder
    env: Environment
    types: list[str]
    max_upload: int = MAX_UPLOAD
    allow_store: bool = True


class CodeRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_UPLOAD)
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(default=None, pattern=DATE)


def _ctx(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.web
    return ctx


def render(request: Request, template: str, data: dict[str, Any], fmt: str | None) -> Response:
    """``data`` as JSON (``fmt == "json"``) or through ``template``."""
    if fmt == "json":
        return JSONResponse(views.plain(data))
    if fmt not in (None, "html"):
        raise HTTPException(400, "format must be html or json")
    html = _ctx(request).env.get_template(template).render(data=data, request=request)
    return HTMLResponse(html)


def _country(code: str) -> str:
    import re

    if not re.match(COUNTRY, code):
        raise HTTPException(422, f"country must be a three-letter code, not {code[:10]!r}")
    return code


# ---------------------------------------------------------------------- pages

@router.get("/", response_class=HTMLResponse, summary="Overview: counts and active dyads")
def overview(request: Request, fmt: Fmt = None) -> Response:
    return render(request, "overview.html", views.overview_data(_ctx(request).store), fmt)


@router.get("/relations/{a}/{b}", summary="A dyad's time series, trend and events")
def relation(request: Request, a: str, b: str,
             by: Annotated[str, Query(pattern="^(month|quarter|year)$")] = "month",
             period: Annotated[str | None, Query(pattern=DATE)] = None,
             fmt: Fmt = None) -> Response:
    data = views.dyad_data(_ctx(request).store, _country(a), _country(b), by, period)
    return render(request, "dyad.html", data, fmt)


@router.get("/events", summary="Event browser with filters")
def events(request: Request,
           country: Annotated[str | None, Query(pattern=COUNTRY)] = None,
           dyad: Annotated[str | None, Query(pattern=r"^[A-Z]{3}-[A-Z]{3}$")] = None,
           type: Annotated[str | None, Query(pattern=r"^[A-Z]{3,12}$")] = None,
           quad: Annotated[int | None, Query(ge=1, le=4)] = None,
           since: Annotated[str | None, Query(pattern=DATE)] = None,
           until: Annotated[str | None, Query(pattern=DATE)] = None,
           factuality: Annotated[str | None, Query(pattern="^(asserted|negated|planned|"
                                                             "possible)$")] = None,
           text: Annotated[str | None, Query(max_length=200)] = None,
           page: Annotated[int, Query(ge=1, le=100_000)] = 1,
           fmt: Fmt = None) -> Response:
    ctx = _ctx(request)
    if type and type not in ctx.types:
        raise HTTPException(422, f"unknown event type {type!r}")
    src, _, tgt = (dyad or "").partition("-")
    flt = EventFilter(country=country, source_country=src or None,
                      target_country=tgt or None, undirected=bool(dyad), type=type,
                      quad_class=quad, date_from=since, date_to=until,
                      factuality=factuality, text=text or None)
    return render(request, "events.html", views.events_data(ctx.store, flt, page), fmt)


@router.get("/articles/{doc_id}", summary="An article with its events marked in place")
def article(request: Request, doc_id: str, fmt: Fmt = None) -> Response:
    if not doc_id.isalnum() or len(doc_id) > 64:
        raise HTTPException(422, "doc_id must be the article's hexadecimal id")
    data = views.article_data(_ctx(request).store, doc_id)
    if data is None:
        raise HTTPException(404, f"no article {doc_id}")
    return render(request, "article.html", data, fmt)


@router.get("/paste", response_class=HTMLResponse, summary="Paste an article to code it")
def paste_form(request: Request) -> Response:
    return render(request, "paste.html", {"coded": None, "stored": None}, None)


@router.post("/paste", summary="Code pasted text or HTML (optionally store it)")
def paste(request: Request, text: Annotated[str, Form()],
          title: Annotated[str | None, Form(max_length=1000)] = None,
          published: Annotated[str | None, Form(pattern=DATE)] = None,
          store_it: Annotated[bool, Form(alias="store")] = False,
          fmt: Fmt = None) -> Response:
    ctx = _ctx(request)
    if len(text) > ctx.max_upload:
        raise HTTPException(422, f"pasted text is over {ctx.max_upload:,} characters")
    if not text.strip():
        raise HTTPException(422, "paste some text or HTML")
    coded = ctx.coder.code(pasted_article(text, title or None, published or None))
    stored = None
    if store_it:
        if not ctx.allow_store:
            raise HTTPException(403, "this server does not store pasted articles")
        stored = store_coded(ctx.store.db, coded)
    return render(request, "paste.html", {"coded": views.coded_view(coded),
                                          "stored": stored}, fmt)


# ---------------------------------------------------------------------- JSON API

@router.get("/api/overview", summary="Counts, coverage and the most active dyads")
def api_overview(request: Request) -> dict[str, Any]:
    data = views.overview_data(_ctx(request).store)
    data.pop("network_svg")
    return dict(views.plain(data))


@router.get("/api/events", summary="Events matching filters (JSON)")
def api_events(request: Request,
               country: Annotated[str | None, Query(pattern=COUNTRY)] = None,
               dyad: Annotated[str | None, Query(pattern=r"^[A-Z]{3}-[A-Z]{3}$")] = None,
               type: Annotated[str | None, Query(pattern=r"^[A-Z]{3,12}$")] = None,
               since: Annotated[str | None, Query(pattern=DATE)] = None,
               until: Annotated[str | None, Query(pattern=DATE)] = None,
               page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    return events(request, country=country, dyad=dyad, type=type, since=since,
                  until=until, page=page, fmt="json")


@router.get("/api/relations/{a}/{b}", summary="A dyad's series and trend (JSON)")
def api_relation(request: Request, a: str, b: str,
                 by: Annotated[str, Query(pattern="^(month|quarter|year)$")] = "month"
                 ) -> dict[str, Any]:
    data = views.dyad_data(_ctx(request).store, _country(a), _country(b), by, None)
    data.pop("series_svg")
    return dict(views.plain(data))


@router.post("/api/code", summary="Code a text and return its events (nothing is stored)")
def api_code(request: Request, body: CodeRequest) -> dict[str, Any]:
    coded = _ctx(request).coder.code(pasted_article(body.text, body.title, body.published))
    return dict(views.plain(views.coded_view(coded)))


@router.get("/healthz", include_in_schema=False)
def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}
