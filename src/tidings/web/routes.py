"""The routes: each validates its parameters, asks a view function in ``views`` for the data,
and renders it as HTML or JSON. Here: articles, paste, code; the dashboard's filtered pages
are in ``pages``. What a route needs (store, coder, templates, limits) is the
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
from tidings.store.queries import EventStore
from tidings.web import params, views
from tidings.web.paste import PasteCoder, pasted_article, store_coded

DATE = r"^\d{4}-\d{2}-\d{2}$"
MAX_UPLOAD = 100_000  # characters of pasted text or HTML (coding 100k takes ~12 s)
Fmt = Annotated[str | None, Query(alias="format", description="html (default) or json")]

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
    if store_it and not ctx.allow_store:  # refused before any coding is spent on it
        raise HTTPException(403, "this server does not store pasted articles (start it with "
                                 "tidings serve --allow-store)")
    published = params.iso_date("published", published or None)
    coded = ctx.coder.code(pasted_article(text, title or None, published), coder)
    stored = store_coded(ctx.store.db, coded) if store_it else None
    form = {"text": text, "title": title or "", "published": published or "",
            "store": store_it, "coder": coder}
    return render(request, "paste.html", {"coded": views.coded_view(coded),
                                          "stored": stored, "form": form}, fmt)


# ---------------------------------------------------------------------- JSON API

@router.post("/api/code", summary="Code a text and return its events (nothing is stored)")
def api_code(request: Request, body: CodeRequest) -> dict[str, Any]:
    published = params.iso_date("published", body.published)  # 2024-02-30 fits the pattern
    coded = _ctx(request).coder.code(pasted_article(body.text, body.title, published),
                                     body.coder)
    return dict(views.plain(views.coded_view(coded)))


@router.get("/healthz", include_in_schema=False)
def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}
