"""View data: pure functions from an ``EventStore`` (or a coded article) to the plain dicts the
templates render and the JSON twins return. No request, no response, no HTML here, so each
view is testable on its own and the routes stay a few lines each.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from tidings.coding.ontology import load_ontology
from tidings.records import CodedArticle, to_dict
from tidings.store.queries import EventFilter, EventStore, is_missing
from tidings.store.relations import Trend, trend
from tidings.web import worldmap
from tidings.web.charts import (
    QUAD_NAMES,
    Edge,
    Line,
    Period,
    compare_svg,
    network_svg,
    series_svg,
    short_label,
)
from tidings.web.filters import filter_query

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


def overview_data(store: EventStore, flt: EventFilter, names: dict[str, str]) -> dict[str, Any]:
    """Counts, the date range, the map of events per country and the network of the most
    active dyads, for the events matching ``flt``."""
    everything = plain(store.summary(EventFilter()))
    summary = everything if flt == EventFilter() else plain(store.summary(flt))
    dyads = store.top_dyads(flt, limit=40)
    countries = {str(r["country"]): int(r["events"])
                 for r in store.country_counts(flt).to_dict("records")}
    link = filter_query(replace(flt, country=None, source_country=None, target_country=None))

    def to_country(iso3: str) -> str:
        return f"/events?{link}&country={iso3}" if link else f"/events?country={iso3}"

    return {"overview": {**store.article_counts(), **everything}, "summary": summary,
            "filter": vars(flt),
            "countries": [{"country": k, "name": names.get(k, k), "events": v}
                          for k, v in countries.items()],
            "unmapped": worldmap.unmapped(countries), "legend": worldmap.legend(countries),
            "map_svg": worldmap.world_map_svg(countries, names, to_country),
            "dyads": records(dyads), "network_svg": network_svg(_edges(dyads, names), names),
            "undated": undated_note(store, flt),
            "unknown_country": unknown_note(flt, int(summary["unknown_country"]))}


def _edges(dyads: Any, names: dict[str, str]) -> list[Edge]:
    """Directed dyads folded into pairs, tone = mean intensity on −10..10 shown as −1..1."""
    pairs: dict[tuple[str, str], list[float]] = {}
    for r in dyads.to_dict("records"):
        a, b = sorted((str(r["source_country"]), str(r["target_country"])))
        if a == b:
            continue
        n, total = pairs.get((a, b), [0.0, 0.0])
        mean = 0.0 if is_missing(r["mean_intensity"]) else float(r["mean_intensity"])
        pairs[(a, b)] = [n + int(r["events"]), total + mean * int(r["events"])]
    return [Edge(a, b, int(n), (total / n) / 10 if n else 0.0)
            for (a, b), (n, total) in sorted(pairs.items(), key=lambda kv: -kv[1][0])][:20]


def undated_note(store: EventStore, flt: EventFilter,
                 count: int | None = None) -> dict[str, Any]:
    """How many events matching ``flt`` (its date range aside) have no date (``count`` when
    the caller has it already), and the link that lists them: what a chart over time or a
    date range leaves out."""
    undated = replace(flt, date_from=None, date_to=None, undated=True)
    return {"count": store.count_events(undated) if count is None else count,
            "link": f"/events?{filter_query(undated)}"}


def unknown_note(flt: EventFilter, count: int) -> dict[str, Any]:
    """How many events matching ``flt`` a country-level view leaves out because a country is
    unknown (counted by the store), and the link that lists them."""
    return {"count": count,
            "link": f"/events?{filter_query(replace(flt, unknown_country=True))}"}


def events_data(store: EventStore, flt: EventFilter, page: int,
                order: str = "date") -> dict[str, Any]:
    """One page of the events matching ``flt``, sorted by ``order``."""
    total = store.count_events(flt)
    frame = store.events(flt, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, order=order)
    return {"filter": vars(flt), "total": total, "page": page, "page_size": PAGE_SIZE,
            "pages": max(1, -(-total // PAGE_SIZE)), "order": order,
            "query": filter_query(flt), "events": records(frame),
            "undated": undated_note(store, flt)}


def dyad_data(store: EventStore, a: str, b: str, by: str, period: str | None,
              flt: EventFilter, directed: bool = False) -> dict[str, Any]:
    """A dyad's series over every period of its range (both directions, or a → b only when
    ``directed``), its trend explained, its key evidence, and (with ``period``) the events
    of one period."""
    pair = replace(flt, country=None, source_country=a, target_country=b,
                   undirected=not directed)
    relation = store.relation(a, b, by=by, directed=directed, flt=flt)
    series, tr = relation.series, relation.trend
    query = filter_query(replace(pair, source_country=None, target_country=None))
    href = (f"/relations/{a}/{b}?{query}{'&' if query else ''}by={by}"
            f"{'&directed=true' if directed else ''}&period=")
    periods = full_periods(series, by, flt, href)
    events: list[dict[str, Any]] = []
    if period:
        start = date.fromisoformat(period)
        one = replace(pair, date_from=start.isoformat(),
                      date_to=period_end(start, by).isoformat())
        events = records(store.events(one, limit=200))
    return {"a": a, "b": b, "by": by, "period": period, "directed": directed,
            "filter": vars(flt),
            "trend": trend_view(tr), "explanation": explain_trend(tr),
            "series": [{"period": p.label, "quad_counts": list(p.counts), "events": sum(p.counts),
                        "index": p.index} for p in periods],
            "series_svg": series_svg(periods, by), "events": events,
            "events_link": f"/events?{filter_query(pair)}",
            "undated": undated_note(store, replace(pair, unknown_country=False),
                                    relation.undated),
            "unknown_country": unknown_note(pair, relation.unknown_country)}


def _no_place(flt: EventFilter) -> EventFilter:
    """``flt`` without its countries: what narrows a dyad's series besides the dyad."""
    return replace(flt, country=None, source_country=None, target_country=None,
                   undirected=False)


