"""Exports for existing analysis code: GDELT 2.0 event rows and POLECAT columns.

``to_gdelt`` writes GDELT 2.0's full 61-column event layout (``GDELT_COLUMNS``, in GDELT's
order), empty where Tidings has nothing, so GDELT loaders (and ``tidings import gdelt``) read it
unchanged. CAMEO codes come from the event's own code (a PLOVER mode's) or its type's default
(``data/store/plover_cameo.tsv``), cut back to a code GDELT's CAMEO list has; GoldsteinScale
is GDELT's published value for the code (``data/store/cameo_goldstein.tsv``). Every column is
documented in docs/store.md.
"""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from tidings.store.queries import EventStore

FORMATS = ("table", "jsonl", "csv", "parquet", "gdelt", "polecat")

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO), "DATEADDED", "SOURCEURL",
)


def _table(name: str) -> list[dict[str, str]]:
    text = resources.files("tidings").joinpath(f"data/store/{name}").read_text()
    return list(csv.DictReader((ln for ln in text.splitlines() if not ln.startswith("#")),
                               delimiter="\t"))


@lru_cache(maxsize=1)
def plover_cameo() -> dict[str, str]:
    """PLOVER type → the CAMEO code used when the coder gave only the type's root."""
    return {r["plover"]: r["cameo"] for r in _table("plover_cameo.tsv")}


@lru_cache(maxsize=1)
def goldstein_table() -> dict[str, float]:
    """CAMEO event code → GDELT's published Goldstein score (the codes Tidings emits)."""
    return {r["cameo"]: float(r["goldstein"]) for r in _table("cameo_goldstein.tsv")}


def event_code(event_type: str | None, cameo: str | None) -> str:
    """The CAMEO EventCode of an event: its own code (a mode's), else its type's default
    code; a code GDELT's CAMEO list lacks is cut back to its parent, and a bare root
    (``"17"``) becomes the root's "not specified below" code (``"170"``)."""
    known = goldstein_table()
    code = cameo or ""
    if len(code) <= 2:
        default = plover_cameo().get(event_type or "", "")
        code = default if default.startswith(code) else code
    while len(code) > 3 and code not in known:
        code = code[:-1]
    if code not in known and len(code) >= 2:
        code = code[:2] + "0"
    return code if code in known else ""


def quad_class(root: str) -> int | None:
    """GDELT's QuadClass of a CAMEO root: 01–05 verbal cooperation, 06–08 material
    cooperation, 09–13 verbal conflict, 14–20 material conflict."""
    if not root.isdigit():
        return None
    n = int(root)
    return 1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4


def actor_code(country: Any, sector: Any) -> str:
    """GDELT's Actor code: country then type (``CUBGOV``); a partial actor with no country
    is its type alone (``COP``), as GDELT writes unidentified police."""
    return "".join(v for v in (country, sector) if isinstance(v, str))


def global_event_id(event_id: str) -> int:
    """GDELT ids are integers: the first 15 hex digits (60 bits) of our content hash."""
    return int(event_id[:15], 16)


def _fraction_date(dates: pd.Series) -> pd.Series:
    """GDELT's FractionDate: YYYY + (month * 30 + day) / 365, four decimals."""
    return (dates.dt.year + (dates.dt.month * 30 + dates.dt.day) / 365).round(4)


def _is_root(events: pd.DataFrame) -> pd.Series:
    """1 when the event (or any of its other evidence) is in the body's first paragraph,
    GDELT's "lead paragraph"; ``lead_end`` is where that paragraph ends (0: one paragraph)."""
    def lead(row: Any) -> int:
        end = row.get("lead_end")
        end = int(end) - 1 if isinstance(end, int | float) and end == end and end > 0 else None
        spots = [(row.get("sentence_kind"), row.get("sentence_start"))]
        more = row.get("more_evidence")
        for ev in json.loads(more) if isinstance(more, str) else more or []:
            spots.append((ev.get("sentence_kind"), ev.get("start")))
        return int(any(kind == "body" and start is not None and (end is None or start < end)
                       for kind, start in spots))
    return pd.Series([lead(r) for r in events.to_dict("records")], index=events.index,
                     dtype="Int64")


