"""Coding throughput with 1 and 2 local workers and on a Dask LocalCluster, and the speed-up.

Reads and cleans the articles first (not timed), then codes the same articles with each
engine, timing from the first submission to the last result (worker start-up and model
loading included, as a user would see them: every engine starts with nothing loaded). Also
checks that every engine produced the same events as the single-process run, and reports
the machine's load average (it is shared: compare engines within one run only).

Example:
    python benchmarks/scaleout.py ../shared/corpora/reuters-21578 --limit 800
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any

from tidings.annotate.models import load_model
from tidings.flows.code import CodeRunner
from tidings.flows.parallel import _worker_step
from tidings.flows.read import read_articles
from tidings.records import Article, CodedArticle, Reject


def run(coder: CodeRunner, articles: list[Article | Reject]) -> tuple[float, float, list[str]]:
    """Seconds in all, seconds to the first result (start-up: workers, model, KB), event ids."""
    start = time.perf_counter()
    first = 0.0
    ids: list[str] = []
    for r in coder(articles):
        first = first or time.perf_counter() - start
        if isinstance(r, CodedArticle):
            ids.extend(e.event_id for e in r.events)
    return time.perf_counter() - start, first, ids


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--limit", type=int, default=800)
    ap.add_argument("--chunk-size", type=int, default=16)
    args = ap.parse_args()
    articles: list[Article | Reject] = []
    for item in read_articles(args.paths):
        if isinstance(item, Article) and not item.duplicate_of:
            articles.append(item)
            if len(articles) >= args.limit:
                break
    results: dict[str, Any] = {"articles": len(articles)}
    baseline: list[str] | None = None
    for name, kwargs in (("1 worker", {"workers": 1}), ("2 workers", {"workers": 2}),
                         ("dask 2 workers", {"workers": 2, "engine": "dask"})):
        # Every engine starts cold: forked pool workers would otherwise inherit the step the
        # single-process run built (model, KB, lexicon) and pay no start-up, Dask's never do.
        _worker_step.cache_clear()
        load_model.cache_clear()
        with CodeRunner(chunk_size=args.chunk_size, **kwargs) as coder:
            seconds, first, ids = run(coder, articles)
        baseline = baseline if baseline is not None else ids
        results[name] = {"seconds": round(seconds, 1), "first_result_s": round(first, 1),
                         "articles_per_s": round(len(articles) / seconds, 1),
                         "same_events_as_1_worker": ids == baseline}
    one = results["1 worker"]["articles_per_s"]
    for name in ("2 workers", "dask 2 workers"):
        results[name]["speedup"] = round(results[name]["articles_per_s"] / one, 2)
    results["load_average_1_5_15_min"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