def trend_view(tr: Trend) -> dict[str, Any]:
    return {"direction": tr.direction, "tone": tr.tone if tr.periods else "no events",
            "slope": tr.slope, "tau": tr.tau, "p_value": tr.p_value,
            "mean_index": tr.mean_index, "periods": tr.periods, "evidence": tr.evidence}


def full_periods(series: Any, by: str, flt: EventFilter, href: str) -> list[Period]:
    """One ``Period`` for every period from the first to the last with events (or the
    filter's date range), the empty ones included, so the time axis is to scale."""
    rows = {str(r["period"])[:10]: r for r in series.to_dict("records")}
    if not rows:
        return []
    first = period_start(date.fromisoformat(flt.date_from or min(rows)), by)
    last = date.fromisoformat(flt.date_to or max(rows))
    out = []
    for start in period_starts(first, last, by):
        r = rows.get(start.isoformat())
        counts = (int(r["verbal_coop"]), int(r["material_coop"]), int(r["verbal_conflict"]),
                  int(r["material_conflict"])) if r else (0, 0, 0, 0)
        out.append(Period(start.isoformat(), counts, float(r["index"]) if r else None,
                          f"{href}{start.isoformat()}#events"))
    return out


def period_start(day: date, by: str) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def period_starts(first: date, last: date, by: str) -> list[date]:
    """The first day of each period from ``first``'s to ``last``'s (both included)."""
    out, day = [], period_start(first, by)
    while day <= last:
        out.append(day)
        day = period_end(day, by) + timedelta(days=1)
    return out


