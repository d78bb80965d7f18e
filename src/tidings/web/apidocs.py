"""``/docs`` (Swagger UI) and ``/redoc`` without a CDN: their scripts and styles are served
from the ``fastapi_offline`` package's files, so the API docs render with no network and no
page of the app names another host."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from fastapi import APIRouter
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from tidings.web.security import docs_csp

ASSETS = "/apidocs"  # where the package's static folder is mounted
OPENAPI = "/openapi.json"
# ReDoc's sidebar shows a logo fetched from its makers' CDN; ours is served instead.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@lru_cache(maxsize=1)
def redoc_script() -> bytes:
    """The packaged ReDoc bundle with its one outside image pointed at our favicon."""
    path = resources.files("fastapi_offline").joinpath("static/redoc.standalone.js")
    return path.read_bytes().replace(REDOC_LOGO.encode(), f"{ASSETS}/favicon.png".encode())


def _with_docs_csp(page: HTMLResponse) -> HTMLResponse:
    """The docs page with a policy that allows its one inline start-up script (by hash)."""
    page.headers["content-security-policy"] = docs_csp(bytes(page.body))
    return page


def api_docs_router(title: str) -> APIRouter:
    """The two documentation pages and their assets."""
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    def swagger() -> HTMLResponse:
        return _with_docs_csp(get_swagger_ui_html(
            openapi_url=OPENAPI, title=f"{title} — API",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
            # No spec validator badge: Swagger UI would send the spec to an outside service.
            swagger_ui_parameters={"validatorUrl": None}))

    @router.get("/redoc")
    def redoc() -> HTMLResponse:
        return _with_docs_csp(get_redoc_html(openapi_url=OPENAPI, title=f"{title} — API",
                                             redoc_js_url=f"{ASSETS}/redoc.js",
                                             redoc_favicon_url=f"{ASSETS}/favicon.png",
                                             with_google_fonts=False))

    @router.get(f"{ASSETS}/redoc.js")
    def redoc_js() -> Response:
        return Response(redoc_script(), media_type="text/javascript",
                        headers={"Cache-Control": "max-age=86400"})

    router.mount(ASSETS, StaticFiles(packages=[("fastapi_offline", "static")]), name="apidocs")
    return router
