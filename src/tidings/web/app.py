"""The HTTP API and dashboard: one FastAPI app over ``tidings.open(db)``.

Every page answers HTML by default and the same data as JSON with ``?format=json`` or a
``.json`` suffix; ``/api/...`` is JSON only and described by the OpenAPI spec at
``/openapi.json``. Article text is untrusted: templates autoescape everything, evidence
highlighting splits the sentence into escaped segments, and every query is parameterized
by the store. The app never holds the database: each request opens, reads and closes
(docs/store.md), so an ingest can run beside it.
"""


import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Receive, Scope, Send

from tidings import __version__
from tidings.coding.ontology import load_ontology
from tidings.errors import TidingsError
from tidings.records import Article, CodedArticle, to_dict
from tidings.store.queries import EventFilter, EventStore, is_missing
from tidings.store.relations import trend
from tidings.web.charts import Edge, Period, network_svg, series_svg

COUNTRY = r"^[A-Z]{3}$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
PAGE_SIZE = 50
MAX_UPLOAD = 1_000_000  # characters of pasted text or HTML
FACTUALITY = ("asserted", "negated", "planned", "possible")
Fmt = Annotated[str | None, Query(alias="format", pattern="^(html|json)$")]


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


@dataclass
class Coder:
    """The in-process coder for pasted text, loaded on first use."""

    model: str | None = None
    step: Any = field(default=None, repr=False)

    def code(self, article: Article) -> CodedArticle:
        if self.step is None:
            from tidings.coding.pipeline import make_step
            from tidings.nlp import DEFAULT_MODEL

            self.step = make_step(model=self.model or DEFAULT_MODEL)
        (result,) = list(self.step.run([article]))
        if not isinstance(result, CodedArticle):
            raise HTTPException(422, f"could not code the text: {result.reason} {result.detail}")
        return result


class CodeRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_UPLOAD)
    title: str | None = Field(default=None, max_length=1000)
    published: str | None = Field(default=None, pattern=DATE)


