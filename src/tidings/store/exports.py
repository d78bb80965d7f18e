"""Exports for existing analysis code: GDELT 2.0 event columns and POLECAT/PLOVER columns.

Every column is documented in docs/store.md. PLOVER types map to CAMEO root codes and a
Goldstein-like score from ``data/store/plover_cameo.tsv`` (versioned data, not code).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

import pandas as pd

FORMATS = ("table", "jsonl", "csv", "parquet", "gdelt", "polecat")


@lru_cache(maxsize=1)
def plover_cameo() -> dict[str, tuple[str, str, float]]:
    """PLOVER type → (CAMEO event code, CAMEO root code, Goldstein score)."""
    text = resources.files("tidings").joinpath("data/store/plover_cameo.tsv").read_text()
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")),
                          delimiter="\t")
    return {r["plover"]: (r["cameo"], r["cameo"][:2], float(r["goldstein"])) for r in rows}


def _yyyymmdd(dates: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(dates, errors="coerce")
    return parsed.dt.strftime("%Y%m%d").where(parsed.notna(), None)


def to_gdelt(events: pd.DataFrame) -> pd.DataFrame:
    """Our events under the GDELT 2.0 event-table columns that apply (others left out)."""
    table = plover_cameo()
    codes = events["type"].map(lambda t: table.get(t, ("", "", 0.0)))
    dates = pd.to_datetime(events["date"], errors="coerce")
    return pd.DataFrame({
        "GLOBALEVENTID": events["event_id"],
        "SQLDATE": _yyyymmdd(events["date"]),
        "MonthYear": dates.dt.strftime("%Y%m").where(dates.notna(), None),
        "Year": dates.dt.year.astype("Int64"),
        "Actor1Code": events["source_country"].fillna("") + events["source_sector"].fillna(""),
        "Actor1Name": events["source_name"],
        "Actor1CountryCode": events["source_country"],
        "Actor1Type1Code": events["source_sector"],
        "Actor2Code": events["target_country"].fillna("") + events["target_sector"].fillna(""),
        "Actor2Name": events["target_name"],
        "Actor2CountryCode": events["target_country"],
        "Actor2Type1Code": events["target_sector"],
        "IsRootEvent": (events["sentence_kind"] == "title").astype(int),
        "EventCode": codes.map(lambda c: c[0]),
        "EventBaseCode": codes.map(lambda c: c[0][:3]),
        "EventRootCode": events["cameo_root"].fillna(codes.map(lambda c: c[1])),
        "QuadClass": events["quad_class"],
        "GoldsteinScale": codes.map(lambda c: c[2]),
        "NumArticles": events.get("num_articles", pd.Series(1, index=events.index)),
        "NumSources": events.get("num_sources", pd.Series(1, index=events.index)),
        "ActionGeo_FullName": events["location_name"],
        "ActionGeo_CountryCode": events["location_country"],
        "SOURCEURL": events.get("article_url", pd.Series(None, index=events.index)),
    })


def to_polecat(events: pd.DataFrame) -> pd.DataFrame:
    """Our events under POLECAT/PLOVER column names."""
    return pd.DataFrame({
        "Event ID": events["event_id"],
        "Event Date": events["date"],
        "Event Type": events["type"],
        "Event Mode": events["mode"],
        "Event Intensity": events["intensity"],
        "Quad Code": events["quad_class"],
        "Contexts": events["contexts"],
        "Actor Name": events["source_name"],
        "Actor Country": events["source_country"],
        "Actor Sector": events["source_sector"],
        "Recipient Name": events["target_name"],
        "Recipient Country": events["target_country"],
        "Recipient Sector": events["target_sector"],
        "Placename": events["location_name"],
        "Location Country": events["location_country"],
        "Factuality": events["factuality"],
        "Story ID": events["doc_id"],
        "Publication Date": events.get("published", pd.Series(None, index=events.index)),
        "Source": events.get("outlet", pd.Series(None, index=events.index)),
        "Text": events["sentence"],
        "Trigger": events["trigger_text"],
        "Coder": events["coder"],
    })
