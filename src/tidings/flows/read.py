"""The reading flow: paths to RawDocuments (``read_raw``) or clean Articles
(``read_articles`` = ``read_raw`` + ``tidings.clean.clean_steps``).

Both accept a ``RunSummary`` to count what was read, kept and rejected, and ``rank``/
``world_size`` so a scaled-out run reads a disjoint share of the inputs (by source).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from tidings.clean import Deduplicator, clean_steps, minhash_signature
from tidings.pipeline.base import Pipeline, RunSummary
from tidings.readers import expand_paths, read_source
from tidings.readers.detect import DEFAULT_MAX_BYTES
from tidings.records import Article, RawDocument, Reject

ReadFn = Callable[[list[Path]], Iterable[Article | Reject]]


def read_raw(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
    rank: int = 0, world_size: int = 1,
) -> Iterator[RawDocument | Reject]:
    """Documents and rejects from every input, in a deterministic order.

    With ``world_size > 1`` this worker reads only sources ``i`` with ``i % world_size == rank``.
    """
    for index, source in enumerate(expand_paths(paths)):
        if index % world_size == rank:
            yield from read_source(source, max_bytes=max_bytes)


def read_articles(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
    rank: int = 0, world_size: int = 1, summary: RunSummary | None = None,
    languages: tuple[str, ...] = ("en",), deduplicate: bool = True,
    known: Iterable[tuple[str, str]] = (),
) -> Iterator[Article | Reject]:
    """Clean Articles (and Rejects) from every input; counts go to ``summary`` if given.
    ``known`` (doc id, text) pairs are articles stored before (``ingest`` passes them): a
    copy of one of them is marked a duplicate like a copy within the run."""
    raw = read_raw(paths, max_bytes=max_bytes, rank=rank, world_size=world_size)
    steps = clean_steps(languages=languages, deduplicate=False)
    if deduplicate:
        steps.append(_deduplicate_after(known))
    stream = Pipeline(steps).run(raw, rank=rank, world_size=world_size)
    return summary.observe(stream) if summary is not None else stream


def _deduplicate_after(known: Iterable[tuple[str, str]]) -> Callable[..., Iterator[Any]]:
    """The near-duplicate step with ``known`` articles indexed first (as first copies), so a
    resumed or incremental run cannot store a near-copy of a stored article as new. They are
    read when the first record arrives, before any batch is written."""

    def deduplicate(data: Iterable[Any]) -> Iterator[Any]:
        dedup = Deduplicator()
        for doc_id, text in known:
            dedup.check(doc_id, minhash_signature(text))
        for record in data:
            yield dedup.mark(record) if isinstance(record, Article) else record

    return deduplicate


def default_read(**options: Any) -> ReadFn:
    """``read_articles`` with ``options``, as ``ingest``'s ``read=`` (which hands it the
    stored articles as ``known``)."""

    def read(files: list[Path], known: Iterable[tuple[str, str]] = ()
             ) -> Iterator[Article | Reject]:
        return read_articles(files, known=known, **options)

    return read