def _plain(value: Any) -> Any:
    """JSON-safe values from pandas/numpy rows."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    if is_missing(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def highlight(event: dict[str, Any]) -> list[tuple[str, str]]:
    """The evidence sentence as (text, role) segments: role is "", "trigger", "source" or
    "target". Offsets are article offsets; the sentence starts at ``sentence_start``."""
    sentence = event.get("sentence")
    sentence = sentence if isinstance(sentence, str) else ""
    base = event.get("sentence_start") or 0
    marks = []
    for role in ("trigger", "source", "target"):
        start, end = event.get(f"{role}_start"), event.get(f"{role}_end")
        if start is not None and end is not None and not is_missing(start):
            s, e = int(start) - base, int(end) - base
        else:  # stored events keep the actor's text, not its offsets: find it in the sentence
            text = event.get(f"{role}_text")
            text = text if isinstance(text, str) else ""
            s = sentence.find(text) if text else -1
            e = s + len(text)
        if 0 <= s < e <= len(sentence):
            marks.append((s, e, role))
    marks.sort()
    out, pos = [], 0
    for s, e, role in marks:
        if s < pos:
            continue  # overlapping marks: keep the first
        out.append((sentence[pos:s], ""))
        out.append((sentence[s:e], role))
        pos = e
    out.append((sentence[pos:], ""))
    return [seg for seg in out if seg[0]]


def _records(frame: Any) -> list[dict[str, Any]]:
    """DataFrame rows as plain dicts: NaN/NaT → None, timestamps → ISO dates."""
    rows = []
    for row in frame.to_dict("records"):
        clean: dict[str, Any] = {}
        for k, v in row.items():
            if is_missing(v):
                clean[k] = None
            elif k == "date" and hasattr(v, "date"):
                clean[k] = v.date().isoformat()
            else:
                clean[k] = v
        rows.append(clean)
    return rows


HTML_START = re.compile(r"<(!doctype|html|head|body|article|div|p)\b", re.I)


def create_app(db: str | Path, *, model: str | None = None, max_upload: int = MAX_UPLOAD,
               allow_store: bool = True) -> FastAPI:
    store = EventStore(db)
    types = sorted(load_ontology().types)
    coder = Coder(model)
    env = Environment(loader=PackageLoader("tidings.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals.update(highlight=highlight, types=types, version=__version__)
    app = FastAPI(title="Tidings", version=__version__,
                  description="Political events coded from news, with their evidence.")
    app.mount("/static", StaticFiles(packages=[("tidings.web", "static")]), name="static")

    def render(request: Request, template: str, data: dict[str, Any],
               fmt: str | None) -> Response:
        if fmt == "json":
            return JSONResponse(_plain(data))
        if fmt not in (None, "html"):
            raise HTTPException(400, "format must be html or json")
        html = env.get_template(template).render(data=data, request=request)
        return HTMLResponse(html)

    @app.exception_handler(TidingsError)
    async def tidings_error(request: Request, exc: TidingsError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503 if "lock" in str(exc)
                            else 400)

    # ------------------------------------------------------------------ data

    def overview_data() -> dict[str, Any]:
        counts = store.overview()
        dyads = store.top_dyads(limit=40)
        pairs: dict[tuple[str, str], list[float]] = {}
        for r in dyads.to_dict("records"):
            a, b = sorted((str(r["source_country"]), str(r["target_country"])))
            if a == b:
                continue
            n, total = pairs.get((a, b), [0.0, 0.0])
            mean = 0.0 if is_missing(r["mean_intensity"]) else float(r["mean_intensity"])
            pairs[(a, b)] = [n + int(r["events"]), total + mean * int(r["events"])]
        # Tone: mean intensity on the -10..10 scale, shown as -1..1.
        edges = [Edge(a, b, int(n), (total / n) / 10 if n else 0.0)
                 for (a, b), (n, total) in sorted(pairs.items(), key=lambda kv: -kv[1][0])][:20]
        return {"overview": counts, "dyads": dyads.to_dict("records"),
                "network_svg": network_svg(edges)}

    def events_data(flt: EventFilter, page: int) -> dict[str, Any]:
        total = store.count_events(flt)
        frame = store.events(flt, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        return {"filter": vars(flt), "total": total, "page": page, "page_size": PAGE_SIZE,
                "events": _records(frame)}

    def dyad_data(a: str, b: str, by: str, period: str | None) -> dict[str, Any]:
        series = store.dyad_series(a, b, by=by)
        tr = trend(series)
        periods = [Period(str(r["period"])[:10],
                          (int(r["verbal_coop"]), int(r["material_coop"]),
                           int(r["verbal_conflict"]), int(r["material_conflict"])),
                          float(r["index"]), f"/relations/{a}/{b}?by={by}&period="
                          f"{str(r['period'])[:10]}#events")
                   for r in series.to_dict("records")]
        events: list[dict[str, Any]] = []
        if period:
            start = date.fromisoformat(period)
            end = _period_end(start, by)
            flt = EventFilter(source_country=a, target_country=b, undirected=True,
                              date_from=start.isoformat(), date_to=end.isoformat())
            events = _records(store.events(flt, limit=200))
        return {"a": a, "b": b, "by": by, "period": period,
                "trend": {"direction": tr.direction, "tone": tr.tone, "slope": tr.slope,
                          "tau": tr.tau, "p_value": tr.p_value, "mean_index": tr.mean_index,
                          "periods": tr.periods, "evidence": tr.evidence},
                "series": [{"period": p.label, "quad_counts": list(p.counts),
                            "index": p.index} for p in periods],
                "series_svg": series_svg(periods), "events": events}

    # ------------------------------------------------------------------ pages

    @app.get("/", response_class=HTMLResponse, summary="Overview: counts and active dyads")
    def overview(request: Request, fmt: Fmt = None) -> Response:
        return render(request, "overview.html", overview_data(), fmt)

    @app.get("/relations/{a}/{b}", summary="A dyad's time series, trend and events")
    def relation(request: Request, a: str, b: str,
                 by: Annotated[str, Query(pattern="^(month|quarter|year)$")] = "month",
                 period: Annotated[str | None, Query(pattern=DATE)] = None,
                 fmt: Fmt = None) -> Response:
        return render(request, "dyad.html", dyad_data(_country(a), _country(b), by, period),
                      fmt)

    @app.get("/events", summary="Event browser with filters")
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
        if type and type not in types:
            raise HTTPException(422, f"unknown event type {type!r}")
        src, _, tgt = (dyad or "").partition("-")
        flt = EventFilter(country=country, source_country=src or None,
                          target_country=tgt or None, undirected=bool(dyad), type=type,
                          quad_class=quad, date_from=since, date_to=until,
                          factuality=factuality, text=text or None)
        return render(request, "events.html", events_data(flt, page), fmt)

    @app.get("/articles/{doc_id}", summary="An article with its events marked in place")
    def article(request: Request, doc_id: str, fmt: Fmt = None) -> Response:
        if not doc_id.isalnum() or len(doc_id) > 64:
            raise HTTPException(422, "doc_id must be the article's hexadecimal id")
        row = store.article(doc_id)
        if row is None:
            raise HTTPException(404, f"no article {doc_id}")
        events = _records(row.pop("events"))
        sentences = row.pop("sentences").to_dict("records")
        return render(request, "article.html", {
            "article": row, "events": events, "sentences": len(sentences),
            "segments": _article_segments(row.get("text") or "", events)}, fmt)

    @app.get("/paste", response_class=HTMLResponse, summary="Paste an article to code it")
    def paste_form(request: Request) -> Response:
        return render(request, "paste.html", {"coded": None, "stored": None}, None)

    @app.post("/paste", summary="Code pasted text or HTML (optionally store it)")
    def paste(request: Request, text: Annotated[str, Form(max_length=max_upload)],
              title: Annotated[str | None, Form(max_length=1000)] = None,
              published: Annotated[str | None, Form(pattern=DATE)] = None,
              store_it: Annotated[bool, Form(alias="store")] = False,
              fmt: Fmt = None) -> Response:
        if not text.strip():
            raise HTTPException(422, "paste some text or HTML")
        coded = _code_text(text, title or None, published or None)
        stored = None
        if store_it:
            if not allow_store:
                raise HTTPException(403, "this server does not store pasted articles")
            stored = _store_text(text, title, published)
        return render(request, "paste.html", {"coded": _coded_view(coded),
                                              "stored": stored}, fmt)

    # ------------------------------------------------------------------ JSON API

    @app.get("/api/overview", summary="Counts, coverage and the most active dyads")
    def api_overview() -> dict[str, Any]:
        data = overview_data()
        data.pop("network_svg")
        return _plain(data)

    @app.get("/api/events", summary="Events matching filters (JSON)")
    def api_events(request: Request,
                   country: Annotated[str | None, Query(pattern=COUNTRY)] = None,
                   dyad: Annotated[str | None, Query(pattern=r"^[A-Z]{3}-[A-Z]{3}$")] = None,
                   type: Annotated[str | None, Query(pattern=r"^[A-Z]{3,12}$")] = None,
                   since: Annotated[str | None, Query(pattern=DATE)] = None,
                   until: Annotated[str | None, Query(pattern=DATE)] = None,
                   page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
        return events(request, country=country, dyad=dyad, type=type, since=since,
                      until=until, page=page, fmt="json")

    @app.get("/api/relations/{a}/{b}", summary="A dyad's series and trend (JSON)")
    def api_relation(a: str, b: str,
                     by: Annotated[str, Query(pattern="^(month|quarter|year)$")] = "month"
                     ) -> dict[str, Any]:
        data = dyad_data(_country(a), _country(b), by, None)
        data.pop("series_svg")
        return _plain(data)

    @app.post("/api/code", summary="Code a text and return its events (nothing is stored)")
    def api_code(body: CodeRequest) -> dict[str, Any]:
        return _plain(_coded_view(_code_text(body.text, body.title, body.published)))

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    # ------------------------------------------------------------------ helpers

    def _code_text(text: str, title: str | None, published: str | None) -> CodedArticle:
        if HTML_START.search(text[:2000]):
            from tidings.reading import read_articles

            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "pasted.html"
                path.write_text(text, encoding="utf-8")
                items = [i for i in read_articles([path]) if isinstance(i, Article)]
            if not items:
                raise HTTPException(422, "no article text found in the HTML")
            article = items[0]
            article.title = title or article.title
            article.published = published or article.published
        else:
            clean = text.strip()
            article = Article(doc_id=Article.make_id(clean), text=clean, title=title,
                              published=published or date.today().isoformat(),
                              source_path="pasted")
        return coder.code(article)

    def _store_text(text: str, title: str | None, published: str | None) -> dict[str, Any]:
        from tidings.store.ingest import default_reader, ingest

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "pasted.txt"
            header = (f"{title}\n\n" if title else "") + (f"{published}\n\n" if published
                                                          else "")
            path.write_text(header + text, encoding="utf-8")
            summary = ingest([path], store.db, read=default_reader(),
                             code=lambda arts: (coder.code(a) for a in arts))
        return {"articles": summary.articles, "events": summary.events}

    app.add_middleware(QueryCleanup)
    return app


def _country(code: str) -> str:
    if not re.match(COUNTRY, code):
        raise HTTPException(422, f"country must be a three-letter code, not {code[:10]!r}")
    return code


def _period_end(start: date, by: str) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    y, m = divmod(start.month - 1 + months, 12)
    nxt = date(start.year + y, m + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def _coded_view(coded: CodedArticle) -> dict[str, Any]:
    """A coded article as the rows the templates and JSON use (same keys as stored events)."""
    rows = []
    for e in coded.events:
        d = to_dict(e)
        ev = d.pop("evidence")
        src, tgt = d.pop("source") or {}, d.pop("target") or {}
        rows.append({**d, "sentence": ev["sentence"], "sentence_start": ev["start"],
                     "trigger": ev["trigger"], "trigger_start": ev["trigger_start"],
                     "trigger_end": ev["trigger_end"], "rule": ev["rule"],
                     "source_text": src.get("text"), "source_country": src.get("country"),
                     "source_sector": src.get("sector"), "source_start": src.get("start"),
                     "source_end": src.get("end"), "target_text": tgt.get("text"),
                     "target_country": tgt.get("country"), "target_sector": tgt.get("sector"),
                     "target_start": tgt.get("start"), "target_end": tgt.get("end")})
    return {"doc_id": coded.article.doc_id, "title": coded.article.title,
            "text": coded.article.text, "events": rows,
            "mentions": [to_dict(m) for m in coded.mentions]}


def _article_segments(text: str, events: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """The article text as (segment, event_id or None): each body trigger marked in place."""
    marks = sorted((int(e["trigger_start"]), int(e["trigger_end"]), str(e["event_id"]))
                   for e in events if e.get("sentence_kind") == "body"
                   and e.get("trigger_start") is not None)
    out: list[tuple[str, str | None]] = []
    pos = 0
    for s, e, eid in marks:
        if s < pos or e > len(text):
            continue
        out.append((text[pos:s], None))
        out.append((text[s:e], eid))
        pos = e
    out.append((text[pos:], None))
    return [seg for seg in out if seg[0]]
