"""Run the cleaning steps on a directory of scraped text files and print what they did.

For a person to check by eye: title, date, author, section, kept paragraphs, captions, dropped
lines counted by reason (``-v`` lists them), rejects and duplicates, and the time taken.

    python benchmarks/cleaning_seeds.py [/work/shared/seeds] [-v]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from tidings.clean import clean_steps
from tidings.pipeline.base import Pipeline
from tidings.records import Article, RawDocument, Reject


def read_dir(directory: Path) -> list[RawDocument]:
    return [
        RawDocument(origin=str(p), format="text", content=p.read_text("utf-8"), source_path=str(p))
        for p in sorted(directory.glob("*.txt"))
    ]


def report(article: Article, verbose: bool) -> None:
    print(f"== {article.origin}")
    print(f"   title:     {article.title}")
    print(f"   published: {article.published}   author: {article.author}   section: {article.section}")
    print(f"   language:  {article.language}   doc_id: {article.doc_id[:12]}")
    if article.duplicate_of:
        print(f"   duplicate: {article.duplicate_kind} of {article.duplicate_of[:12]}")
    print(f"   paragraphs kept: {len(article.text.split(chr(10) * 2))}   captions: {article.captions}")
    reasons = Counter(d.reason for d in article.dropped)
    print(f"   dropped: {dict(sorted(reasons.items()))}")
    if verbose:
        for d in article.dropped:
            print(f"     - {d.reason:14} {d.text[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", default="/work/shared/seeds", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    docs = read_dir(args.directory)
    start = time.perf_counter()
    records = list(Pipeline(clean_steps()).run(docs))
    elapsed = time.perf_counter() - start
    for record in records:
        if isinstance(record, Article):
            report(record, args.verbose)
        elif isinstance(record, Reject):
            print(f"== {record.origin}\n   REJECT {record.reason}: {record.detail}")
    print(f"\n{len(docs)} files in {elapsed:.3f}s ({1000 * elapsed / max(len(docs), 1):.1f} ms/file)")


if __name__ == "__main__":
    main()
