"""A small, bounded load test of the HTTP API on loopback: requests/s and p95 latency for the
event list and the dyad endpoint over a database of N synthetic events (default 100k).

Starts the app with uvicorn in this process (one worker), then sends requests from a few
client threads for a fixed number of requests per endpoint. Loopback only.

Example:
    python benchmarks/web_load.py --events 100000 --requests 300 --clients 4
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import uvicorn

from tidings.store.db import session
from tidings.web import create_app

# Synthetic events between 20 made-up countries XAA..XTA with real PLOVER types, spread over
# ten years, each with an evidence sentence (what the event list returns).
BUILD = """
INSERT INTO events (event_id, doc_id, type, source_country, target_country, date,
                    factuality, quad_class, intensity, cluster_id, sentence, trigger_text)
SELECT 'e' || i, 'd' || (i // 3),
       list_element(['AGREE','CONSULT','SUPPORT','CONCEDE','COOPERATE','AID','RETREAT',
                     'REQUEST','ACCUSE','REJECT','THREATEN','PROTEST','SANCTION','MOBILIZE',
                     'COERCE','ASSAULT'], 1 + CAST(hash(i + 1) % 16 AS INTEGER)),
       'X' || chr(65 + CAST(hash(i) % 20 AS INTEGER)) || 'A',
       'X' || chr(65 + CAST(hash(i + 7) % 20 AS INTEGER)) || 'A',
       DATE '2015-01-01' + CAST(hash(i + 3) % 3650 AS INTEGER),
       'asserted', 1 + CAST(hash(i + 5) % 4 AS INTEGER),
       (CAST(hash(i + 9) % 200 AS DOUBLE) / 10.0) - 10.0, 'e' || i,
       'Synthetic evidence sentence number ' || i || ' for the load test.', 'evidence'
FROM range(?) t(i)
"""
ENDPOINTS = {
    "event list (page 1, dyad filter)": "/api/events?dyad=XBA-XCA",
    "event list (country + type, page 3)": "/api/events?country=XEA&type=AID&page=3",
    "dyad series + trend": "/api/relations/XBA/XCA",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300, help="per endpoint")
    ap.add_argument("--clients", type=int, default=4)
    args = ap.parse_args()
    db = Path(tempfile.mkdtemp()) / "load.duckdb"
    with session(db) as conn:
        conn.execute(BUILD, [args.events])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    results = {"events_in_db": args.events, "clients": args.clients}
    with httpx.Client(base_url=base, timeout=30) as client:
        for name, path in ENDPOINTS.items():
            assert client.get(path).status_code == 200, path
            latencies: list[float] = []

            def hit(_: int, path: str = path, lat: list[float] = latencies) -> None:
                t = time.perf_counter()
                r = client.get(path)
                lat.append(time.perf_counter() - t)
                r.raise_for_status()

            start = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                list(pool.map(hit, range(args.requests)))
            elapsed = time.perf_counter() - start
            latencies.sort()
            results[name] = {"requests": args.requests,
                             "requests_per_s": round(args.requests / elapsed, 1),
                             "p50_ms": round(statistics.median(latencies) * 1000, 1),
                             "p95_ms": round(latencies[int(0.95 * len(latencies)) - 1] * 1000, 1)}
    server.should_exit = True
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
