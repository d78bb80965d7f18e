"""Parquet parts: a chunk's events written by a worker, queryable like a store
(``EventStore(parts_dir)``) and loadable into one later."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tidings.records import Article, CodedArticle, Reject, stable_hash
from tidings.store.columns import arrow_schema
from tidings.store.rows import event_values


def write_part(directory: Path, chunk: Sequence[Article | Reject],
               results: Sequence[CodedArticle | Reject]) -> Path:
    """The chunk's events as ``part-<hash of its inputs>.parquet`` (store event columns).

    The name depends only on the chunk's inputs and the file is replaced atomically, so a
    chunk redone after a worker died overwrites its part: nothing is lost or duplicated.
    ``cluster_id`` is the event id (clustering across articles happens when parts are loaded
    into a store).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    keys = [getattr(i, "doc_id", None) or getattr(i, "origin", "?") for i in chunk]
    rows = []
    for r in results:
        if isinstance(r, CodedArticle):
            for e in r.events:
                row = event_values(e, "parts")
                row["cluster_id"] = e.event_id
                rows.append(row)
    table = pa.Table.from_pylist(rows, schema=arrow_schema()) if rows else \
        arrow_schema().empty_table()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"part-{stable_hash(*map(str, keys), size=16)}.parquet"
    tmp = target.with_suffix(".tmp")
    pq.write_table(table, tmp)
    tmp.replace(target)
    return target

