"""Relations (series, partners, trend), exports, GDELT import and the CLI on hand-built data."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from store_factories import make_coded
from typer.testing import CliRunner

import tidings
from tidings.cli import load_commands
from tidings.errors import UsageError
from tidings.store.exports import to_gdelt, to_polecat
from tidings.store.gdelt import import_gdelt, parse_row
from tidings.store.relations import mann_kendall, trend
from tidings.store.writer import Batch, RunInfo, StoreWriter

MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    """Russia–Cuba warming over five months, the US–Cuba relation hostile throughout.

    Events of one month fall a week apart, so each is its own cluster (same-day reports of
    one dyad and type would be one real-world event)."""
    coded = []
    for i, day in enumerate(MONTHS):
        kinds = ["ACCUSE"] * (4 - i) + ["AID"] * i
        for j, kind in enumerate(kinds):
            coded.append(make_coded(f"Moscow said item {i} {j} to Havana. Nothing else",
                                    [("RUS", "CUB", kind)], date=f"{day}-{1 + 7 * j:02d}",
                                    outlet=f"o{i}{j}"))
        coded.append(make_coded(f"Washington tightened rule {i}. More", [("USA", "CUB", "SANCTION")],
                                date=f"{day}-20", outlet=f"u{i}"))
    writer = StoreWriter(tmp_path / "t.duckdb")
    writer.start(RunInfo())
    writer.write(Batch(coded=coded))
    return tmp_path / "t.duckdb"


def test_series_counts_index_and_warming_trend(db: Path) -> None:
    store = tidings.open(db)
    series = store.dyad_series("CUB", "RUS")
    assert len(series) == 5
    assert list(series["verbal_conflict"]) == [4, 3, 2, 1, 0]
    assert list(series["material_coop"]) == [0, 1, 2, 3, 4]
    assert series["index"].iloc[0] == -1.0 and series["index"].iloc[-1] == 1.0
    result = trend(series)
    assert result.direction == "warming" and result.slope > 0
    assert result.evidence and result.evidence[-1]["type"] == "AID"
    assert store.dyad_series("CUB", "RUS", directed=True).empty  # all go RUS → CUB
    assert len(store.dyad_series("CUB", "RUS", by="year")) == 1
    with pytest.raises(UsageError):
        store.dyad_series("CUB", "RUS", by="week")


def test_partners_ranked_with_tone(db: Path) -> None:
    partners = tidings.open(db).partners("CUB")
    assert list(partners["partner"]) == ["RUS", "USA"]
    usa = partners.set_index("partner").loc["USA"]
    assert usa["conflict"] == 5 and usa["index"] == -1.0
    conflictual = trend(tidings.open(db).dyad_series("CUB", "USA"))
    assert conflictual.tone == "conflictual" and conflictual.direction == "stable"


def test_mann_kendall_signs() -> None:
    assert mann_kendall([1, 2, 3, 4, 5, 6])[0] == 1.0
    tau, p = mann_kendall([6, 5, 4, 3, 2, 1])
    assert tau == -1.0 and p < 0.05
    assert mann_kendall([1, 1, 1, 1])[1] == 1.0


def test_exports_columns(db: Path) -> None:
    events = tidings.open(db).events(limit=None)
    # The factory's cameo_root is a placeholder: without one, each type's default code.
    gdelt = to_gdelt(events.assign(cameo_root=None))
    row = gdelt[gdelt["EventCode"] == "163"].iloc[0]
    assert (row["Actor1Code"], row["Actor2CountryCode"], row["QuadClass"]) == ("USAGOV", "CUB", 4)
    assert row["GoldsteinScale"] == -8.0 and row["SQLDATE"].startswith("2025")
    polecat = to_polecat(events)
    assert set(polecat["Event Type"]) == {"ACCUSE", "AID", "SANCTION"}
    assert polecat["Actor Name Raw"].notna().all() and polecat["Event Date"].notna().all()


def _gdelt_fields(n: int) -> list[str]:
    fields = [""] * n
    fields[:2] = ["901", "20240105"]
    fields[5:8] = ["CUBGOV", "CUBA", "CUB"]
    fields[15:18] = ["RUS", "RUSSIA", "RUS"]
    fields[25:35] = ["1", "036", "036", "03", "1", "4.0", "6", "2", "6", "1.5"]
    return fields


def test_gdelt_layouts_and_import(tmp_path: Path) -> None:
    for n, layout in ((57, "gdelt1-historical"), (58, "gdelt1-daily"), (61, "gdelt2")):
        row = parse_row(_gdelt_fields(n), "f")
        assert row[0] == 901 and row[3] == "CUBA" and row[-2] == layout
    with pytest.raises(UsageError):
        parse_row(["1", "2"], "f")
    sample = tmp_path / "x.tsv"
    lines = ["\t".join(_gdelt_fields(58)), "\t".join(["902", *_gdelt_fields(61)[1:]])]
    sample.write_text("\n".join(lines) + "\n")
    db = tmp_path / "g.duckdb"
    assert import_gdelt(sample, db) == 2
    assert import_gdelt(sample, db) == 0
    frame = tidings.open(db).events(source="gdelt")
    assert list(frame["event_id"]) == ["901", "902"] and set(frame["source_country"]) == {"CUB"}
    series = tidings.open(db).dyad_series("CUB", "RUS", source="gdelt")
    assert list(series["verbal_coop"]) == [2] and series["index"].iloc[0] == 1.0
    assert list(tidings.open(db).partners("RUS", source="gdelt")["partner"]) == ["CUB"]


def test_cli_events_relations_and_formats(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    app = load_commands()
    result = runner.invoke(app, ["events", "--db", str(db), "--dyad", "CUB-RUS",
                                 "--undirected", "--format", "jsonl", "--quad", "2"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 10 and {r["type"] for r in rows} == {"AID"}
    out = tmp_path / "e.parquet"
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "parquet", "-o", str(out)])
    assert result.exit_code == 0 and len(pd.read_parquet(out)) == 25
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "gdelt"])
    lines = result.stdout.splitlines()  # GDELT's own layout: no header, 61 fields
    assert len(lines) == 25 and all(line.count("\t") == 60 for line in lines)
    result = runner.invoke(app, ["relations", "CUB", "RUS", "--db", str(db), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[-1])["trend"] == "warming"
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
