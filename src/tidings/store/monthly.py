"""Monthly counts per dyad, kept in the store so a dyad page need not scan every event.

A dyad's series groups the real-world events (clusters) of one pair by period. At 1M events
the scan behind it costs about 100 ms however few events the pair has, because the pair's
rows lie all over the table and every column read must be decompressed everywhere. So the
store keeps ``dyad_months``: per directed dyad, month of a cluster's first date and quad
class, the cluster count, the index's weights, the intensity sum and the month's three top
clusters. The writer recomputes the rows of the dyads a batch touches after clustering it
(clustering may regroup a dyad's older events), so re-running an ingest never counts
anything twice. Quarters and years add months up; ``relation_series`` answers as
``relations.dyad_series`` does, for the filters the table can answer (none, or a quad class).
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa

from tidings.store.relations import CLUSTERED, PERIODS, TOP_EVENTS, Queryable

DDL = """CREATE TABLE dyad_months (
    source_country VARCHAR NOT NULL, target_country VARCHAR NOT NULL, month DATE NOT NULL,
    quad_class INTEGER NOT NULL, events BIGINT NOT NULL, weight DOUBLE NOT NULL,
    sum_intensity DOUBLE, intensities BIGINT NOT NULL,
    top_events STRUCT(event_id VARCHAR, type VARCHAR, date DATE, intensity DOUBLE,
                      num_articles BIGINT, sentence VARCHAR)[])"""
_MONTHS = """
SELECT source_country, target_country, CAST(date_trunc('month', date) AS DATE) AS month,
       quad_class, count(*) AS events, sum(coalesce(abs(intensity), 1.0)) AS weight,
       sum(intensity) AS sum_intensity, count(intensity) AS intensities, {top} AS top_events
FROM ({clustered}) c
WHERE source_country IS NOT NULL AND target_country IS NOT NULL
GROUP BY ALL ORDER BY source_country, target_country, month, quad_class
"""
# Every dyad, from the events already stored (the migration that adds the table).
FILL = "INSERT INTO dyad_months " + _MONTHS.format(top=TOP_EVENTS,
                                                   clustered=CLUSTERED.format(where="TRUE"))
_TOUCHED = ("EXISTS (SELECT 1 FROM touched_dyads t WHERE t.source_country = "
            "events.source_country AND t.target_country = events.target_country)")

_QUADS = ", ".join(
    f"CAST(coalesce(sum(events) FILTER (WHERE quad_class = {q}), 0) AS BIGINT) AS {name}"
    for q, name in enumerate(("verbal_coop", "material_coop", "verbal_conflict",
                              "material_conflict"), start=1))
_SERIES = """
WITH m AS ({months}), tops AS (
    SELECT period, {top} AS top_events
    FROM (SELECT period, unnest(top_events, recursive := true) FROM m) GROUP BY period
)
SELECT period, CAST(sum(events) AS BIGINT) AS events, {quads},
       sum(sum_intensity) / nullif(sum(intensities), 0) AS mean_intensity,
       sum(sum_intensity) AS sum_intensity,
       (coalesce(sum(weight) FILTER (WHERE quad_class <= 2), 0) - coalesce(sum(weight)
            FILTER (WHERE quad_class >= 3), 0)) / sum(weight) AS index,
       any_value(tops.top_events) AS top_events
FROM m JOIN tops USING (period) GROUP BY period ORDER BY period
"""


def new_dyads(conn: duckdb.DuckDBPyConnection) -> pa.Table:
    """The dyads of events not clustered yet (a batch's new events): call it before
    ``assign_clusters``, which only regroups events of these dyads."""
    return conn.sql(
        "SELECT DISTINCT source_country, target_country FROM events WHERE cluster_id IS NULL"
        " AND source_country IS NOT NULL AND target_country IS NOT NULL").to_arrow_table()


def refresh(conn: duckdb.DuckDBPyConnection, dyads: pa.Table | None = None) -> None:
    """Recompute the ``dyad_months`` rows of ``dyads`` (a table of source_country,
    target_country; ``None``: every dyad) from the events, in the caller's transaction."""
    if dyads is None:
        conn.execute("DELETE FROM dyad_months")
        conn.execute(FILL)
        return
    if not dyads.num_rows:
        return
    conn.register("touched_dyads", dyads)
    try:
        conn.execute("DELETE FROM dyad_months d USING touched_dyads t"
                     " WHERE d.source_country = t.source_country"
                     " AND d.target_country = t.target_country")
        conn.execute("INSERT INTO dyad_months "
                     + _MONTHS.format(top=TOP_EVENTS, clustered=CLUSTERED.format(where=_TOUCHED)))
    finally:
        conn.unregister("touched_dyads")


def relation_series(store: Queryable, a: str, b: str, by: str, directed: bool,
                    quad_class: int | None) -> pd.DataFrame:
    """``relations.dyad_series(a, b, by, directed)`` (with at most a quad class) from
    ``dyad_months``: the same columns and values, read from a few hundred rows."""
    one = ("SELECT date_trunc(?, month) AS period, * FROM dyad_months"  # noqa: S608 (fixed SQL text; values are parameters)
           " WHERE source_country = ? AND target_country = ?"
           + (" AND quad_class = ?" if quad_class is not None else ""))
    # One scan per direction: an AND of equalities is pushed into the scan, which skips
    # the row groups the sorted table keeps other dyads in (an OR is not pushed down).
    directions = [(a, b)] if directed or a == b else [(a, b), (b, a)]
    values = [v for s, t in directions
              for v in (PERIODS[by], s, t, *([quad_class] if quad_class is not None else []))]
    frame = store.query(_SERIES.format(months=" UNION ALL ".join([one] * len(directions)),
                                       quads=_QUADS, top=TOP_EVENTS),
                        values)
    frame["index"] = frame["index"].fillna(0.0)
    return frame
