"""Body extraction quality: Tidings' HTML read path (read_raw + clean) beside plain trafilatura.

1. article-extraction-benchmark (Zyte/scrapinghub): per-page precision/recall/F1 of token
   4-gram shingles (whitespace tokens, multiset counts), averaged over pages, as the upstream
   evaluation scores bodies (it reports shingle-based F1 with bootstrap; we report the mean).
2. trafilatura-eval-en-news: share of must-include ("with") snippets found and of
   must-exclude ("without") snippets correctly absent.

    python benchmarks/extraction.py /work/shared/corpora/article-extraction-benchmark \
        /work/shared/corpora/trafilatura-eval-en-news [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from tidings.clean import clean_document
from tidings.errors import InputError
from tidings.flows.read import read_raw
from tidings.records import RawDocument

Extractor = Callable[[Path], str]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = text.split()
    return Counter(tuple(tokens[i:i + n]) for i in range(max(len(tokens) - n + 1, 1)))


def prf(predicted: str, truth: str) -> tuple[float, float, float]:
    """Shingle precision/recall/F1; an empty prediction for a non-empty truth scores 0."""
    pred, gold = shingles(predicted), shingles(truth)
    tp = sum((pred & gold).values())
    p = tp / max(sum(pred.values()), 1)
    r = tp / max(sum(gold.values()), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def plain_trafilatura(path: Path) -> str:
    return trafilatura.extract(gzip.decompress(path.read_bytes()).decode("utf-8", "replace")) or ""


def tidings_path(path: Path) -> str:
    """What ``tidings read`` yields for the page: the reader's extraction, then the cleaner."""
    docs = [d for d in read_raw([path]) if isinstance(d, RawDocument)]
    if not docs:
        return ""
    try:
        return clean_document(docs[0]).text
    except InputError:
        return ""


EXTRACTORS: dict[str, Extractor] = {"trafilatura": plain_trafilatura, "tidings": tidings_path}


def score_zyte(root: Path, limit: int | None) -> dict[str, dict[str, float]]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit]
    results: dict[str, dict[str, float]] = {}
    for name, extract in EXTRACTORS.items():
        start, sums = time.perf_counter(), [0.0, 0.0, 0.0]
        for key in keys:
            scores = prf(extract(root / "html" / f"{key}.html.gz"), truth[key]["articleBody"])
            sums = [s + v for s, v in zip(sums, scores, strict=True)]
        results[name] = {"pages": len(keys), "precision": sums[0] / len(keys),
                         "recall": sums[1] / len(keys), "f1": sums[2] / len(keys),
                         "seconds": time.perf_counter() - start}
    return results


def score_snippets(root: Path, limit: int | None) -> dict[str, dict[str, float]]:
    annotations = json.loads((root / "annotations.json").read_text(encoding="utf-8"))
    items = sorted(annotations.values(), key=lambda a: a["file"])[:limit]
    results: dict[str, dict[str, float]] = {}
    for name, extract in EXTRACTORS.items():
        found = absent = n_with = n_without = 0
        for item in items:
            text = extract(root / "html" / item["file"])
            found += sum(s in text for s in item["with"])
            absent += sum(s not in text for s in item["without"])
            n_with, n_without = n_with + len(item["with"]), n_without + len(item["without"])
        results[name] = {"pages": len(items), "with_found": found / max(n_with, 1),
                         "without_absent": absent / max(n_without, 1)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("zyte", type=Path)
    parser.add_argument("trafilatura_eval", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    report = {"zyte": score_zyte(args.zyte, args.limit),
              "trafilatura_eval": score_snippets(args.trafilatura_eval, args.limit)}
    for bench, rows in report.items():
        for name, row in rows.items():
            print(bench, name, " ".join(f"{k}={v:.3f}" for k, v in row.items()))
    out = Path(__file__).parent / "results" / "extraction.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
