"""Throughput of ``tidings code`` (parse + actors + events) beside spaCy's own parse speed.

Reads and cleans the corpus first (not timed), then times, on the same articles:
1. spaCy alone: ``spacy.load`` and ``nlp.pipe`` over the article texts (all components of
   the stock pipeline);
2. Tidings coding: ``make_step`` (model, knowledge base, lexicon, filter: start-up) and
   ``tidings.flows.code`` (parse of body, title and captions, actor resolution, event
   coding, merging).
Prints articles/s and words/s for both, the events found, and ``time_vs_spacy``: Tidings'
wall time, start-up included, over spaCy's (the issue-19 bar is 0.5 for the rule coder).
One process; on a shared 2-core machine the numbers move with the load (reported).
``--coders rules,model,hybrid`` times each coder on the same articles and reports the peak
memory of the process.

Example:
    python benchmarks/coding_throughput.py ../shared/corpora/reuters-21578 --limit 2000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time

import spacy

from tidings.annotate.models import DEFAULT_MODEL, load_model
from tidings.flows.code import make_step
from tidings.flows.read import read_articles
from tidings.records import Article, CodedArticle


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--limit", type=int, default=2000, help="articles to time (0 = all)")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--coders", default="rules",
                    help="comma-separated coders to time one after the other: rules, model, hybrid")
    args = ap.parse_args()
    articles: list[Article] = []
    for item in read_articles(args.paths):
        if isinstance(item, Article) and not item.duplicate_of:
            articles.append(item)
            if args.limit and len(articles) >= args.limit:
                break
    words = sum(len(a.text.split()) + len((a.title or "").split()) for a in articles)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    nlp = spacy.load(args.model)
    for _ in nlp.pipe((a.text for a in articles), batch_size=64):
        pass
    spacy_s = time.perf_counter() - start
    del nlp
    result: dict[str, object] = {
        "articles": len(articles), "words": words, "model": args.model,
        "spacy_articles_per_s": round(len(articles) / spacy_s, 1),
        "spacy_words_per_s": round(words / spacy_s),
    }
    for n, coder in enumerate(args.coders.split(",")):
        load_model.cache_clear()  # each coder loads its own pipeline, inside its time
        start = time.perf_counter()
        step = make_step(model=args.model, coder_name=coder)
        timed = time_coder(step, articles, words, spacy_s, time.perf_counter() - start)
        # The first coder keeps the historical keys (tidings_*); every one has its own.
        result.update({f"tidings_{k}": v for k, v in timed.items()} if n == 0 else {})
        result[coder] = timed
    result["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    result["load_average_at_start_and_end"] = [round(load_before, 1),
                                              round(os.getloadavg()[0], 1)]
    print(json.dumps(result, indent=2))


def time_coder(step: object, articles: list[Article], words: int, spacy_s: float,
               startup_s: float) -> dict[str, object]:
    start = time.perf_counter()
    events = coded = rejects = 0
    for item in step.run(articles):  # type: ignore[attr-defined]
        if isinstance(item, CodedArticle):
            coded += 1
            events += len(item.events)
        else:
            rejects += 1
    code_s = time.perf_counter() - start
    return {"startup_s": round(startup_s, 1),
            "time_vs_spacy": round((startup_s + code_s) / spacy_s, 2),
            "articles_per_s": round(len(articles) / code_s, 1),
            "words_per_s": round(words / code_s), "vs_spacy": round(spacy_s / code_s, 2),
            "events": events, "events_per_article": round(events / max(coded, 1), 2),
            "rejects": rejects}


if __name__ == "__main__":
    main()
