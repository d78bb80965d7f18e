"""``EventStore``: the single query surface for the CLI, the Python API and the web server.

Each call opens a short-lived read-only connection and closes it, so no reader keeps the file
locked (see docs/store.md, "Concurrency"). Every query is parameterized; the only identifiers
interpolated into SQL come from fixed whitelists in this package.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from tidings.errors import Errors, UsageError
from tidings.store import checks, monthly
from tidings.store.cluster import CLUSTERS_SQL
from tidings.store.db import DEFAULT_WAIT, session
from tidings.store.relations import (
    PERIODS,
    Partners,
    Relation,
    dyad_series,
    dyads_series,
    partners,
    trend,
)

SOURCES = ("tidings", "gdelt")
# Imported GDELT rows under our column names, so both sources answer the same filters.
GDELT_AS_EVENTS = """
SELECT CAST(globaleventid AS VARCHAR) AS event_id, NULL AS doc_id,
       event_code AS type, actor1_name AS source_name, actor1_country AS source_country,
       actor2_name AS target_name, actor2_country AS target_country, date,
       'asserted' AS factuality, quad_class, goldstein AS intensity,
       event_root_code AS cameo_root, source_url AS sentence, num_articles, num_sources,
       NULL AS source_text, NULL AS target_text, NULL AS confidence
FROM gdelt_events
"""
TIDINGS_EVENTS = """
SELECT e.*, a.title AS article_title, a.source_name AS outlet, a.url AS article_url
FROM events e LEFT JOIN articles a USING (doc_id)
"""


@dataclass
class EventFilter:
    """What ``events`` and the aggregations select. ``None`` means no constraint.

    ``country`` matches either side; ``source_country``/``target_country`` give a directed
    dyad (``undirected=True`` accepts it either way round). ``text`` searches the evidence,
    ``actor`` either actor's words and name ("riot police", "Putin"); ``min_confidence``
    keeps events the coder scored at least that high.
    ``undated=True`` selects only the events without a date (which date ranges and series
    leave out, so views can say how many and link to them).
    ``unknown_country=True`` selects the events a country-level view of the same filter
    leaves out because a country is unknown: one side's country is null (agentless events
    have no source); with a dyad, a dyad country on its side and the other side unknown.
    """

    country: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    undirected: bool = False
    type: str | None = None
    quad_class: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    factuality: str | None = None
    text: str | None = None
    undated: bool = False
    actor: str | None = None
    min_confidence: float | None = None
    unknown_country: bool = False

    def __post_init__(self) -> None:
        """Refuse values that cannot match (a ``UsageError`` naming the valid ones) and take
        countries as ISO3 in any case or names, types in any case."""
        self.country = checks.country(self.country)
        self.source_country = checks.country(self.source_country)
        self.target_country = checks.country(self.target_country)
        self.type = checks.event_type(self.type)
        self.quad_class = checks.quad_class(self.quad_class)
        self.date_from = checks.iso_date(self.date_from)
        self.date_to = checks.iso_date(self.date_to)
        self.factuality = checks.choice("factuality", self.factuality, checks.FACTUALITY)

    def where(self) -> tuple[str, list[Any]]:
        """A ``WHERE`` clause (fixed fragments) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        for fragment, value in self._simple():
            if value is not None:
                clauses.append(fragment)
                params.extend([value] * fragment.count("?"))
        if self.source_country or self.target_country:
            clause, values = self._dyad()
            clauses.append(clause)
            params.extend(values)
        if self.unknown_country:
            clauses.append("(source_country IS NULL OR target_country IS NULL)")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _simple(self) -> list[tuple[str, Any]]:
        return [
            ("(source_country = ? OR target_country = ?)", self.country),
            ("type = ?", self.type),
            ("quad_class = ?", self.quad_class),
            ("date >= CAST(? AS DATE)", self.date_from),
            ("date <= CAST(? AS DATE)", self.date_to),
            ("factuality = ?", self.factuality),
            ("sentence ILIKE '%' || ? || '%' ESCAPE '\\'", like_literal(self.text)),
            ("date IS NULL", True if self.undated else None),
            ("(source_text ILIKE '%' || ? || '%' ESCAPE '\\'"
             " OR source_name ILIKE '%' || ? || '%' ESCAPE '\\'"
             " OR target_text ILIKE '%' || ? || '%' ESCAPE '\\'"
             " OR target_name ILIKE '%' || ? || '%' ESCAPE '\\')", like_literal(self.actor)),
            ("confidence >= ?", self.min_confidence),
        ]

    def _dyad(self) -> tuple[str, list[Any]]:
        """The dyad condition: only the sides given are constrained (plain equalities, which
        DuckDB can use to skip row groups), either way round when ``undirected``."""
        if self.unknown_country and self.source_country and self.target_country:
            return self._dyad_unknown(self.source_country, self.target_country)
        values = [v for v in (self.source_country, self.target_country) if v]
        one = " AND ".join(f"{col} = ?" for col, v in (("source_country", self.source_country),
                                                        ("target_country", self.target_country))
                           if v)
        if not self.undirected:
            return f"({one})", values
        swapped = " AND ".join(f"{col} = ?" for col, v in (
            ("target_country", self.source_country), ("source_country", self.target_country))
            if v)
        return f"(({one}) OR ({swapped}))", values * 2

    def _dyad_unknown(self, a: str, b: str) -> tuple[str, list[Any]]:
        """The events a dyad view leaves out for an unknown country: a dyad country on its
        side and the other side unknown (``a`` → ?, ? → ``b``; either way round when
        ``undirected``). Events unknown on both sides name neither country: not counted."""
        one = ("(source_country = ? AND target_country IS NULL)"
               " OR (source_country IS NULL AND target_country = ?)")
        if not self.undirected:
            return f"({one})", [a, b]
        return f"(({one}) OR ({one}))", [a, b, b, a]


