"""Store-side write throughput: synthetic coded articles written in batches (no spaCy).

Usage: python benchmarks/store_write.py [--articles 5000] [--events-per-article 3]
       [--batch 100]
Prints articles/s and events/s of StoreWriter (rows, reclustering, commit per batch) and the
database size, so the store's share of `ingest` time can be told apart from coding's.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from tidings.records import ActorRef, Article, CodedArticle, Event, Evidence, Sentence
from tidings.store.writer import Batch, RunInfo, StoreWriter

COUNTRIES = ["CUB", "RUS", "USA", "VEN", "CHN", "MEX", "BRA", "COL"]
TYPES = ["AGREE", "CONSULT", "AID", "ACCUSE", "SANCTION", "THREATEN"]


def article(i: int, per: int) -> CodedArticle:
    text = " ".join(f"Sentence {k} of synthetic article {i} about talks." for k in range(per))
    doc = Article(doc_id=Article.make_id(text), text=text, published=f"2024-{1 + i % 12:02d}-"
                  f"{1 + i % 28:02d}", source_name=f"outlet{i % 17}")
    sentences, events = [], []
    for k in range(per):
        start = k * 48
        sent = text[start:start + 47]
        src, tgt = COUNTRIES[(i + k) % 8], COUNTRIES[(i + 3 * k + 1) % 8]
        sentences.append(Sentence(doc.doc_id, k, start, start + 47, sent))
        evidence = Evidence(sentence=sent, start=start, end=start + 47, trigger="talks",
                            rule="bench")
        events.append(Event(
            event_id=Event.make_id(doc.doc_id, start, "talks", src, tgt), doc_id=doc.doc_id,
            type=TYPES[(i + k) % 6], source=ActorRef(src, country=src),
            target=ActorRef(tgt, country=tgt), evidence=evidence, date=doc.published,
            quad_class=1 + (i + k) % 4, intensity=float((i + k) % 10) - 5))
    return CodedArticle(article=doc, sentences=sentences, events=events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--events-per-article", type=int, default=3)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp()) / "write.duckdb"
    coded = [article(i, args.events_per_article) for i in range(args.articles)]
    writer = StoreWriter(db)
    writer.start(RunInfo())
    start = time.perf_counter()
    for first in range(0, len(coded), args.batch):
        writer.write(Batch(coded=coded[first:first + args.batch]))
    seconds = time.perf_counter() - start
    events = args.articles * args.events_per_article
    print(f"{args.articles} articles, {events} events in {seconds:.1f}s: "
          f"{args.articles / seconds:.0f} articles/s, {events / seconds:.0f} events/s, "
          f"db {db.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
