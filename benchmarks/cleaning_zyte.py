"""Token-level precision/recall/F1 of article bodies on the Zyte article-extraction benchmark.

Scores trafilatura's extraction alone and then trafilatura + the Tidings cleaner (title, body
and captions kept, as the coder sees them) against the ground-truth ``articleBody``, the way
the upstream benchmark does (bag of whitespace tokens). The cleaner should raise precision
without costing recall.

    python benchmarks/cleaning_zyte.py /work/shared/corpora/article-extraction-benchmark
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter
from pathlib import Path

import trafilatura

from tidings.clean import clean_document
from tidings.errors import InputError
from tidings.records import RawDocument


def prf(predicted: str, truth: str) -> tuple[float, float]:
    pred, gold = Counter(predicted.split()), Counter(truth.split())
    common = sum((pred & gold).values())
    return common / max(sum(pred.values()), 1), common / max(sum(gold.values()), 1)


def cleaned(text: str, origin: str) -> str:
    try:
        article = clean_document(RawDocument(origin=origin, format="html", content=text))
    except InputError:
        return ""
    return "\n".join([article.text, *article.captions])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", type=Path, nargs="?", default=Path("/work/shared/corpora/article-extraction-benchmark"))
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    truth = json.loads((args.corpus / "ground-truth.json").read_text("utf-8"))
    scores: dict[str, list[tuple[float, float]]] = {"trafilatura": [], "trafilatura+clean": []}
    seconds = 0.0
    for key, item in list(truth.items())[: args.limit or None]:
        html = gzip.decompress((args.corpus / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        text = trafilatura.extract(html) or ""
        start = time.perf_counter()
        clean = cleaned(text, key)
        seconds += time.perf_counter() - start
        scores["trafilatura"].append(prf(text, item["articleBody"]))
        scores["trafilatura+clean"].append(prf(clean, item["articleBody"]))
    for label, pairs in scores.items():
        p = sum(x for x, _ in pairs) / len(pairs)
        r = sum(y for _, y in pairs) / len(pairs)
        print(f"{label:20} P {p:.3f}  R {r:.3f}  F1 {2 * p * r / max(p + r, 1e-9):.3f}  ({len(pairs)} pages)")
    print(f"cleaning time: {seconds:.2f}s")


if __name__ == "__main__":
    main()
