"""Relations: a dyad's time series, a country's partners, and warming/cooling trends.

Quad classes: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
conflict. The cooperation–conflict index of a period is
``(Σ|intensity| over coop − Σ|intensity| over conflict) / Σ|intensity|`` in [−1, 1] (missing
intensities weigh 1), so a few severe clashes outweigh many mild statements. Events count
once per cluster, so one summit reported ten times is one event.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from tidings.errors import Errors, UsageError


class Queryable(Protocol):
    """What relations need of a store (``EventStore``): one parameterized query."""

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame: ...


PERIODS = {"month": "month", "quarter": "quarter", "year": "year"}

CLUSTERED = """
SELECT cluster_id, any_value(source_country) AS source_country,
       any_value(target_country) AS target_country, min(date) AS date,
       any_value(quad_class) AS quad_class, avg(intensity) AS intensity,
       list_unique(list(doc_id)) AS num_articles,  -- count(DISTINCT) plans a costlier CTE
       arg_max(event_id, confidence) AS event_id, arg_max(type, confidence) AS type,
       arg_max(sentence, confidence) AS sentence
FROM events WHERE date IS NOT NULL AND quad_class IS NOT NULL AND {where}
GROUP BY cluster_id
"""
# GDELT rows are already one row per (deduplicated) event, so each is its own "cluster";
# Goldstein stands in for intensity.
_GDELT_CLUSTERED = """
SELECT CAST(globaleventid AS VARCHAR) AS cluster_id, actor1_country AS source_country,
       actor2_country AS target_country, date, quad_class, goldstein AS intensity,
       num_articles, CAST(globaleventid AS VARCHAR) AS event_id, event_code AS type,
       source_url AS sentence
FROM gdelt_events WHERE date IS NOT NULL AND quad_class IS NOT NULL AND {where}
"""
_BASES = {"tidings": CLUSTERED, "gdelt": _GDELT_CLUSTERED}
# All events of a cluster share the dyad, so filtering before grouping changes nothing
# but the cost (the filter runs on the events table, not on every cluster).
_DYAD = ("((source_country = ? AND target_country = ?)"
         " OR (? AND source_country = ? AND target_country = ?))")
_EITHER = "(source_country = ? OR target_country = ?)"

_SERIES = """
WITH c AS ({clustered}), d AS (
    SELECT *, {pair} AS pair, date_trunc(?, date) AS period,
           coalesce(abs(intensity), 1.0) AS weight FROM c
)
SELECT {group}period, count(*) AS events,
       count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
       count(*) FILTER (WHERE quad_class = 2) AS material_coop,
       count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
       count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
       avg(intensity) AS mean_intensity, sum(intensity) AS sum_intensity,
       (coalesce(sum(weight) FILTER (WHERE quad_class <= 2), 0) - coalesce(sum(weight)
            FILTER (WHERE quad_class >= 3), 0)) / sum(weight) AS index,
       {top} AS top_events
FROM d GROUP BY {group}period ORDER BY {group}period
"""
# A period's key evidence: its three clusters most reported, then most intense (ties broken
# by event id, so the stored monthly counts name the same ones: ``tidings.store.monthly``).
TOP_EVENTS = ("list(struct_pack(event_id, type, date, intensity, num_articles, sentence)"
              " ORDER BY num_articles DESC, abs(coalesce(intensity, 0)) DESC, event_id)[1:3]")
# The undirected pair of a row, codes in alphabetical order ("CUB-USA"), for several dyads at
# once (``dyads_series``).
_PAIR = "least(source_country, target_country) || '-' || greatest(source_country, target_country)"

_PARTNERS = """
WITH c AS ({clustered}), d AS (
    SELECT CASE WHEN source_country = ? THEN target_country ELSE source_country END
               AS partner, *, coalesce(abs(intensity), 1.0) AS weight
    FROM c WHERE source_country IS NOT NULL AND target_country IS NOT NULL
      AND source_country <> target_country
)
SELECT partner, count(*) AS events, avg(intensity) AS mean_intensity,
       count(*) FILTER (WHERE quad_class <= 2) AS cooperation,
       count(*) FILTER (WHERE quad_class >= 3) AS conflict,
       (coalesce(sum(weight) FILTER (WHERE quad_class <= 2), 0) - coalesce(sum(weight)
            FILTER (WHERE quad_class >= 3), 0)) / sum(weight) AS index
