"""Throughput of the full read + clean path (``tidings.flows.read.read_articles``).

    python benchmarks/read_throughput.py /work/shared/corpora/reuters-21578 [--limit N]

Prints articles/s, MB/s of input and the run summary. Timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from tidings.flows.read import read_articles
from tidings.pipeline.base import RunSummary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--limit", type=int, default=None, help="stop after N records")
    args = parser.parse_args()
    files = [p for a in args.paths for p in ([Path(a)] if Path(a).is_file()
                                             else sorted(Path(a).rglob("*"))) if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    summary, start, count = RunSummary(), time.perf_counter(), 0
    for _ in read_articles(args.paths, summary=summary):
        count += 1
        if args.limit and count >= args.limit:
            break
    elapsed = time.perf_counter() - start
    print(f"records={count} seconds={elapsed:.1f} articles/s={summary.read / elapsed:.1f} "
          f"input MB/s={size / 1e6 / elapsed:.2f} (all input bytes; meaningful without --limit)")
    print(json.dumps(summary.as_dict()))


if __name__ == "__main__":
    main()
