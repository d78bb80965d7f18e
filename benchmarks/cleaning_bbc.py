"""False drops on clean text: the BBC News corpus has no page chrome (title line, then body).

Every line the cleaner drops from it, other than the title, is a candidate false positive;
this prints their count by reason, a sample, the title agreement and the time taken.

    python benchmarks/cleaning_bbc.py /work/shared/corpora/bbc-news-2225/bbc-fulltext.tar.gz
"""

from __future__ import annotations

import argparse
import tarfile
import time
from collections import Counter
from collections.abc import Iterator

from tidings.clean import clean_document
from tidings.records import RawDocument


def documents(path: str, limit: int) -> Iterator[RawDocument]:
    with tarfile.open(path) as tar:
        count = 0
        for member in tar:
            if not (member.isfile() and member.name.endswith(".txt")):
                continue
            data = tar.extractfile(member)
            if data is None:
                continue
            yield RawDocument(origin=member.name, format="text", content=data.read().decode("latin-1"))
            count += 1
            if limit and count >= limit:
                return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("archive", nargs="?", default="/work/shared/corpora/bbc-news-2225/bbc-fulltext.tar.gz")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    reasons: Counter[str] = Counter()
    samples: list[str] = []
    docs = lines = titles_ok = 0
    seconds = 0.0
    for doc in documents(args.archive, args.limit):
        start = time.perf_counter()
        article = clean_document(doc)
        seconds += time.perf_counter() - start
        docs += 1
        lines += sum(1 for line in doc.content.splitlines() if line.strip())
        first = " ".join(doc.content.strip().splitlines()[0].split())
        titles_ok += article.title == first
        for dropped in article.dropped:
            if dropped.reason != "title":
                reasons[dropped.reason] += 1
                samples.append(f"{dropped.reason:12} {dropped.text[:80]}")
    print(f"{docs} articles, {lines} non-blank lines, title = first line in {titles_ok}/{docs}")
    print(f"non-title lines dropped: {sum(reasons.values())} ({sum(reasons.values()) / max(lines, 1):.2%}) {dict(reasons)}")
    print("sample:", *samples[:12], sep="\n  ")
    print(f"cleaning time: {seconds:.2f}s ({1000 * seconds / max(docs, 1):.2f} ms/article)")


if __name__ == "__main__":
    main()