def _geo_type(events: pd.DataFrame) -> pd.Series:
    """1 (country) when the location is a country only; else a place inside one: 3 (US city)
    or 4 (world city). Tidings does not tell cities from regions."""
    def kind(name: Any, country: Any) -> Any:
        if not isinstance(country, str):
            return None
        if not isinstance(name, str) or not name:
            return 1
        return 3 if country == "USA" else 4
    return pd.Series([kind(n, c) for n, c in zip(events["location_name"],
                                                  events["location_country"], strict=True)],
                     index=events.index, dtype="Int64")


def _with_context(events: pd.DataFrame, store: EventStore | None) -> pd.DataFrame:
    if store is None or events.empty:
        return events
    context = export_context(store, list(events["event_id"]))
    return events.merge(context, on="event_id", how="left", suffixes=("", "_context"))


def _column(events: pd.DataFrame, name: str, default: Any = None) -> pd.Series:
    return events[name] if name in events else pd.Series(default, index=events.index)


def to_gdelt(events: pd.DataFrame, store: EventStore | None = None) -> pd.DataFrame:
    """Our events as GDELT 2.0 event rows (all 61 columns, GDELT's order). With ``store``,
    NumMentions/NumSources/NumArticles come from the cross-article clusters, IsRootEvent from
    the articles' first paragraphs, DATEADDED from the run and SOURCEURL falls back to the
    file path; without it each row counts once."""
    events = _with_context(events, store)
    dates = pd.to_datetime(events["date"], errors="coerce")
    codes = [event_code(t, c) for t, c in zip(events["type"], events["cameo_root"],
                                               strict=True)]
    one = pd.Series(1, index=events.index, dtype="Int64")
    out = pd.DataFrame({c: pd.Series(None, index=events.index, dtype=object)
                        for c in GDELT_COLUMNS})
    out["GLOBALEVENTID"] = [global_event_id(e) for e in events["event_id"]]
    out["SQLDATE"] = dates.dt.strftime("%Y%m%d").where(dates.notna(), None)
    out["MonthYear"] = dates.dt.strftime("%Y%m").where(dates.notna(), None)
    out["Year"] = dates.dt.year.astype("Int64")
    out["FractionDate"] = _fraction_date(dates)
    for n, side in ((1, "source"), (2, "target")):
        out[f"Actor{n}Code"] = [actor_code(c, s) for c, s in
                                zip(events[f"{side}_country"], events[f"{side}_sector"],
                                    strict=True)]
        out[f"Actor{n}Name"] = events[f"{side}_name"]
        out[f"Actor{n}CountryCode"] = events[f"{side}_country"]
        out[f"Actor{n}Type1Code"] = events[f"{side}_sector"]
    out["IsRootEvent"] = _is_root(events)
    out["EventCode"] = codes
    out["EventBaseCode"] = [c[:3] for c in codes]
    out["EventRootCode"] = [c[:2] for c in codes]
    out["QuadClass"] = pd.Series([quad_class(c[:2]) for c in codes], index=events.index,
                                 dtype="Int64")
    out["GoldsteinScale"] = [goldstein_table().get(c) for c in codes]
    out["NumMentions"] = _column(events, "num_mentions", 1).astype("Int64").fillna(one)
    out["NumSources"] = _column(events, "num_sources", 1).astype("Int64").fillna(one)
    out["NumArticles"] = _column(events, "num_articles", 1).astype("Int64").fillna(one)
    out["ActionGeo_Type"] = _geo_type(events)
    out["ActionGeo_FullName"] = events["location_name"].where(
        events["location_name"].notna(), events["location_country"])
    out["DATEADDED"] = _column(events, "date_added")
    out["SOURCEURL"] = _column(events, "article_url").fillna(_column(events, "source_path"))
    return out