def like_literal(text: str | None) -> str | None:
    """``text`` matched literally by ``LIKE ... ESCAPE '\\'``: a ``%`` or ``_`` the user typed
    is a character to find, not a wildcard."""
    if text is None:
        return None
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# How the event list may be sorted: a fixed whitelist, so no identifier comes from a request.
ORDERS = {
    "date": "date ASC NULLS LAST, event_id", "-date": "date DESC NULLS LAST, event_id",
    "confidence": "confidence ASC NULLS LAST, event_id",
    "-confidence": "confidence DESC NULLS LAST, event_id",
    "intensity": "intensity ASC NULLS LAST, event_id",
    "-intensity": "intensity DESC NULLS LAST, event_id",
    "type": "type, date NULLS LAST, event_id",
}
# Events per country (either side; a domestic event once) for the map, and how many events
# have no known country on either side (what a country-level view leaves out).
COUNTRY_COUNTS = """
WITH f AS (SELECT source_country AS s, target_country AS t, intensity FROM events {where})
SELECT country, count(*) AS events, avg(intensity) AS mean_intensity FROM (
    SELECT s AS country, intensity FROM f WHERE s IS NOT NULL
    UNION ALL SELECT t, intensity FROM f WHERE t IS NOT NULL AND t IS DISTINCT FROM s)
GROUP BY country ORDER BY events DESC, country
"""
SUMMARY = """
SELECT count(*) AS events, approx_count_distinct(cluster_id) AS clusters, min(date) AS first_date,
       max(date) AS last_date, count(*) FILTER (WHERE date IS NULL) AS undated,
       count(*) FILTER (WHERE source_country IS NULL AND target_country IS NULL)
           AS no_country,
       count(*) FILTER (WHERE source_country IS NULL OR target_country IS NULL) AS no_dyad
FROM events {where}
"""


