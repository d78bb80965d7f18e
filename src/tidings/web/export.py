"""Downloads of what a page shows, for its current filter: ``?format=csv``, ``jsonl`` or
``parquet`` on the page's own URL. Event lists are streamed from DuckDB in Arrow record
batches, each written and sent before the next is read, so an export of a million events
holds one batch in memory; chart views export their (small) data table the same way."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from fastapi.responses import StreamingResponse

from tidings.store.columns import JSON_COLUMNS

EXPORTS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson",
           "parquet": "application/vnd.apache.parquet"}


def export_response(batches: Iterable[pa.RecordBatch], fmt: str, name: str) -> StreamingResponse:
    """A download named ``name.<fmt>`` written batch by batch."""
    writer = {"csv": csv_chunks, "jsonl": jsonl_chunks, "parquet": parquet_chunks}[fmt]
    return StreamingResponse(writer(iter(batches)), media_type=EXPORTS[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def csv_chunks(batches: Iterator[pa.RecordBatch]) -> Iterator[bytes]:
    """CSV with one header line; JSON columns stay JSON text in their cell."""
    first = True
    for batch in batches:
        sink = io.BytesIO()
        pa_csv.write_csv(batch, sink, pa_csv.WriteOptions(include_header=first))
        first = False
        yield sink.getvalue()


def jsonl_chunks(batches: Iterator[pa.RecordBatch]) -> Iterator[bytes]:
    """One JSON object a line, shaped as the JSON twin's rows (JSON columns decoded, dates
    ``YYYY-MM-DD``)."""
    for batch in batches:
        lines = [json.dumps(_json_row(row), ensure_ascii=False, default=_json_default)
                 for row in batch.to_pylist()]
        if lines:
            yield ("\n".join(lines) + "\n").encode()


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: json.loads(v) if k in JSON_COLUMNS and isinstance(v, str) else v
            for k, v in row.items()}


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Chunks(io.RawIOBase):
    """A write-only file that keeps what was written until it is taken."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def parquet_chunks(batches: Iterator[pa.RecordBatch]) -> Iterator[bytes]:
    """Parquet, one row group per batch, sent as each is written (the footer last)."""
    sink = _Chunks()
    writer: pq.ParquetWriter | None = None
    for batch in batches:
        if writer is None:
            writer = pq.ParquetWriter(sink, batch.schema)
        if batch.num_rows:  # an empty batch only brings the schema: no empty row group
            writer.write_batch(batch)
        yield sink.take()
    if writer is not None:  # the sources always give one batch, empty or not (its schema)
        writer.close()
        yield sink.take()


def table_batches(rows: list[dict[str, Any]], schema: pa.Schema) -> list[pa.RecordBatch]:
    """A chart's data table (plain rows) as one record batch of ``schema``: with no rows it
    is still there, so the download keeps its header (CSV) or schema (Parquet)."""
    return [pa.RecordBatch.from_pylist(rows, schema=schema)]
