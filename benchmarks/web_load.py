"""A small, bounded load test of the dashboard on loopback: requests/s and p95 latency for
every page (overview with map, event list, dyad page, comparison, JSON API) over a database
of N synthetic events (default 100k), and the time and memory of full streamed downloads.

Starts the app with uvicorn in this process (one worker), then sends requests from a few
client threads for a fixed number of requests per endpoint. Loopback only.

Example:
    python benchmarks/web_load.py --events 1000000 --requests 100 --clients 1
    python benchmarks/web_load.py --events 100000 --mixed 2000 --clients 4
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import socket
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import uvicorn

from tidings.store import monthly
from tidings.store.db import session
from tidings.web import create_app

# Synthetic events between 20 real countries with real PLOVER types, spread over ten years,
# each with an evidence sentence, actor words and a confidence (what the pages show). One in
# fifty has no date, one in a hundred no countries (as real coding leaves some).
COUNTRIES = ["USA", "CUB", "RUS", "CHN", "IND", "VNM", "VEN", "BRA", "FRA", "DEU", "GBR", "IRN",
             "ISR", "TUR", "UKR", "NGA", "ZAF", "EGY", "JPN", "MEX"]
BUILD = """
INSERT INTO events (event_id, doc_id, type, source_country, target_country, source_text,
                    target_text, date, factuality, quad_class, intensity, cluster_id,
                    sentence, trigger_text, confidence)
