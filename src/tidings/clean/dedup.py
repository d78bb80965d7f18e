"""Exact and near-duplicate detection across a run; the first copy seen wins.

Exact duplicates share a content hash (``Article.doc_id`` hashes the cleaned text).
Near duplicates (one wire story lightly edited by two outlets) are found with MinHash over
word shingles and an LSH index. The signature and the index are separate so a scaled-out run
can compute signatures on its workers and deduplicate in a second, single-process stage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

from datasketch import MinHash, MinHashLSH
from unidecode import unidecode

from tidings.records import Article

NUM_PERM = 128
SHINGLE_WORDS = 3  # short news stories: 3-grams survive light edits better than 5-grams
DEFAULT_THRESHOLD = 0.7
_SEED = 1  # fixed so signatures are comparable across processes and runs
_SCHEME = "affine32"  # datasketch >= 2.0 permutation scheme; pinned for the same reason
_WORD = re.compile(r"\w+")
DuplicateKind = Literal["exact", "near"]


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Overlapping word n-grams of the normalised text (case, accents and punctuation ignored)."""
    words = _WORD.findall(unidecode(text).lower())
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def minhash_signature(text: str, num_perm: int = NUM_PERM) -> list[int]:
    """The MinHash signature of ``text`` as plain ints (picklable, storable)."""
    mh = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME)
    mh.update_batch(sorted(shingles(text)))
    return [int(v) for v in mh.hashvalues]


def _minhash(signature: Sequence[int]) -> MinHash:
    import numpy as np

    values = np.array(signature, dtype=np.uint64)
    return MinHash(num_perm=len(signature), seed=_SEED, hashvalues=values, scheme=_SCHEME)


class NearDuplicateIndex:
    """LSH index of first copies. ``add`` answers which earlier document a new one duplicates."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.order: dict[str, int] = {}
        self.hashes: dict[str, MinHash] = {}

    def add(self, doc_id: str, signature: Sequence[int]) -> str | None:
        """Doc id of the earliest indexed near-duplicate of this document, or ``None``
        (in which case the document is indexed as a first copy)."""
        mh = _minhash(signature)
        candidates = [c for c in self.lsh.query(mh) if mh.jaccard(self.hashes[c]) >= self.threshold]
        if candidates:
            return min(candidates, key=self.order.__getitem__)
        if doc_id not in self.order:
            self.order[doc_id] = len(self.order)
            self.hashes[doc_id] = mh
            self.lsh.insert(doc_id, mh)
        return None


class Deduplicator:
    """Marks ``duplicate_of``/``duplicate_kind`` on articles, in stream order.

    ``check`` works from a precomputed signature, so a scaled-out run can compute signatures
    on its workers and call it in one process over the merged output, in input order.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.seen: set[str] = set()
        self.index = NearDuplicateIndex(threshold=threshold)

    def check(self, doc_id: str, signature: Sequence[int]) -> tuple[str, DuplicateKind] | None:
        """``(first_doc_id, "exact" | "near")`` if an earlier document is a copy, else ``None``."""
        if doc_id in self.seen:
            return doc_id, "exact"
        self.seen.add(doc_id)
        first = self.index.add(doc_id, signature)
        return (first, "near") if first is not None else None

    def mark(self, article: Article) -> Article:
        found = self.check(article.doc_id, minhash_signature(article.text))
        if found is not None:
            article.duplicate_of, article.duplicate_kind = found
        return article


def deduplicate_step(threshold: float = DEFAULT_THRESHOLD) -> Any:
    """A stream step marking duplicates among all articles it sees (one shard when sharded;
    a scaled-out run should deduplicate its merged output with :class:`NearDuplicateIndex`)."""

    def deduplicate(data: Iterable[Any]) -> Iterator[Any]:
        dedup = Deduplicator(threshold=threshold)  # fresh state per run, never module-level
        for record in data:
            yield dedup.mark(record) if isinstance(record, Article) else record

    return deduplicate
