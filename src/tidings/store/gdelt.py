"""Import GDELT event files into their own table (``gdelt_events``), beside our events.

Layouts are told apart by field count: GDELT 1.0 historical (57 fields, no SOURCEURL),
GDELT 1.0 daily (58 fields) and GDELT 2.0 (61 fields, with ADM2 geo codes). Files are
tab-separated without a header, as GDELT publishes them (``.CSV`` or ``.zip``).
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from tidings.errors import UsageError
from tidings.store.db import insert_rows, session

# Field positions per layout (0-based), for the columns we keep.
_COMMON = {"globaleventid": 0, "sqldate": 1, "actor1_code": 5, "actor1_name": 6,
           "actor1_country": 7, "actor2_code": 15, "actor2_name": 16, "actor2_country": 17,
           "is_root_event": 25, "event_code": 26, "event_base_code": 27,
           "event_root_code": 28, "quad_class": 29, "goldstein": 30, "num_mentions": 31,
           "num_sources": 32, "num_articles": 33, "avg_tone": 34}
LAYOUTS: dict[int, dict[str, int]] = {
    57: {**_COMMON, "action_geo_name": 50, "action_geo_country": 51, "date_added": 56},
    58: {**_COMMON, "action_geo_name": 50, "action_geo_country": 51, "date_added": 56,
         "source_url": 57},
    61: {**_COMMON, "action_geo_name": 52, "action_geo_country": 53, "date_added": 59,
         "source_url": 60},
}
LAYOUT_NAMES = {57: "gdelt1-historical", 58: "gdelt1-daily", 61: "gdelt2"}
COLUMNS = ("globaleventid", "date", "actor1_code", "actor1_name", "actor1_country",
           "actor2_code", "actor2_name", "actor2_country", "is_root_event", "event_code",
           "event_base_code", "event_root_code", "quad_class", "goldstein", "num_mentions",
           "num_sources", "num_articles", "avg_tone", "action_geo_name",
           "action_geo_country", "date_added", "source_url", "layout", "import_file")
_INTS = {"is_root_event", "quad_class", "num_mentions", "num_sources", "num_articles"}
_FLOATS = {"goldstein", "avg_tone"}


def _lines(path: Path) -> Iterator[str]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                with archive.open(name) as handle:
                    yield from io.TextIOWrapper(handle, encoding="utf-8", errors="replace")
        return
    with path.open(encoding="utf-8", errors="replace") as handle:
        yield from handle


def _value(name: str, raw: str) -> Any:
    if raw == "":
        return None
    if name in _INTS:
        return int(raw)
    if name in _FLOATS:
        return float(raw)
    return raw


def parse_row(fields: list[str], source: str) -> tuple[Any, ...]:
    """One GDELT row as a ``gdelt_events`` tuple; raises UsageError on unknown layouts."""
    layout = LAYOUTS.get(len(fields))
    if layout is None:
        raise UsageError(f"{source}: {len(fields)} fields is not a GDELT event layout "
                         f"(expected {', '.join(map(str, LAYOUTS))})")
    values = {name: _value(name, fields[i]) for name, i in layout.items()}
    sqldate = values.pop("sqldate")
    values["globaleventid"] = int(values["globaleventid"])
    # GDELT always dates its events; a Tidings export leaves SQLDATE empty for undated ones.
    values["date"] = (date(int(sqldate[:4]), int(sqldate[4:6]), int(sqldate[6:8]))
                      if sqldate else None)
    values["layout"] = LAYOUT_NAMES[len(fields)]
    values["import_file"] = source
    return tuple(values.get(c) for c in COLUMNS)


def read_gdelt(path: str | os.PathLike[str]) -> Iterator[tuple[Any, ...]]:
    source = Path(path)
    reader = csv.reader(_lines(source), delimiter="\t", quoting=csv.QUOTE_NONE)
    for fields in reader:
        if fields:
            yield parse_row(fields, source.name)


def import_gdelt(path: str | os.PathLike[str], db: str | os.PathLike[str],
                 batch: int = 50_000) -> int:
    """Load a GDELT event file; returns rows added (re-importing adds nothing)."""
    added = 0
    rows: list[tuple[Any, ...]] = []
    for row in read_gdelt(path):
        rows.append(row)
        if len(rows) >= batch:
            added += _flush(db, rows)
            rows = []
    return added + _flush(db, rows)


def _flush(db: str | os.PathLike[str], rows: list[tuple[Any, ...]]) -> int:
    if not rows:
        return 0
    with session(db) as conn:
        return insert_rows(conn, "gdelt_events", COLUMNS, rows)
