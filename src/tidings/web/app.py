"""The HTTP API and dashboard: one FastAPI app over ``tidings.open(db)``.

Every page answers HTML by default and the same data as JSON with ``?format=json`` or a
``.json`` suffix; ``/api/...`` is JSON only and described by the OpenAPI spec at
``/openapi.json``. Article text is untrusted: templates autoescape everything, evidence
highlighting splits the sentence into escaped segments, and every query is parameterized
by the store. The app never holds the database: each request opens, reads and closes
(docs/store.md), so an ingest can run beside it.

The parts: ``views`` (pure view data over ``EventStore``), ``routes`` (an ``APIRouter``),
``paste`` (pasted text → Article → coded → stored).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tidings.about import __version__
from tidings.actors.kb import KnowledgeBase
from tidings.coding.ontology import load_ontology
from tidings.errors import TidingsError
from tidings.store.queries import ORDERS, EventStore
from tidings.web.apidocs import api_docs_router
from tidings.web.filters import url_with
from tidings.web.pages import router as pages_router
from tidings.web.params import validation_error
from tidings.web.paste import PasteCoder
from tidings.web.routes import MAX_UPLOAD, WebContext, router
from tidings.web.security import LOOPBACK_NAMES, CsrfTokens, SecurityLayer
from tidings.web.views import highlight


class QueryCleanup:
    """``/relations/CUB/RUS.json`` is ``/relations/CUB/RUS?format=json``; empty query fields
    (what an HTML form sends for "any") mean "no constraint"."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = dict(scope)
            pairs = [p for p in parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                                          keep_blank_values=True) if p[1] != ""]
            if scope["path"].endswith(".json") and scope["path"] != "/openapi.json":
                scope["path"] = scope["path"][: -len(".json")]
                pairs.append(("format", "json"))
            scope["query_string"] = urlencode(pairs).encode("latin-1")
        await self.app(scope, receive, send)


class HeadAsGet:
    """``HEAD`` on every page: answered as the ``GET`` would be, without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


async def tidings_error(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=503 if "lock" in str(exc) else 400)


def create_app(db: str | Path, *, model: str | None = None, max_upload: int = MAX_UPLOAD,
               allow_store: bool = False,
               trusted_hosts: tuple[str, ...] = LOOPBACK_NAMES) -> FastAPI:
    """The app over the database ``db``; ``model`` codes pasted text. Storing pasted
    articles is off unless ``allow_store``; requests must name one of ``trusted_hosts``
    (``tidings.web.security``)."""
    types = sorted(load_ontology().types)
    env = Environment(loader=PackageLoader("tidings.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    kb = KnowledgeBase.load()
    env.globals.update(highlight=highlight, types=types, version=__version__,
                       country_names={k: c.name for k, c in kb.countries.items()},
                       orders=ORDERS, url_with=url_with)
    app = FastAPI(title="Tidings", version=__version__, docs_url=None, redoc_url=None,
                  description="Political events coded from news, with their evidence.")
    app.state.web = WebContext(store=EventStore(db), coder=PasteCoder(model), env=env,
                               types=types, kb=kb, max_upload=max_upload,
                               allow_store=allow_store)
    app.mount("/static", StaticFiles(packages=[("tidings.web", "static")]), name="static")
    app.add_exception_handler(TidingsError, tidings_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.include_router(pages_router)
    app.include_router(router)
    app.include_router(api_docs_router(app.title))
    app.add_middleware(QueryCleanup)
    app.add_middleware(HeadAsGet)
    app.state.csrf = tokens = CsrfTokens()
    env.globals.update(csrf_token=tokens.issue)
    app.add_middleware(SecurityLayer, trusted_hosts=trusted_hosts, tokens=tokens,
                       max_body=4 * max_upload + 65536)  # outermost: before anything else
    return app
