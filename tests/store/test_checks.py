"""Filters are strict and helpful: countries as ISO3 in any case or names, types in any case;
anything unknown is a Tidings error naming the valid choices, never a DuckDB exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_factories import make_coded

import tidings
from tidings.errors import UsageError
from tidings.store.writer import Batch, RunInfo, StoreWriter


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    coded = [make_coded(f"Moscow sent cargo {i} to Havana. Nothing else", [("RUS", "CUB", "AID")],
                        date=f"2025-0{i + 1}-10", outlet=f"o{i}") for i in range(3)]
    writer = StoreWriter(tmp_path / "t.duckdb")
    writer.start(RunInfo())
    writer.write(Batch(coded=coded))
    return tmp_path / "t.duckdb"


def test_documented_names_import_from_the_package_root() -> None:
    from tidings.store.queries import EventFilter, EventStore

    assert tidings.EventFilter is EventFilter and tidings.EventStore is EventStore


@pytest.mark.parametrize("written", ["cub", "CUB", "Cuba", " cuba "])
def test_countries_in_any_case_or_by_name(written: str) -> None:
    flt = tidings.EventFilter(country=written, source_country=written)
    assert flt.country == flt.source_country == "CUB"


def test_types_and_factuality_in_any_case() -> None:
    flt = tidings.EventFilter(type="aid", factuality="Negated", date_from="2024-03-01")
    assert (flt.type, flt.factuality, flt.date_from) == ("AID", "negated", "2024-03-01")
    assert tidings.EventFilter(type="042").type == "042"  # a CAMEO code, for GDELT rows


@pytest.mark.parametrize("field, value, named", [
    ("country", "Atlantis", "ISO 3166-1 alpha-3"),
    ("type", "SANCTIONS", "SANCTION"),
    ("date_from", "yesterday", "YYYY-MM-DD"),
    ("date_to", "2024-13-01", "YYYY-MM-DD"),
    ("factuality", "rumoured", "asserted, negated, planned, possible"),
    ("quad_class", 7, "1, 2, 3, 4"),
])
def test_unknown_values_name_the_valid_ones(field: str, value: object, named: str) -> None:
    with pytest.raises(UsageError, match=named):
        tidings.EventFilter(**{field: value})


def test_the_store_refuses_before_sql(db: Path) -> None:
    store = tidings.open(db)
    assert len(store.dyad_series("cub", "Russia")) == len(store.dyad_series("CUB", "RUS")) > 0
    assert len(store.partners("cuba")) == len(store.partners("CUB")) > 0
    with pytest.raises(UsageError, match="unknown country"):
        store.partners("Narnia")