SELECT 'e' || i, 'd' || (i // 3),
       list_element(['AGREE','CONSULT','SUPPORT','CONCEDE','COOPERATE','AID','RETREAT',
                     'REQUEST','ACCUSE','REJECT','THREATEN','PROTEST','SANCTION','MOBILIZE',
                     'COERCE','ASSAULT'], 1 + CAST(hash(i + 1) % 16 AS INTEGER)),
       CASE WHEN i % 100 = 7 THEN NULL
            ELSE list_element(?, 1 + CAST(hash(i) % 20 AS INTEGER)) END,
       CASE WHEN i % 100 = 7 THEN NULL
            ELSE list_element(?, 1 + CAST(hash(i + 7) % 20 AS INTEGER)) END,
       'the government', 'the ministry',
       CASE WHEN i % 50 = 3 THEN NULL
            ELSE DATE '2015-01-01' + CAST(hash(i + 3) % 3650 AS INTEGER) END,
       'asserted', 1 + CAST(hash(i + 5) % 4 AS INTEGER),
       (CAST(hash(i + 9) % 200 AS DOUBLE) / 10.0) - 10.0, 'e' || i,
       'Synthetic evidence sentence number ' || i || ' for the load test.', 'evidence',
       CAST(hash(i + 11) % 100 AS DOUBLE) / 100.0
FROM range(?) t(i)
"""
# Every page of the dashboard (HTML as a browser gets it) and the JSON API, with filters.
ENDPOINTS = {
    "overview (map, network, totals)": "/",
    "overview, filtered (type, dates)": "/?type=AID&since=2018-01-01&until=2019-12-31",
    "event list (page 1, dyad filter)": "/events?dyad=USA-CUB",
    "event list (country + type, page 3)": "/events?country=RUS&type=AID&page=3",
    "event list (sorted by confidence, actor search)": "/events?sort=-confidence&actor=ministry",
    "dyad page (month, trend)": "/relations/USA/CUB",
    "dyad page (filtered by quad class)": "/relations/USA/CUB?by=quarter&quad=4",
    "comparison of three dyads": "/compare?pair=USA-CUB&pair=RUS-CUB&pair=CHN-IND",
    "JSON API: events": "/api/events?country=CHN&type=AID&page=3",
    "JSON API: relation": "/api/relations/USA/CUB",
}
CODE_TEXT = "The foreign minister of Peru met her Chilean counterpart in Lima on Monday."
# One full download each: time and the server's peak memory, so a large export is seen to
# stream (peak memory stays near the server's own, not the size of the result).
EXPORTS = {"all events as CSV": "/events?format=csv",
           "all events as Parquet": "/events?format=parquet",
           "one type as JSON Lines": "/events?format=jsonl&type=AID"}


def load(client: httpx.Client, path: str, requests: int, clients: int) -> dict[str, float]:
    """``requests`` GETs of ``path`` from ``clients`` threads: rate and latencies."""
    assert client.get(path).status_code == 200, path
    latencies: list[float] = []

    def hit(_: int) -> None:
        t = time.perf_counter()
        r = client.get(path)
        latencies.append(time.perf_counter() - t)
        r.raise_for_status()

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(hit, range(requests)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {"requests": requests, "requests_per_s": round(requests / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p95_ms": round(latencies[max(0, int(0.95 * len(latencies)) - 1)] * 1000, 1)}


def mixed_load(client: httpx.Client, requests: int, clients: int) -> dict[str, float]:
    """``requests`` requests from ``clients`` threads, cycling through every endpoint plus a
    short ``POST /api/code`` (one in twenty): rate, p50/p95/p99 and errors (non-2xx or no
    answer), as a few users browsing at once would load the server."""
    paths = list(ENDPOINTS.values())
    latencies: list[float] = []
    errors: list[str] = []

    def hit(i: int) -> None:
        t = time.perf_counter()
        try:
            if i % 20 == 19:
                r = client.post("/api/code", json={"text": CODE_TEXT})
            else:
                r = client.get(paths[i % len(paths)])
            if r.status_code >= 300:
                errors.append(f"{r.status_code} {r.request.url.path}")
        except httpx.HTTPError as exc:
            errors.append(type(exc).__name__)
        latencies.append(time.perf_counter() - t)

    client.post("/api/code", json={"text": CODE_TEXT})  # loads the coder before timing
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(hit, range(requests)))
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(q: float) -> float:
        return round(latencies[max(0, int(q * len(latencies)) - 1)] * 1000, 1)

    return {"requests": requests, "clients": clients,
            "requests_per_s": round(requests / elapsed, 1), "p50_ms": pct(0.5),
            "p95_ms": pct(0.95), "p99_ms": pct(0.99), "errors": len(errors),
            "first_errors": errors[:5]}  # type: ignore[dict-item]


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (the server runs in it)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def download(client: httpx.Client, path: str) -> dict[str, float]:
    """One streamed download: bytes, seconds, and how far the peak memory rose."""
    before = peak_rss_mb()
    start = time.perf_counter()
    size = 0
    with client.stream("GET", path) as r:
        r.raise_for_status()
        for chunk in r.iter_bytes():
            size += len(chunk)
    return {"mb": round(size / 1e6, 1), "seconds": round(time.perf_counter() - start, 1),
            "peak_rss_rise_mb": round(peak_rss_mb() - before, 1)}


def build(db: Path, events: int) -> None:
    """The synthetic store, with the monthly counts the writer would keep on ingest."""
    with session(db) as conn:
        conn.execute(BUILD, [COUNTRIES, COUNTRIES, events])
        monthly.refresh(conn)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300, help="per endpoint")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--no-exports", action="store_true", help="skip the full downloads")
    ap.add_argument("--mixed", type=int, default=0, metavar="N",
                    help="instead: N mixed requests (every endpoint and POST /api/code) from "
                    "--clients threads, with p50/p95/p99 and errors")
    args = ap.parse_args()
    db = Path(tempfile.mkdtemp()) / "load.duckdb"
    # Built in a child process, so the server's peak memory (this process) is its own:
    # counting the months of a million events takes far more than serving them.
    builder = multiprocessing.get_context("fork").Process(target=build, args=(db, args.events))
    builder.start()
    builder.join()
    if builder.exitcode:
        raise SystemExit(f"building the store failed (exit code {builder.exitcode})")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    results: dict[str, object] = {"events_in_db": args.events, "clients": args.clients,
                                  "peak_rss_mb_before_exports": 0.0}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
        if args.mixed:
            results["mixed"] = mixed_load(client, args.mixed, args.clients)
            server.should_exit = True
            print(json.dumps(results, indent=2))
            return
        for name, path in ENDPOINTS.items():
            results[name] = load(client, path, args.requests, args.clients)
        results["peak_rss_mb_before_exports"] = round(peak_rss_mb(), 1)
        for name, path in ({} if args.no_exports else EXPORTS).items():
            results[name] = download(client, path)
    server.should_exit = True
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
