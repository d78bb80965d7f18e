"""Dyad-month aggregation speed over N synthetic events (default 1M).

Usage: python benchmarks/store_aggregate.py [--events 1000000] [--db /tmp/agg.duckdb]
Prints: build time, the dyad-month aggregation time (median of 5), and one dyad series time.
Synthetic rows are generated inside DuckDB (random dyads among 40 countries over 10 years).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tidings.store.db import session
from tidings.store.queries import EventStore

BUILD = """
INSERT INTO events (event_id, doc_id, type, source_country, target_country, date,
                    factuality, quad_class, intensity, cluster_id)
SELECT 'e' || i, 'd' || (i // 3), 'T' || (i % 16),
       'C' || lpad(CAST(hash(i) % 40 AS VARCHAR), 2, '0'),
       'C' || lpad(CAST(hash(i + 7) % 40 AS VARCHAR), 2, '0'),
       DATE '2015-01-01' + CAST(hash(i + 3) % 3650 AS INTEGER),
       'asserted', 1 + CAST(hash(i + 5) % 4 AS INTEGER),
       (CAST(hash(i + 9) % 200 AS DOUBLE) / 10.0) - 10.0, 'e' || i
FROM range(?) t(i)
"""

AGGREGATE = """
SELECT source_country, target_country, date_trunc('month', date) AS month, count(*) AS n,
       count(*) FILTER (WHERE quad_class <= 2) AS coop, avg(intensity) AS mean_intensity
FROM events GROUP BY ALL
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "agg.duckdb"
    start = time.perf_counter()
    with session(db) as conn:
        conn.execute(BUILD, [args.events])
    print(f"built {args.events} events in {time.perf_counter() - start:.1f}s at {db}")
    store = EventStore(db)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        groups = len(store.query(AGGREGATE))
        times.append(time.perf_counter() - start)
    print(f"dyad-month aggregation: {groups} groups, median {statistics.median(times):.3f}s "
          f"(min {min(times):.3f}s) incl. open/close and pandas conversion")
    start = time.perf_counter()
    series = store.dyad_series("C01", "C02")
    print(f"dyad_series C01-C02 (clustered, monthly): {len(series)} periods in "
          f"{time.perf_counter() - start:.3f}s")


if __name__ == "__main__":
    main()