FROM d GROUP BY partner ORDER BY events DESC, partner LIMIT ?
"""


def _base(source: str) -> str:
    if source not in _BASES:
        raise UsageError(Errors.E001.format(what="event source", value=source,
                                            choices=", ".join(_BASES)))
    return _BASES[source]


def dyad_series(store: Queryable, a: str, b: str, by: str = "month",
                directed: bool = False, source: str = "tidings",
                where: tuple[str, list[Any]] = ("", [])) -> pd.DataFrame:
    """Per-period counts by quad class, intensity, index and top events for a–b
    (``source="gdelt"``: the same from imported GDELT rows, for comparison). ``where`` is
    an ``EventFilter.where()`` narrowing the events (type, dates, factuality…)."""
    if by not in PERIODS:
        raise UsageError(Errors.E001.format(what="period", value=by,
                                            choices=", ".join(PERIODS)))
    extra, extra_params = where
    condition = _DYAD + extra.replace(" WHERE ", " AND ", 1)
    sql = _SERIES.format(clustered=_base(source).format(where=condition), pair="NULL",
                         group="", top=TOP_EVENTS)
    frame = store.query(sql, [a, b, not directed, b, a, *extra_params, PERIODS[by]])
    frame["index"] = frame["index"].fillna(0.0)
    return frame


def dyads_series(store: Queryable, pairs: list[tuple[str, str]], by: str = "month",
                 where: tuple[str, list[Any]] = ("", [])) -> dict[tuple[str, str], pd.DataFrame]:
    """``dyad_series`` (both directions) of several pairs in one query: one scan of the
    events for a comparison instead of one per pair."""
    if by not in PERIODS:
        raise UsageError(Errors.E001.format(what="period", value=by,
                                            choices=", ".join(PERIODS)))
    either = " OR ".join(["((source_country = ? AND target_country = ?)"
                          " OR (source_country = ? AND target_country = ?))"] * len(pairs))
    extra, extra_params = where
    condition = f"({either or 'FALSE'})" + extra.replace(" WHERE ", " AND ", 1)
    sql = _SERIES.format(clustered=CLUSTERED.format(where=condition), pair=_PAIR,
                         group="pair, ", top=TOP_EVENTS)
    values = [code for a, b in pairs for code in (a, b, b, a)]
    frame = store.query(sql, [*values, *extra_params, PERIODS[by]])
    frame["index"] = frame["index"].fillna(0.0)
    out = {}
    for a, b in pairs:
        rows = frame[frame["pair"] == "-".join(sorted((a, b)))]
        out[(a, b)] = rows.drop(columns="pair").reset_index(drop=True)
    return out


def partners(store: Queryable, country: str, limit: int = 20,
             source: str = "tidings") -> pd.DataFrame:
    """A country's partners ranked by event volume, with tone (mean intensity, index)."""
    sql = _PARTNERS.format(clustered=_base(source).format(where=_EITHER))
    return store.query(sql, [country, country, country, int(limit)])


@dataclass
class Trend:
    """Whether a relation warms or cools, and why we say so."""

    direction: str  # warming | cooling | stable | insufficient-data
    slope: float  # index change per period (Sen's slope)
    tau: float  # Mann-Kendall tau
    p_value: float
    periods: int
    mean_index: float
    evidence: list[dict[str, Any]] = field(default_factory=list)

    @property
    def tone(self) -> str:
        if self.mean_index > 0.2:
            return "cooperative"
        if self.mean_index < -0.2:
            return "conflictual"
        return "mixed"


def mann_kendall(values: list[float]) -> tuple[float, float]:
    """Mann-Kendall tau and two-sided p-value (normal approximation, no tie correction)."""
    n = len(values)
    s = sum(_sign(values[j] - values[i]) for i in range(n) for j in range(i + 1, n))
    pairs = n * (n - 1) / 2
    if n < 3:
        return (s / pairs if pairs else 0.0), 1.0
    var = n * (n - 1) * (2 * n + 5) / 18
    z = (s - _sign(s)) / math.sqrt(var) if s else 0.0
    p = math.erfc(abs(z) / math.sqrt(2))
    return s / pairs, p


def sens_slope(values: list[float]) -> float:
    slopes = sorted((values[j] - values[i]) / (j - i)
                    for i in range(len(values)) for j in range(i + 1, len(values)))
    return slopes[len(slopes) // 2] if slopes else 0.0


@dataclass
class Relation:
    """A dyad's series and trend, and ``unknown_country``: how many events matching the
    same filter name one of the two countries on its side with the other side's country
    unknown, which a country-level series cannot place (``EventFilter.unknown_country``);
    ``undated``: how many of the pair's events matching the filter (its date range aside)
    have no date, which a series cannot place either."""

    a: str
    b: str
    by: str
    directed: bool
    series: pd.DataFrame
    trend: Trend
    unknown_country: int
    undated: int = 0


@dataclass
class Partners:
    """A country's partners (``partners``), and ``unknown_country``: its events whose other
    side's country is unknown, which no partner row counts."""

    country: str
    partners: pd.DataFrame
    unknown_country: int


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def trend(series: pd.DataFrame, alpha: float = 0.1) -> Trend:
    """Mann-Kendall over the period index; evidence = top events of first and last periods."""
    values = [float(v) for v in series["index"]] if len(series) else []
    weights = series["events"].sum() if len(series) else 0
    mean = float((series["index"] * series["events"]).sum() / weights) if weights else 0.0
    if len(values) < 3:
        return Trend("insufficient-data", 0.0, 0.0, 1.0, len(values), mean,
                     _evidence(series))
    tau, p = mann_kendall(values)
    slope = sens_slope(values)
    direction = "stable"
    if p < alpha:
        direction = "warming" if tau > 0 else "cooling"
    return Trend(direction, slope, tau, p, len(values), mean, _evidence(series))


def _evidence(series: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    ends = sorted({0, len(series) - 1}) if len(series) else []
    for _, period in series.iloc[ends].iterrows():
        for event in list(period["top_events"])[:2]:
            rows.append({"period": str(period["period"])[:10], **dict(event)})
    return rows
