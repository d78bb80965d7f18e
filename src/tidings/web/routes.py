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

from tidings.about import __version__
from tidings.actors.kb import KnowledgeBase
from tidings.coding.coders import CoderName
from tidings.store.queries import EventFilter, EventStore
from tidings.web import params, views
from tidings.web.paste import PasteCoder, pasted_article, store_coded

DATE = r"^\d{4}-\d{2}-\d{2}$"
MAX_UPLOAD = 1_000_000  # characters of pasted text or HTML
Fmt = Annotated[str | None, Query(alias="format", description="html (default) or json")]
Country = Annotated[str | None, Query(description="ISO3 code in any case, or a country name")]
Dyad = Annotated[str | None, Query(description="two countries joined by '-': RUS-CUB, "
                                                "russia-cuba")]
Day = Annotated[str | None, Query(description="YYYY-MM-DD")]
By = Annotated[str, Query(description="month, quarter or year")]

router = APIRouter()


@dataclass
class WebContext:
    """Everything the routes share, built once by ``create_app``."""

    store: EventStore
    coder: PasteCoder
    env: Environment
    types: list[str]
    kb: KnowledgeBase  # for country names in parameters (loaded once: ~0.03 s a load)
    max_upload: int = MAX_UPLOAD
    allow_store: bool = True


class CodeRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_UPLOAD)
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(default=None, pattern=DATE)
    coder: CoderName = Field(default="rules", description="rules, model or hybrid")


def _ctx(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.web
    return ctx


def render(request: Request, template: str, data: dict[str, Any], fmt: str | None) -> Response:
    """``data`` as JSON (``fmt == "json"``) or through ``template``."""
    if params.choice("format", fmt, params.FORMATS) == "json":
        return JSONResponse(views.plain(data))
    html = _ctx(request).env.get_template(template).render(data=data, request=request)
    return HTMLResponse(html)


# ---------------------------------------------------------------------- pages

@router.get("/", response_class=HTMLResponse, summary="Overview: counts and active dyads")
def overview(request: Request, fmt: Fmt = None) -> Response:
    return render(request, "overview.html", views.overview_data(_ctx(request).store), fmt)


@router.get("/relations/{a}/{b}", summary="A dyad's time series, trend and events")
def relation(request: Request, a: str, b: str, by: By = "month", period: Day = None,
             fmt: Fmt = None) -> Response:
    data = views.dyad_data(_ctx(request).store, *_dyad_args(request, a, b, by),
                           params.iso_date("period", period))
    return render(request, "dyad.html", data, fmt)


def _dyad_args(request: Request, a: str, b: str, by: str) -> tuple[str, str, str]:
    kb = _ctx(request).kb
    return (str(params.country(kb, a)), str(params.country(kb, b)),
            str(params.choice("period length", by, params.PERIODS)))


@router.get("/events", summary="Event browser with filters")
def events(request: Request, country: Country = None, dyad: Dyad = None,
           type: Annotated[str | None, Query(description="a PLOVER event type")] = None,
           quad: Annotated[int | None, Query(ge=1, le=4)] = None,
           since: Day = None, until: Day = None,
           factuality: Annotated[str | None, Query(description=", ".join(
               params.FACTUALITY))] = None,
           text: Annotated[str | None, Query(max_length=200)] = None,
           undated: Annotated[bool, Query(description="only events without a date")] = False,
           page: Annotated[int, Query(ge=1, le=100_000)] = 1,
           fmt: Fmt = None) -> Response:
    ctx = _ctx(request)
    src, tgt = params.dyad(ctx.kb, dyad)
    flt = EventFilter(country=params.country(ctx.kb, country), source_country=src,
                      target_country=tgt, undirected=bool(dyad),
                      type=params.choice("event type", type, ctx.types), quad_class=quad,
                      date_from=params.iso_date("since", since),
                      date_to=params.iso_date("until", until),
                      factuality=params.choice("factuality", factuality, params.FACTUALITY),
                      text=text or None, undated=undated)
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
    return render(request, "paste.html", {"coded": None, "stored": None, "form": {}}, None)


@router.post("/paste", summary="Code pasted text or HTML (optionally store it)")
def paste(request: Request, text: Annotated[str, Form()],
          title: Annotated[str | None, Form(max_length=1000)] = None,
          published: Annotated[str | None, Form(description="YYYY-MM-DD")] = None,
          store_it: Annotated[bool, Form(alias="store")] = False,
          coder: Annotated[CoderName, Form(description="rules, model or hybrid")] = "rules",
          fmt: Fmt = None) -> Response:
    ctx = _ctx(request)
    if len(text) > ctx.max_upload:
        raise HTTPException(422, f"pasted text is over {ctx.max_upload:,} characters")
    if not text.strip():
        raise HTTPException(422, "paste some text or HTML")
    published = params.iso_date("published", published or None)
    coded = ctx.coder.code(pasted_article(text, title or None, published), coder)
    stored = None
    if store_it:
        if not ctx.allow_store:
            raise HTTPException(403, "this server does not store pasted articles")
        stored = store_coded(ctx.store.db, coded)
    form = {"text": text, "title": title or "", "published": published or "",
            "store": store_it, "coder": coder}
    return render(request, "paste.html", {"coded": views.coded_view(coded),
                                          "stored": stored, "form": form}, fmt)


# ---------------------------------------------------------------------- JSON API

@router.get("/api/overview", summary="Counts, coverage and the most active dyads")
def api_overview(request: Request) -> dict[str, Any]:
    data = views.overview_data(_ctx(request).store)
    data.pop("network_svg")
    return dict(views.plain(data))


@router.get("/api/events", summary="Events matching filters (JSON)")
def api_events(request: Request, country: Country = None, dyad: Dyad = None,
               type: Annotated[str | None, Query(description="a PLOVER event type")] = None,
               since: Day = None, until: Day = None,
               undated: Annotated[bool, Query(description="only events without a date")
                                  ] = False,
               page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    return events(request, country=country, dyad=dyad, type=type, since=since,
                  until=until, undated=undated, page=page, fmt="json")


@router.get("/api/relations/{a}/{b}", summary="A dyad's series and trend (JSON)")
def api_relation(request: Request, a: str, b: str, by: By = "month") -> dict[str, Any]:
    data = views.dyad_data(_ctx(request).store, *_dyad_args(request, a, b, by), None)
    data.pop("series_svg")
    return dict(views.plain(data))


@router.post("/api/code", summary="Code a text and return its events (nothing is stored)")
def api_code(request: Request, body: CodeRequest) -> dict[str, Any]:
    coded = _ctx(request).coder.code(pasted_article(body.text, body.title, body.published),
                                     body.coder)
    return dict(views.plain(views.coded_view(coded)))


@router.get("/healthz", include_in_schema=False)
def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}
