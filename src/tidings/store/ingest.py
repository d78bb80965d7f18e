"""``ingest``: read, clean, code and store files, skipping what is already stored.

Reading and coding are injected callables so tests and other front ends (Dask) can supply
their own; the defaults are ``tidings.reading.read_articles`` and
``tidings.coding.pipeline.code_articles``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings import __version__
from tidings.errors import StoreError
from tidings.records import Article, CodedArticle, Reject
from tidings.store.writer import Batch, RunInfo, StoreWriter

ReadFn = Callable[[list[Path]], Iterable[Article | Reject]]
CodeFn = Callable[[Iterable[Article]], Iterable[CodedArticle | Reject]]


@dataclass
class IngestSummary:
    run_id: str
    files: int = 0
    skipped_files: int = 0
    articles: int = 0
    duplicates: int = 0
    events: int = 0
    rejects: int = 0
    status: str = "running"
    added: dict[str, int] = field(default_factory=dict)


def expand_paths(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Files named directly, plus every regular file under named directories (sorted)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and not p.name.startswith(".")))
        elif path.exists():
            files.append(path)
        else:
            raise StoreError(f"no such file or directory: {path}")
    return [f.resolve() for f in files]


def default_reader(**options: Any) -> ReadFn:
    """``tidings.reading.read_articles`` with ``options`` (an error if it is not installed)."""
    try:
        module = importlib.import_module("tidings.reading")
    except ImportError as exc:
        raise StoreError("tidings.reading is not available; pass read=") from exc
    return lambda files: module.read_articles(files, **options)


def default_coder(**options: Any) -> CodeFn:
    """``tidings.coding.pipeline.code_articles`` with ``options`` (model=, kb_paths=...)."""
    try:
        module = importlib.import_module("tidings.coding.pipeline")
    except ImportError as exc:
        raise StoreError("tidings.coding is not available; pass code=") from exc
    return lambda articles: module.code_articles(articles, **options)


def _chunks(files: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(files), size):
        yield files[start:start + size]


def _code_chunk(files: list[Path], read: ReadFn, code: CodeFn) -> Batch:
    batch = Batch(files=files)
    articles: list[Article] = []
    for item in read(files):
        if isinstance(item, Reject):
            batch.rejects.append(item)
        else:
            articles.append(item)
    dupes = [a for a in articles if a.duplicate_of]
    fresh = [a for a in articles if not a.duplicate_of]
    batch.coded.extend(CodedArticle(article=a) for a in dupes)  # stored, never coded
    for coded in code(fresh):
        if isinstance(coded, Reject):
            batch.rejects.append(coded)
        else:
            batch.coded.append(coded)
    return batch


def ingest(paths: Sequence[str | os.PathLike[str]], db: str | os.PathLike[str], *,
           read: ReadFn, code: CodeFn, info: RunInfo | None = None,
           files_per_batch: int = 50,
           on_batch: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Store ``paths`` in ``db``; files already stored unchanged are skipped before reading."""
    files = expand_paths(paths)
    writer = StoreWriter(db)
    info = info or RunInfo(tidings_version=__version__)
    writer.start(info)
    summary = IngestSummary(run_id=writer.run_id, files=len(files))
    done = writer.stored_files(files)
    summary.skipped_files = len(done)
    coder: str | None = None
    try:
        for chunk in _chunks([f for f in files if f not in done], files_per_batch):
            batch = _code_chunk(chunk, read, code)
            coder = coder or next((e.coder for c in batch.coded for e in c.events), None)
            _count(summary, batch, writer.write(batch))
            if on_batch:
                on_batch(summary)
    except BaseException:
        summary.status = "interrupted"
        writer.finish(summary.status, coder)
        raise
    summary.status = "complete"
    writer.finish(summary.status, coder)
    return summary


def _count(summary: IngestSummary, batch: Batch, added: dict[str, int]) -> None:
    summary.articles += added["articles"]
    summary.events += added["events"]
    summary.rejects += added["rejects"]
    summary.duplicates += sum(1 for c in batch.coded if c.article.duplicate_of)
    for table, n in added.items():
        summary.added[table] = summary.added.get(table, 0) + n
