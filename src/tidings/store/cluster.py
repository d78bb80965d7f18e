"""Cross-article event clustering.

GDELT only merges exact duplicates, so one summit reported by ten outlets counts ten times.
Here events with the same directed dyad (source and target country), the same PLOVER type and
the same factuality, whose dates lie within ``WINDOW_DAYS`` of the previous one, form one
cluster (gaps-and-islands over dates). Events without a date or a country stay alone. Events
from articles the cleaner marked as duplicates are never stored, so copies cannot inflate
``num_articles``; ``num_sources`` counts distinct outlets (source_name, else the doc).
"""

from __future__ import annotations

import duckdb

WINDOW_DAYS = 3

# Only partitions holding unassigned (new) events are recomputed: a batch touches a few dyads,
# not the whole table.
_ASSIGN = """
WITH touched AS (
    SELECT DISTINCT source_country, target_country, type, factuality
    FROM events WHERE cluster_id IS NULL
), part AS (
    SELECT e.* FROM events e SEMI JOIN touched t
    ON e.source_country IS NOT DISTINCT FROM t.source_country
   AND e.target_country IS NOT DISTINCT FROM t.target_country
   AND e.type = t.type AND e.factuality IS NOT DISTINCT FROM t.factuality
), ordered AS (
    SELECT event_id, source_country, target_country, type, factuality, date,
           CASE WHEN date IS NULL OR source_country IS NULL OR target_country IS NULL
                THEN 1
                WHEN lag(date) OVER w IS NULL OR date - lag(date) OVER w > ? THEN 1
                ELSE 0 END AS starts
    FROM part
    WINDOW w AS (PARTITION BY source_country, target_country, type, factuality
                 ORDER BY date, event_id)
), islands AS (
    SELECT *, sum(starts) OVER (
        PARTITION BY source_country, target_country, type, factuality
        ORDER BY date, event_id ROWS UNBOUNDED PRECEDING) AS island
    FROM ordered
), named AS (
    SELECT event_id, first(event_id ORDER BY date, event_id) OVER (
        PARTITION BY source_country, target_country, type, factuality, island,
                     CASE WHEN date IS NULL OR source_country IS NULL
                          OR target_country IS NULL THEN event_id END) AS cluster_id
    FROM islands
)
UPDATE events SET cluster_id = named.cluster_id FROM named
WHERE events.event_id = named.event_id
  AND events.cluster_id IS DISTINCT FROM named.cluster_id
"""

CLUSTERS_SQL = """
SELECT e.cluster_id, any_value(e.type) AS type,
       any_value(e.source_country) AS source_country,
       any_value(e.target_country) AS target_country, any_value(e.factuality) AS factuality,
       min(e.date) AS first_date, max(e.date) AS last_date, min(e.date) AS date,
       arg_max(e.sentence, e.confidence) AS sentence,
       count(*) AS num_events, count(DISTINCT e.doc_id) AS num_articles,
       count(DISTINCT coalesce(a.source_name, e.doc_id)) AS num_sources,
       avg(e.intensity) AS mean_intensity, any_value(e.quad_class) AS quad_class,
       list(e.event_id ORDER BY e.date, e.event_id) AS event_ids
FROM events e LEFT JOIN articles a USING (doc_id)
GROUP BY e.cluster_id
"""


def assign_clusters(conn: duckdb.DuckDBPyConnection) -> None:
    """Recompute ``events.cluster_id`` (deterministic: the cluster's earliest event id)."""
    conn.execute(_ASSIGN, [WINDOW_DAYS])
