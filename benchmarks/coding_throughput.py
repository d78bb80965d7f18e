"""Throughput of ``tidings code`` (parse + actors + events) beside spaCy's own parse speed.

Reads and cleans the corpus first (not timed), then times, on the same articles:
1. spaCy alone: ``nlp.pipe`` over the article texts (all components of the pipeline);
2. Tidings coding: ``tidings.flows.code`` (parse of body, title and captions, actor
   resolution, event coding, merging).
Prints articles/s and words/s for both and the events found. One process; on a shared
2-core machine the numbers move by ±10% between runs.

Example:
    python benchmarks/coding_throughput.py ../shared/corpora/reuters-21578 --limit 2000
"""

from __future__ import annotations

import argparse
import json
import time

from tidings.annotate.models import DEFAULT_MODEL, load_model
from tidings.flows.code import make_step
from tidings.flows.read import read_articles
from tidings.records import Article, CodedArticle


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--limit", type=int, default=2000, help="articles to time (0 = all)")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    args = ap.parse_args()
    articles: list[Article] = []
    for item in read_articles(args.paths):
        if isinstance(item, Article) and not item.duplicate_of:
            articles.append(item)
            if args.limit and len(articles) >= args.limit:
                break
    words = sum(len(a.text.split()) + len((a.title or "").split()) for a in articles)
    nlp = load_model(args.model)
    start = time.perf_counter()
    for _ in nlp.pipe((a.text for a in articles), batch_size=64):
        pass
    spacy_s = time.perf_counter() - start
    step = make_step(model=args.model, nlp=nlp)
    start = time.perf_counter()
    events = coded = rejects = 0
    for item in step.run(articles):
        if isinstance(item, CodedArticle):
            coded += 1
            events += len(item.events)
        else:
            rejects += 1
    code_s = time.perf_counter() - start
    result = {
        "articles": len(articles), "words": words, "model": args.model,
        "spacy_articles_per_s": round(len(articles) / spacy_s, 1),
        "spacy_words_per_s": round(words / spacy_s),
        "tidings_articles_per_s": round(len(articles) / code_s, 1),
        "tidings_words_per_s": round(words / code_s),
        "tidings_vs_spacy": round(spacy_s / code_s, 2),
        "events": events, "events_per_article": round(events / max(coded, 1), 2),
        "rejects": rejects,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
