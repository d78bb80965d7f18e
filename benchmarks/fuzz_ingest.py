"""The fuzz suite at a larger scale: hostile inputs (``tests/fuzz/hostile.py``, sizes × SCALE)
mixed with GOOD good articles through the real ``ingest``; reports files/s, seconds, peak
memory (this process and the forked HTML parsers), and whether every good article was stored.

    python benchmarks/fuzz_ingest.py --scale 3 --good 300
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "fuzz"))

from hostile import HOSTILE, make_corpus  # noqa: E402

from tidings.flows.code import make_code_runner  # noqa: E402
from tidings.flows.read import default_read  # noqa: E402
from tidings.store.ingest import ingest  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=3, help="size multiplier of hostile inputs")
    parser.add_argument("--good", type=int, default=300, help="good articles")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        good = make_corpus(folder, scale=args.scale, good=args.good)
        files = sum(1 for p in folder.rglob("*"))
        db = Path(tmp) / "fuzz.duckdb"
        started = time.monotonic()
        with make_code_runner(workers=args.workers) as runner:
            summary = ingest([folder], db, read=default_read(), code=runner)
        elapsed = time.monotonic() - started
        conn = duckdb.connect(str(db), read_only=True)
        texts = {r[0] for r in conn.execute("SELECT text FROM articles").fetchall()}
        rejects = conn.execute("SELECT reason, count(*) FROM rejects GROUP BY 1 ORDER BY 1"
                               ).fetchall()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"hostile inputs: {len(HOSTILE)} kinds at scale {args.scale}; good articles: "
          f"{len(good)}; paths: {files}")
    print(f"status {summary.status}; {elapsed:.1f} s; {files / elapsed:.1f} files/s; "
          f"good stored {sum(t in texts for t in good)}/{len(good)}; events {summary.events}")
    print(f"peak RSS: this process {own:.0f} MB, largest child {children:.0f} MB")
    print("rejects by reason: " + ", ".join(f"{r} {n}" for r, n in rejects))


if __name__ == "__main__":
    main()
