"""The event columns, defined once: name, DuckDB type, Arrow type and JSON shape.

The ``events`` table (``schema.py``), the row tuples (``rows.py``), the Parquet parts
(``parts.py``) and the JSON views (``event_json`` here, used by the web) all derive from
``EVENT_SCHEMA``; ``tests/store/test_columns.py`` checks that they agree. A new column needs
a migration in ``schema.py`` as well as its entry here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# DuckDB type → (Arrow type name, JSON shape). JSON columns hold JSON text in DuckDB and
# Parquet; their shape in JSON output is given per column.
_TYPES = {
    "VARCHAR": ("string", "string"),
    "DATE": ("date32", "string"),
    "INTEGER": ("int32", "integer"),
    "DOUBLE": ("float64", "number"),
    "JSON": ("string", "array"),
}


@dataclass(frozen=True)
class Column:
    """One event column. ``constraint`` goes into the DDL (``PRIMARY KEY``, ``NOT NULL``)."""

    name: str
    sql: str = "VARCHAR"
    constraint: str = ""
    shape: str | None = None  # JSON shape when it is not the type's default

    @property
    def arrow(self) -> str:
        """The Arrow type's name (``pyarrow.<name>()``)."""
        return _TYPES[self.sql][0]

    @property
    def json(self) -> str:
        """The JSON shape of the value in JSON output: string, integer, number, array, object."""
        return self.shape or _TYPES[self.sql][1]

    def ddl(self) -> str:
        return " ".join(part for part in (self.name, self.sql, self.constraint) if part)


def _actor(side: str) -> tuple[Column, ...]:
    return tuple(Column(f"{side}_{part}") for part in ("text", "name", "country", "sector",
                                                       "entity"))


EVENT_SCHEMA: tuple[Column, ...] = (
    Column("event_id", constraint="PRIMARY KEY"), Column("doc_id", constraint="NOT NULL"),
    Column("type", constraint="NOT NULL"), Column("mode"), Column("contexts", "JSON"),
    *_actor("source"), *_actor("target"),
    Column("date", "DATE"), Column("date_text"), Column("date_precision"),
    Column("factuality"), Column("quad_class", "INTEGER"), Column("intensity", "DOUBLE"),
    Column("cameo_root"), Column("location_name"), Column("location_country"),
    Column("quantities", "JSON"), Column("money", "JSON", shape="object"),
    Column("sentence"), Column("sentence_start", "INTEGER"), Column("sentence_end", "INTEGER"),
    Column("trigger_text"), Column("trigger_start", "INTEGER"),
    Column("trigger_end", "INTEGER"), Column("rule"), Column("sentence_kind"),
    Column("more_evidence", "JSON"), Column("target_missing"), Column("confidence", "DOUBLE"),
    Column("coder"), Column("cluster_id"), Column("run_id"),
)
EVENT_COLUMNS = tuple(c.name for c in EVENT_SCHEMA)
JSON_COLUMNS = frozenset(c.name for c in EVENT_SCHEMA if c.sql == "JSON")


def events_ddl() -> str:
    """``CREATE TABLE events (...)`` from ``EVENT_SCHEMA``."""
    return f"CREATE TABLE events ({', '.join(c.ddl() for c in EVENT_SCHEMA)})"


def arrow_schema() -> Any:
    """The Arrow schema of the event columns (Parquet parts)."""
    import pyarrow as pa

    return pa.schema([(c.name, getattr(pa, c.arrow)()) for c in EVENT_SCHEMA])


def event_json(values: dict[str, Any]) -> dict[str, Any]:
    """A row's values (``rows.event_values``) in their JSON shape: JSON columns decoded,
    dates as ``YYYY-MM-DD``."""
    out = {}
    for column in EVENT_SCHEMA:
        value = values[column.name]
        if column.name in JSON_COLUMNS and isinstance(value, str):
            value = json.loads(value)
        elif column.sql == "DATE" and value is not None:
            value = value.isoformat()
        out[column.name] = value
    return out
