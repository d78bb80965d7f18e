"""View data: pure functions from an ``EventStore`` (or a coded article) to the plain dicts the
templates render and the JSON twins return. No request, no response, no HTML here, so each
view is testable on its own and the routes stay a few lines each.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlencode

from tidings.records import CodedArticle, to_dict
from tidings.store.queries import EventFilter, EventStore, is_missing
from tidings.store.relations import trend
from tidings.web.charts import Edge, Period, network_svg, series_svg

PAGE_SIZE = 50
# Columns the store keeps as JSON text; views hand them on as lists and objects.
JSON_FIELDS = frozenset({"contexts", "quantities", "money", "more_evidence", "captions",
                         "dropped"})


def plain(value: Any) -> Any:
    """JSON-safe values from pandas/numpy rows: NaN/NaT → None, JSON text columns → lists
    and objects, dates → ``YYYY-MM-DD`` (a timestamp keeps its time only when it has one)."""
    if isinstance(value, dict):
        return {k: plain(_decoded(k, v)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "tolist"):
        return plain(value.tolist())
    if is_missing(value):
        return None
    return iso(value) if isinstance(value, date) else value


def iso(value: date) -> str:
    """The one date format of the app: ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM:SS`` for a
    timestamp with a time of day."""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.replace(microsecond=0, tzinfo=None).isoformat()
    return value.isoformat()


def _decoded(key: str, value: Any) -> Any:
    if key in JSON_FIELDS and isinstance(value, str):
        return json.loads(value)
    return value


def records(frame: Any) -> list[dict[str, Any]]:
    """DataFrame rows as plain dicts (see ``plain``)."""
    return [plain(row) for row in frame.to_dict("records")]


def overview_data(store: EventStore) -> dict[str, Any]:
    """Counts, the most active dyads and their network drawing."""
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
            "network_svg": network_svg(edges),
            "undated": undated_note(store, EventFilter())}


def undated_note(store: EventStore, flt: EventFilter) -> dict[str, Any]:
    """How many events matching ``flt`` (its date range aside) have no date, and the link
    that lists them: what a chart over time or a date range leaves out."""
    undated = replace(flt, date_from=None, date_to=None, undated=True)
    return {"count": store.count_events(undated), "link": f"/events?{filter_query(undated)}"}


def filter_query(flt: EventFilter) -> str:
    """The ``/events`` query string that selects ``flt`` (dyads as the page takes them)."""
    dyad = (f"{flt.source_country}-{flt.target_country}"
            if flt.source_country and flt.target_country else None)
    pairs = {"country": flt.country, "dyad": dyad, "type": flt.type, "quad": flt.quad_class,
             "since": flt.date_from, "until": flt.date_to, "factuality": flt.factuality,
             "text": flt.text, "undated": "true" if flt.undated else None}
    return urlencode({k: v for k, v in pairs.items() if v is not None})


def events_data(store: EventStore, flt: EventFilter, page: int) -> dict[str, Any]:
    """One page of the events matching ``flt``."""
    total = store.count_events(flt)
    frame = store.events(flt, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return {"filter": vars(flt), "total": total, "page": page, "page_size": PAGE_SIZE,
            "events": records(frame), "undated": undated_note(store, flt)}


def dyad_data(store: EventStore, a: str, b: str, by: str,
              period: str | None) -> dict[str, Any]:
    """A dyad's series, its trend, and (with ``period``) the events of one period."""
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
        flt = EventFilter(source_country=a, target_country=b, undirected=True,
                          date_from=start.isoformat(),
                          date_to=period_end(start, by).isoformat())
        events = records(store.events(flt, limit=200))
    return {"a": a, "b": b, "by": by, "period": period,
            "trend": {"direction": tr.direction, "tone": tr.tone, "slope": tr.slope,
                      "tau": tr.tau, "p_value": tr.p_value, "mean_index": tr.mean_index,
                      "periods": tr.periods, "evidence": tr.evidence},
            "series": [{"period": p.label, "quad_counts": list(p.counts),
                        "index": p.index} for p in periods],
            "series_svg": series_svg(periods), "events": events,
            "undated": undated_note(store, EventFilter(source_country=a, target_country=b,
                                                       undirected=True))}


def article_data(store: EventStore, doc_id: str) -> dict[str, Any] | None:
    """An article with its events and the text cut into segments at each trigger."""
    row = store.article(doc_id)
    if row is None:
        return None
    events = records(row.pop("events"))
    sentences = row.pop("sentences").to_dict("records")
    return {"article": row, "events": events, "sentences": len(sentences),
            "segments": article_segments(row.get("text") or "", events)}


def period_end(start: date, by: str) -> date:
    """The last day of the month, quarter or year that starts on ``start``."""
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    y, m = divmod(start.month - 1 + months, 12)
    nxt = date(start.year + y, m + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def coded_view(coded: CodedArticle) -> dict[str, Any]:
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
    return [(text, role or "") for text, role in _segments(sentence, sorted(marks))]


def article_segments(text: str, events: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """The article text as (segment, event_id or None): each body trigger marked in place."""
    marks = sorted((int(e["trigger_start"]), int(e["trigger_end"]), str(e["event_id"]))
                   for e in events if e.get("sentence_kind") == "body"
                   and e.get("trigger_start") is not None)
    return _segments(text, [m for m in marks if m[1] <= len(text)])


def _segments(text: str, marks: list[tuple[int, int, str]]) -> list[tuple[str, Any]]:
    """``text`` cut at sorted ``(start, end, label)`` marks; overlapping marks keep the first."""
    out: list[tuple[str, Any]] = []
    pos = 0
    for s, e, label in marks:
        if s < pos:
            continue
        out.append((text[pos:s], None))
        out.append((text[s:e], label))
        pos = e
    out.append((text[pos:], None))
    return [seg for seg in out if seg[0]]
