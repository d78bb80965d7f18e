"""``ingest``: read, clean, code and store files, skipping what is already stored.

Reading and coding are injected callables (the store never imports the stages before it);
``tidings.flows.read.default_read`` and ``tidings.flows.code.default_code`` are the usual
ones.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.about import __version__
from tidings.errors import Errors, StoreError
from tidings.pipeline.base import SHOWN_REJECTS, plain_detail
from tidings.readers.paths import expand_paths, printable_path
from tidings.records import Article, CodedArticle, Reject
from tidings.store.writer import Batch, RunInfo, StoreWriter

ReadFn = Callable[[list[Path]], Iterable[Article | Reject]]
CodeFn = Callable[[Iterable[Article]], Iterable[CodedArticle | Reject]]
REJECTS_PER_ARTICLE = 20


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
    # The first SHOWN_REJECTS rejected inputs with ``reason: detail``, for the run summary.
    rejected_files: dict[str, str] = field(default_factory=dict)


def list_files(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Files named directly, plus every entry under named directories (sorted). Entries that
    are not regular files (FIFOs, dangling links, unlistable directories) are kept: reading
    them gives the reject that says why they hold nothing."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path):
            raise StoreError(Errors.E309.format(path=printable_path(str(path))))
        # A path that is not a regular file keeps its own name (resolving a link to /dev/zero
        # or to nowhere would hide what the user named).
        files.extend(_resolved(s.path) if s.problem is None else s.path.absolute()
                     for s in expand_paths([path]) if s.path is not None)
    return files


def _resolved(path: Path) -> Path:
    """The absolute path, links resolved where they can be (a link loop cannot)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _position(item: Article | Reject, index: dict[str, int]) -> int | None:
    """Which input file (by position) an item came from, if it says."""
    where = item.source_path if isinstance(item, Article) else None
    where = where or (item.origin or "").split("#", 1)[0]
    return index.get(str(_resolved(Path(where)))) if where else None


def _batches(files: list[Path], read: ReadFn, size: int) -> Iterator[tuple[list[Any], list[Path]]]:
    """One read stream over all files (so near-duplicates are found across the whole run),
    cut into batches of ``size`` articles (rejects are cheap: a batch holds up to
    ``REJECTS_PER_ARTICLE * size`` items, so 20,000 bad records do not make 20,000
    transactions). Each batch carries the files it completes: readers go through files in
    order, so once an item of file k arrives, files before k are done.
    """
    index = {printable_path(str(f)): i for i, f in enumerate(files)}
    items: list[Any] = []
    articles = done = current = 0
    for item in read(files):
        pos = _position(item, index)
        moved = pos is not None and pos > current
        if articles >= size or len(items) >= REJECTS_PER_ARTICLE * size:
            upto = pos if moved and pos is not None else current
            yield items, files[done:upto]
            items, done, articles = [], upto, 0
        if moved and pos is not None:
            current = pos
        items.append(item)
        articles += isinstance(item, Article)
    yield items, files[done:]


def _with_known(read: ReadFn, writer: StoreWriter) -> ReadFn:
    """``read`` given the stored articles (``known=``) when it takes them, so a resumed run
    finds near-duplicates of what the interrupted one stored."""
    if "known" not in inspect.signature(read).parameters:
        return read
    return lambda files: read(files, known=writer.stored_texts())  # type: ignore[call-arg]


def _code_batch(items: list[Any], files: list[Path], code: CodeFn) -> Batch:
    batch = Batch(files=files)
    articles = [i for i in items if isinstance(i, Article)]
    batch.rejects.extend(i for i in items if isinstance(i, Reject))
    fresh = [a for a in articles if not a.duplicate_of]
    # Duplicates are stored (with duplicate_of) but never coded, so copies never count.
    batch.coded.extend(CodedArticle(article=a) for a in articles if a.duplicate_of)
    for coded in code(fresh) if fresh else ():
        if isinstance(coded, Reject):
            batch.rejects.append(coded)
        else:
            batch.coded.append(coded)
    return batch


def ingest(paths: Sequence[str | os.PathLike[str]], db: str | os.PathLike[str], *,
           read: ReadFn, code: CodeFn, info: RunInfo | None = None,
           batch_size: int = 100,
           on_batch: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Store ``paths`` in ``db`` in transactions of ``batch_size`` articles/rejects; files
    already stored unchanged are skipped before reading."""
    files = list_files(paths)
    writer = StoreWriter(db)
    info = info or RunInfo(tidings_version=__version__)
    writer.start(info)
    summary = IngestSummary(run_id=writer.run_id, files=len(files))
    done = writer.stored_files(files)
    summary.skipped_files = len(done)
    coder: str | None = None
    try:
        pending = [f for f in files if f not in done]
        for items, completed in _batches(pending, _with_known(read, writer),
                                         batch_size) if pending else ():
            batch = _code_batch(items, completed, code)
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
    for reject in batch.rejects[:max(0, SHOWN_REJECTS - len(summary.rejected_files))]:
        summary.rejected_files[reject.origin] = f"{reject.reason}: {plain_detail(reject.detail)}"
    for table, n in added.items():
        summary.added[table] = summary.added.get(table, 0) + n