_CONTEXT_SQL = """
SELECT e.event_id, strpos(a.text, chr(10) || chr(10)) AS lead_end, a.source_path,
       a.pub_date AS article_date,
       substr(regexp_replace(r.started, '[^0-9]', '', 'g'), 1, 14) AS date_added,
       c.num_articles, c.num_sources, m.num_mentions
FROM events e
LEFT JOIN articles a USING (doc_id)
LEFT JOIN runs r ON r.run_id = e.run_id
LEFT JOIN ({clusters}) c USING (cluster_id)
LEFT JOIN (SELECT cluster_id,
                  sum(1 + coalesce(json_array_length(more_evidence), 0)) AS num_mentions
           FROM events GROUP BY cluster_id) m USING (cluster_id)
WHERE e.event_id IN (SELECT unnest(?))
"""


def export_context(store: EventStore, event_ids: list[str]) -> pd.DataFrame:
    """Per event: where its article's first paragraph ends, its file and date, when its run
    started, and its cluster's articles, sources and mentions (every evidence sentence
    counts)."""
    from tidings.store.cluster import CLUSTERS_SQL

    return store.query(_CONTEXT_SQL.format(clusters=CLUSTERS_SQL), [event_ids])


def gdelt_text(frame: pd.DataFrame) -> str:
    """GDELT rows as GDELT publishes them: tab-separated, no header, empty for missing."""
    buffer = io.StringIO()
    frame.to_csv(buffer, sep="\t", header=False, index=False, na_rep="",
                 quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
    return buffer.getvalue()


POLECAT_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
    "Contexts", "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector",
    "Actor Sectors", "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name",
    "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City",
    "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
    "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People",
    "Story Organizations", "Story Locations", "Language", "Version",
)


def _joined(values: Any) -> Any:
    """A JSON list column as POLECAT writes multi-valued fields: ``;``-separated."""
    items = json.loads(values) if isinstance(values, str) else values
    return ";".join(str(v) for v in items) if isinstance(items, list) and items else None


def to_polecat(events: pd.DataFrame, store: EventStore | None = None) -> pd.DataFrame:
    """Our events under the column names and order of POLECAT's public release (40 columns;
    empty where Tidings has nothing). Mapping and types in docs/store.md. With ``store``,
    Publication Date is the article's date."""
    events = _with_context(events, store)
    out = pd.DataFrame({c: pd.Series(None, index=events.index, dtype=object)
                        for c in POLECAT_COLUMNS})
    dates = pd.to_datetime(events["date"], errors="coerce")
    out["Event ID"] = events["event_id"]
    out["Event Date"] = dates.dt.strftime("%Y-%m-%d").where(dates.notna(), None)
    out["Event Type"] = events["type"]
    out["Event Mode"] = events["mode"]
    out["Event Intensity"] = events["intensity"]
    out["Quad Code"] = events["quad_class"].astype("Int64")
    out["Contexts"] = events["contexts"].map(_joined)
    for who, side in (("Actor", "source"), ("Recipient", "target")):
        out[f"{who} Name"] = events[f"{side}_name"]
        out[f"{who} Country"] = events[f"{side}_country"]
        out[f"Primary {who} Sector"] = events[f"{side}_sector"]
        out[f"{who} Sectors"] = events[f"{side}_sector"]
        out[f"{who} Name Raw"] = events[f"{side}_text"]
    out["Placename"] = events["location_name"]
    out["Raw Placename"] = events["location_name"]
    out["Country"] = events["location_country"]
    out["Source"] = _column(events, "outlet")
    published = pd.to_datetime(_column(events, "article_date"), errors="coerce")
    out["Publication Date"] = published.dt.strftime("%Y-%m-%d").where(published.notna(), None)
    out["Language"] = "en"
    out["Version"] = events["coder"]
    return out
