"""The event columns are defined once (``store/columns.py``): the table, the row tuples, the
Parquet parts and the JSON view all agree with that definition."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from store_factories import make_coded, make_event

from tidings.records import Money
from tidings.store.columns import EVENT_COLUMNS, EVENT_SCHEMA, arrow_schema, event_json
from tidings.store.parts import write_part
from tidings.store.rows import event_from_row, event_row, event_values
from tidings.store.schema import migrate

PY_SHAPES = {"string": str, "integer": int, "number": float, "array": list, "object": dict}


def _event():  # every optional field filled, so every column has a value to check
    event = make_event("d1", "Peru sent two ships to Cuba.", 10, "PER", "CUB", "AID")
    event.money = Money(amount=5.0e6, currency="USD", text="US$5 million")
    event.contexts = ["military"]
    event.mode = "transfer"
    event.factuality = "asserted"
    event.confidence = 0.75
    event.target_missing = "none"
    return event


def test_the_table_has_the_defined_columns_and_types() -> None:
    conn = duckdb.connect()
    migrate(conn)
    table = conn.execute("SELECT column_name, data_type FROM information_schema.columns "
                         "WHERE table_name = 'events' ORDER BY ordinal_position").fetchall()
    assert [(c.name, c.sql) for c in EVENT_SCHEMA] == table


def test_rows_follow_the_column_order_and_round_trip() -> None:
    event = _event()
    values = event_values(event, "r1")
    assert tuple(values) == EVENT_COLUMNS
    row = event_row(event, "r1")
    assert len(row) == len(EVENT_COLUMNS)
    assert event_from_row(dict(zip(EVENT_COLUMNS, row, strict=True))) == event


def test_parquet_parts_have_the_defined_arrow_schema(tmp_path: Path) -> None:
    coded = make_coded("Peru sent two ships to Cuba. Chile sent aid to Peru",
                       [("PER", "CUB", "AID"), ("CHL", "PER", "AID")])
    part = write_part(tmp_path, [coded.article], [coded])
    schema = pq.read_schema(part)
    assert schema.names == list(EVENT_COLUMNS)
    assert schema == arrow_schema()
    assert [str(t) for t in schema.types] == \
        [{"date32": "date32[day]", "float64": "double"}.get(c.arrow, c.arrow)
         for c in EVENT_SCHEMA]


def test_the_json_view_has_each_column_in_its_shape() -> None:
    view = event_json(event_values(_event(), "r1"))
    assert tuple(view) == EVENT_COLUMNS
    for column in EVENT_SCHEMA:
        if view[column.name] is not None:
            assert isinstance(view[column.name], PY_SHAPES[column.json]), column.name
    assert view["date"] == "2025-03-04" and view["money"]["currency"] == "USD"
    assert view["quantities"][0]["text"] == "two ships"