def _tidings_events_sql(where: str, params: list[Any], order: str, limit: int | None,
                        offset: int) -> tuple[str, list[Any]]:
    """Our events with their article's title and URL. The filter, the sort and the page are
    taken on the events table alone and the wide rows and the join only for the page's
    events (at a million events, 5x faster than joining first)."""
    chosen = f"SELECT * FROM events {where}"  # noqa: S608 (fixed SQL text; values are parameters)
    if limit is not None:
        chosen = (f"SELECT * FROM events WHERE event_id IN (SELECT event_id FROM events {where}"  # noqa: S608 (fixed SQL text; values are parameters)
                  f" ORDER BY {order} LIMIT ? OFFSET ?)")
        params = params + [int(limit), int(offset)]
    return (f"SELECT e.*, a.title AS article_title, a.source_name AS outlet,"  # noqa: S608 (fixed SQL text; values are parameters)
            f" a.url AS article_url FROM ({chosen}) e LEFT JOIN articles a USING (doc_id)"
            f" ORDER BY {order}", params)


def _check_source(source: str) -> str:
    if source not in SOURCES:
        raise UsageError(Errors.E001.format(what="event source", value=source,
                                            choices=", ".join(SOURCES)))
    return TIDINGS_EVENTS if source == "tidings" else GDELT_AS_EVENTS


def _counted(source: str) -> str:
    """What counts read: our events table itself, since no filter reads an article column
    (DuckDB keeps ``TIDINGS_EVENTS``' article join, which made a count 5x as costly)."""
    return "events" if _check_source(source) == TIDINGS_EVENTS else f"({GDELT_AS_EVENTS})"