def explain_trend(tr: Trend) -> str:
    """The trend in words a non-statistician can check against the chart."""
    if tr.periods == 0:
        return "No dated events between these two countries match the filter."
    if tr.direction == "insufficient-data":
        return (f"Too few periods to tell: {tr.periods} period(s) with events, and a trend "
                "needs at least 3. Try a shorter period (month instead of year) or a wider "
                "date range.")
    way = ("tend to be more cooperative than earlier ones" if tr.tau > 0 else
           "tend to be more conflictual than earlier ones" if tr.tau < 0 else
           "are as often more cooperative as more conflictual than earlier ones")
    base = (f"Comparing every period with every later one, later periods {way} (Kendall's "
            f"τ = {tr.tau:+.2f}; +1 would mean every later period is higher, −1 every one "
            f"lower); the typical change is {tr.slope:+.2f} index points per period "
            "(Sen's slope).")
    if tr.direction == "stable":
        few = {3: " With only 3 periods even a perfectly steady change could not be told "
                  "from chance.",
               4: " With only 4 periods only a perfectly steady change could be told from "
                  "chance."}.get(tr.periods, "")
        return (f"Stable: no consistent rise or fall. {base} A pattern this weak arises by "
                f"chance {tr.p_value:.0%} of the time (we call it a trend below 10%).{few}")
    word = "Warming" if tr.direction == "warming" else "Cooling"
    return (f"{word}: {base} A pattern this consistent would arise by chance only "
            f"{tr.p_value:.0%} of the time (Mann–Kendall test over {tr.periods} periods).")


def compare_data(store: EventStore, pairs: list[tuple[str, str]], by: str, flt: EventFilter,
                 names: dict[str, str]) -> dict[str, Any]:
    """Several dyads on one time axis (every period of their joint range): their index and
    event counts per period, each one's trend, and what each leaves out for an unknown
    country."""
    found = store.dyads_series(pairs, by=by, flt=_no_place(flt))
    every = [str(p)[:10] for series in found.values() for p in series["period"]]
    starts = (period_starts(date.fromisoformat(flt.date_from or min(every)),
                            date.fromisoformat(flt.date_to or max(every)), by)
              if every else [])
    unknown = store.dyads_unknown(pairs, flt)
    dyads = [{**_compared(a, b, series, starts, names),
              "unknown_country": unknown_note(replace(_no_place(flt), source_country=a,
                                                      target_country=b, undirected=True),
                                              unknown[(a, b)])}
             for (a, b), series in found.items()]
    labels = [short_label(s.isoformat(), by) for s in starts]
    index_lines = [Line(d["name"], tuple(d["index"])) for d in dyads]
    count_lines = [Line(d["name"], tuple(float(v) for v in d["events"])) for d in dyads]
    return {"by": by, "filter": vars(flt), "periods": [s.isoformat() for s in starts],
            "dyads": dyads,
            "index_svg": compare_svg(labels, index_lines, index=True, title="Index per period"),
            "events_svg": compare_svg(labels, count_lines, index=False,
                                      title="Events per period")}


def _compared(a: str, b: str, series: Any, starts: list[date],
              names: dict[str, str]) -> dict[str, Any]:
    rows = {str(r["period"])[:10]: r for r in series.to_dict("records")}
    cells = [rows.get(s.isoformat()) for s in starts]
    return {"a": a, "b": b, "name": f"{names.get(a, a)} – {names.get(b, b)}",
            "events": [int(r["events"]) if r else 0 for r in cells],
            "index": [float(r["index"]) if r else None for r in cells],
            "trend": trend_view(trend(series))}


def explain_data() -> dict[str, Any]:
    """The PLOVER types with their quad class, CAMEO root, intensity and description."""
    ontology = load_ontology()
    types = [{"type": t.name, "quad_class": t.quad_class, "quad_name": QUAD_NAMES[t.quad_class],
              "cameo_root": t.cameo_root, "intensity": t.intensity,
              "description": t.description} for t in ontology.types.values()]
    return {"types": sorted(types, key=lambda t: (t["quad_class"], -t["intensity"])),
            "quads": [{"quad_class": q, "name": n} for q, n in QUAD_NAMES.items()]}


def article_data(store: EventStore, doc_id: str) -> dict[str, Any] | None:
    """An article with its events and the text cut into segments at each trigger."""
    row = store.article(doc_id)
    if row is None:
        return None
    events = records(row.pop("events"))
    sentences = row.pop("sentences").to_dict("records")
    for private in ("source_path", "origin"):  # where the file was on the ingesting machine
        row.pop(private, None)
    row = plain(row)
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