class EventStore:
    """Queries over one database file; returns pandas DataFrames (``*_arrow`` for Arrow)."""

    def __init__(self, db: str | os.PathLike[str], wait: float = DEFAULT_WAIT) -> None:
        self.db = str(db)
        self.wait = wait

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run one parameterized read-only query (callers pass fixed SQL text)."""
        with session(self.db, read_only=True, wait=self.wait) as conn:
            return conn.execute(sql, params or []).df()

    def query_arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        with session(self.db, read_only=True, wait=self.wait) as conn:
            return conn.sql(sql, params=params or None).to_arrow_table()

    @contextmanager
    def reading(self) -> Iterator[EventStore]:
        """The same queries over one read-only connection, closed on leaving: a page that
        asks five questions opens the file once, not five times."""
        with session(self.db, read_only=True, wait=self.wait) as conn:
            yield _OneConnection(self.db, self.wait, conn)

    # ----------------------------------------------------------------- events

    def _events_sql(self, flt: EventFilter | None, limit: int | None, offset: int,
                    source: str, order: str = "date") -> tuple[str, list[Any]]:
        where, params = (flt or EventFilter()).where()
        if order not in ORDERS:
            raise UsageError(Errors.E001.format(what="sort order", value=order,
                                                choices=", ".join(ORDERS)))
        if source == "tidings":
            return _tidings_events_sql(where, params, ORDERS[order], limit, offset)
        sql = f"SELECT * FROM ({_check_source(source)}) {where} ORDER BY {ORDERS[order]}"  # noqa: S608 (fixed SQL text; values are parameters)
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = params + [int(limit), int(offset)]
        return sql, params

    def events(self, flt: EventFilter | None = None, limit: int | None = 100,
               offset: int = 0, source: str = "tidings", order: str = "date") -> pd.DataFrame:
        """Events matching ``flt``, by date (or ``order``, a key of ``ORDERS``), one page
        (``limit=None`` for all)."""
        return self.query(*self._events_sql(flt, limit, offset, source, order))

    def event_batches(self, flt: EventFilter | None = None, order: str = "date",
                      batch_size: int = 50_000) -> Iterator[pa.RecordBatch]:
        """Every event matching ``flt`` as Arrow record batches, read while iterating, so an
        export of millions of events holds one batch in memory, not the result. Nothing
        matching still gives one empty batch: its schema is the columns of an empty file."""
        sql, params = self._events_sql(flt, None, 0, "tidings", order)
        with session(self.db, read_only=True, wait=self.wait) as conn:
            reader = conn.sql(sql, params=params or None).to_arrow_reader(batch_size)
            empty = True
            for batch in reader:
                empty = False
                yield batch
            if empty:
                yield pa.RecordBatch.from_pylist([], schema=reader.schema)

    def events_arrow(self, flt: EventFilter | None = None, limit: int | None = None,
                     offset: int = 0, source: str = "tidings") -> pa.Table:
        return self.query_arrow(*self._events_sql(flt, limit, offset, source))

    def count_events(self, flt: EventFilter | None = None, source: str = "tidings") -> int:
        where, params = (flt or EventFilter()).where()
        frame = self.query(f"SELECT count(*) AS n FROM {_counted(source)} {where}",  # noqa: S608 (fixed SQL text; values are parameters)
                           params)
        return int(frame["n"].iloc[0])

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with its evidence, more evidence and cluster, or None."""
        frame = self.query(TIDINGS_EVENTS + " WHERE event_id = ?", [event_id])
        if frame.empty:
            return None
        row = _nulls_to_none(frame.iloc[0].to_dict())
        row["more_evidence"] = json.loads(row["more_evidence"] or "[]")
        row["cluster"] = self.cluster(row["cluster_id"]) if row["cluster_id"] else None
        return row

    def article(self, doc_id: str) -> dict[str, Any] | None:
        """An article with its text, dropped chrome, sentences and events (with offsets)."""
        frame = self.query("SELECT * FROM articles WHERE doc_id = ?", [doc_id])
        if frame.empty:
            return None
        row = _nulls_to_none(frame.iloc[0].to_dict())
        for key in ("captions", "dropped"):
            row[key] = json.loads(row[key] or "[]")
        row["sentences"] = self.query(
            "SELECT * FROM sentences WHERE doc_id = ? ORDER BY idx", [doc_id])
        row["events"] = self.query(
            "SELECT * FROM events WHERE doc_id = ? ORDER BY sentence_start, trigger_start",
            [doc_id])
        return row

    # ----------------------------------------------------------------- clusters

    def clusters(self, flt: EventFilter | None = None, limit: int | None = 100) -> pd.DataFrame:
        """Event clusters (one real-world event each) with num_articles and num_sources."""
        where, params = (flt or EventFilter()).where()
        sql = (f"SELECT * FROM ({CLUSTERS_SQL}) {where} "  # noqa: S608 (fixed SQL text; values are parameters)
               "ORDER BY num_articles DESC, first_date, cluster_id")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return self.query(sql, params)

    def cluster(self, cluster_id: str) -> dict[str, Any] | None:
        frame = self.query(f"SELECT * FROM ({CLUSTERS_SQL}) WHERE cluster_id = ?",  # noqa: S608 (fixed SQL text; values are parameters)
                           [cluster_id])
        if frame.empty:
            return None
        row = _nulls_to_none(frame.iloc[0].to_dict())
        row["event_ids"] = list(row["event_ids"])
        return row

    # ----------------------------------------------------------------- overview

    def overview(self) -> dict[str, Any]:
        """Counts and date coverage of everything stored."""
        frame = self.query(
            "SELECT (SELECT count(*) FROM articles) AS articles,"
            " (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL) AS duplicates,"
            " (SELECT count(*) FROM events) AS events,"
            " (SELECT count(DISTINCT cluster_id) FROM events) AS clusters,"
            " (SELECT count(*) FROM rejects) AS rejects,"
            " (SELECT count(*) FROM gdelt_events) AS gdelt_events,"
            " (SELECT min(date) FROM events) AS first_date,"
            " (SELECT max(date) FROM events) AS last_date,"
            " (SELECT count(*) FROM runs) AS runs")
        return _nulls_to_none(frame.iloc[0].to_dict())

    def article_counts(self) -> dict[str, Any]:
        """Articles stored, duplicates among them, and rejected inputs."""
        frame = self.query(
            "SELECT (SELECT count(*) FROM articles) AS articles,"
            " (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL) AS duplicates,"
            " (SELECT count(*) FROM rejects) AS rejects")
        return _nulls_to_none(frame.iloc[0].to_dict())

    def summary(self, flt: EventFilter | None = None) -> dict[str, Any]:
        """Counts and date range of the events matching ``flt``, with how many of them are
        undated, have no known country, or lack one side's country, and ``unknown_country``:
        how many a country-level view of ``flt`` (the network) leaves out for an unknown
        country (with a dyad, those naming a dyad country; see ``EventFilter``). ``clusters`` (real-world
        events) is DuckDB's approximate distinct count: exact costs 8x as much at 1M."""
        flt = flt or EventFilter()
        where, params = flt.where()
        row = _nulls_to_none(self.query(SUMMARY.format(where=where), params).iloc[0].to_dict())
        # Without a two-country dyad the events left out are ``no_dyad``, from the same scan
        # (a second scan doubled the cost at 1M events). A dyad's filter holds none of them
        # (both its countries are known), so those are counted apart.
        dyad = flt.source_country and flt.target_country
        row["unknown_country"] = (self.count_events(replace(flt, unknown_country=True))
                                  if dyad else row["no_dyad"])
        return row

    def country_counts(self, flt: EventFilter | None = None) -> pd.DataFrame:
        """Events per country (as source or target) with their mean intensity."""
        where, params = (flt or EventFilter()).where()
        return self.query(COUNTRY_COUNTS.format(where=where), params)

    def top_dyads(self, flt: EventFilter | None = None, limit: int = 20) -> pd.DataFrame:
        """Directed dyads by event count, with mean intensity."""
        where, params = (flt or EventFilter()).where()
        extra = " AND " if where else " WHERE "
        sql = (f"SELECT source_country, target_country, count(*) AS events,"  # noqa: S608 (fixed SQL text; values are parameters)
               f" avg(intensity) AS mean_intensity"
               f" FROM events {where}{extra}source_country IS NOT NULL"
               f" AND target_country IS NOT NULL GROUP BY ALL"
               f" ORDER BY events DESC, source_country, target_country LIMIT ?")
        return self.query(sql, params + [int(limit)])

    def runs(self) -> pd.DataFrame:
        return self.query("SELECT * FROM runs ORDER BY started")

    def rejects(self, limit: int | None = 100) -> pd.DataFrame:
        sql = "SELECT * FROM rejects ORDER BY origin, stage"
        return self.query(sql + (" LIMIT ?" if limit is not None else ""),
                          [int(limit)] if limit is not None else [])

    # ----------------------------------------------------------------- relations

    def dyad_series(self, a: str, b: str, by: str = "month", directed: bool = False,
                    source: str = "tidings", flt: EventFilter | None = None) -> pd.DataFrame:
        """``flt`` narrows the events counted (its countries aside: the dyad is a–b)."""
        a, b = checks.country(a) or a, checks.country(b) or b
        where = flt.where() if flt is not None else ("", [])
        return dyad_series(self, a, b, by=by, directed=directed, source=source, where=where)

    def dyads_series(self, pairs: list[tuple[str, str]], by: str = "month",
                     flt: EventFilter | None = None) -> dict[tuple[str, str], pd.DataFrame]:
        """``dyad_series`` of several pairs (both directions): from the stored monthly
        counts where they answer ``flt``, else in one scan of the events for all pairs."""
        narrow = flt or EventFilter()
        if self._monthly("tidings", narrow, by):
            return {(a, b): monthly.relation_series(self, a, b, by, False, narrow.quad_class)
                    for a, b in pairs}
        return dyads_series(self, pairs, by=by, where=narrow.where())

    def dyads_unknown(self, pairs: list[tuple[str, str]],
                      flt: EventFilter | None = None) -> dict[tuple[str, str], int]:
        """For each pair, what ``relation(a, b, flt=flt).unknown_country`` counts (both
        directions), in one scan: one ``count(*) FILTER`` per pair."""
        if not pairs:
            return {}
        narrow = replace(flt or EventFilter(), country=None, source_country=None,
                         target_country=None, undirected=False, unknown_country=True)
        where, params = narrow.where()
        counts, values = [], []
        for a, b in pairs:
            clause, codes = replace(narrow, source_country=a, target_country=b,
                                    undirected=True)._dyad()
            counts.append(f"count(*) FILTER (WHERE {clause})")
            values.extend(codes)
        # the shared filter in WHERE, checked once a row: a count(*) FILTER holding all of
        # it for each pair took 170 ms at 1M events instead of 6-20
        frame = self.query(f"SELECT {', '.join(counts)} FROM events {where}",  # noqa: S608 (fixed SQL text; values are parameters)
                           values + params)
        return {pair: int(n) for pair, n in zip(pairs, frame.iloc[0], strict=True)}

    def partners(self, country: str, limit: int = 20, source: str = "tidings") -> pd.DataFrame:
        return partners(self, checks.country(country) or country, limit=limit, source=source)

    def relation(self, a: str, b: str, by: str = "month", directed: bool = False,
                 source: str = "tidings", flt: EventFilter | None = None) -> Relation:
        """A dyad's series and trend with the counts of events matching ``flt`` (its
        countries aside) that the series leaves out because a country is unknown or, its
        date range aside too, because they have no date."""
        a, b = checks.country(a) or a, checks.country(b) or b
        narrow = replace(flt or EventFilter(), country=None, source_country=None,
                         target_country=None, undirected=False, unknown_country=False)
        if self._monthly(source, narrow, by):
            series = monthly.relation_series(self, a, b, by, directed, narrow.quad_class)
        else:
            series = dyad_series(self, a, b, by=by, directed=directed, source=source,
                                 where=narrow.where())
        pair = replace(narrow, source_country=a, target_country=b, undirected=not directed)
        # two counts, not one scan with a count(*) FILTER each: a WHERE lets DuckDB filter
        # in the scan, which made two scans half the cost of one at 1M events
        unknown = self.count_events(replace(pair, unknown_country=True), source=source)
        undated = self.count_events(replace(pair, date_from=None, date_to=None, undated=True),
                                    source=source)
        return Relation(a, b, by, directed, series, trend(series), unknown, undated)

    def _monthly(self, source: str, narrow: EventFilter, by: str) -> bool:
        """Whether the stored monthly counts (``tidings.store.monthly``) answer a series
        narrowed by ``narrow``: our own events in a database file (Parquet parts have no
        such table), filtered by nothing but a quad class (the one event field they keep)."""
        return (source == "tidings" and by in PERIODS and not Path(self.db).is_dir()
                and replace(narrow, quad_class=None) == EventFilter())

    def partners_of(self, country: str, limit: int = 20, source: str = "tidings") -> Partners:
        """``partners`` with the count of the country's events whose other side is of
        unknown country (no partner row has them)."""
        code = checks.country(country) or country
        left_out = EventFilter(country=code, unknown_country=True)
        return Partners(code, partners(self, code, limit=limit, source=source),
                        self.count_events(left_out, source=source))


class _OneConnection(EventStore):
    """An ``EventStore`` whose queries share one open connection (``EventStore.reading``)."""

    def __init__(self, db: str, wait: float, conn: Any) -> None:
        super().__init__(db, wait)
        self.conn = conn

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        return self.conn.execute(sql, params or []).df()

    def query_arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        return self.conn.sql(sql, params=params or None).to_arrow_table()


def _nulls_to_none(row: dict[str, Any]) -> dict[str, Any]:
    """NaN/NaT → None so rows serialize cleanly."""
    return {k: (None if is_missing(v) else v) for k, v in row.items()}


def is_missing(value: Any) -> bool:
    """NaN, NaT, None or pandas NA (what a DataFrame cell holds for SQL NULL)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


FILTER_FIELDS = tuple(f.name for f in fields(EventFilter))
