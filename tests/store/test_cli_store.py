"""``tidings events`` and ``tidings relations`` as a new user meets them: countries in any
case or by name, unknown values refused with exit 2 and the valid choices, JSON Lines when
piped, one JSON document from ``relations --json``, tables readable at 80 columns."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console
from store_factories import make_coded
from typer.testing import CliRunner

import tidings.cli.store as cli_store
from tidings.cli import load_commands
from tidings.store.writer import Batch, RunInfo, StoreWriter

runner = CliRunner()


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    coded = [make_coded(f"Moscow shipped grain lot {i} to Havana. Nothing else",
                        [("RUS", "CUB", "AID")], date=f"2025-0{i + 1}-10", outlet=f"w{i}")
             for i in range(4)]
    writer = StoreWriter(tmp_path / "t.duckdb")
    writer.start(RunInfo())
    writer.write(Batch(coded=coded))
    return tmp_path / "t.duckdb"


def _events(db: Path, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(load_commands(), ["events", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]  # JSONL: piped


@pytest.mark.parametrize("written", ["cub", "CUB", "Cuba"])
def test_countries_in_any_case_or_by_name(db: Path, written: str) -> None:
    assert len(_events(db, "--country", written)) == 4
    assert len(_events(db, "--dyad", f"russia-{written}", "--type", "aid")) == 4


@pytest.mark.parametrize("args, named", [
    (["--country", "Atlantis"], "ISO 3166-1 alpha-3"),
    (["--dyad", "RUS-ATL"], "two countries"),
    (["--type", "SANCTIONS"], "SANCTION"),
    (["--since", "yesterday"], "YYYY-MM-DD"),
    (["--format", "xml"], "polecat"),
    (["--factuality", "rumoured"], "asserted"),
    (["--since", "2024-13-45"], "YYYY-MM-DD"),  # issue 17: these printed tracebacks
    (["--until", "2024-02-30"], "YYYY-MM-DD"),
    (["--since", "0000-00-00"], "YYYY-MM-DD"),
    (["--limit", "-1"], "--limit"),
    (["--limit", "0"], "--limit"),
])
def test_unknown_values_exit_2_naming_the_choices(db: Path, args: list[str], named: str) -> None:
    result = runner.invoke(load_commands(), ["events", "--db", str(db), *args])
    assert result.exit_code == 2
    assert named in " ".join(result.output.split())
    assert "Traceback" not in result.output and result.exception is None or isinstance(
        result.exception, SystemExit)


def test_relations_json_is_one_document(db: Path) -> None:
    result = runner.invoke(load_commands(), ["relations", "cuba", "Russia", "--db", str(db),
                                             "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["dyad"] == "CUB-RUS" and len(document["series"]) == 4
    result = runner.invoke(load_commands(), ["relations", "cub", "--db", str(db), "--json"])
    assert json.loads(result.stdout)["partners"][0]["partner"] == "RUS"


def test_tables_fit_80_columns_and_cut_only_with_an_ellipsis(monkeypatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(cli_store, "_console", lambda: Console(file=out, width=80))
    sentence = ("The delegation from the northern provinces said on Tuesday that the new "
                "irrigation scheme would be finished before the rains, officials confirmed.")
    frame = pd.DataFrame([{"date": pd.Timestamp("2025-03-04"), "source_country": "RUS",
                           "type": "AID", "target_country": "CUB", "quad_class": 2,
                           "intensity": 7.0, "factuality": "asserted", "sentence": sentence}])
    cli_store._print_table(frame)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert " ".join(w for line in lines for w in line.strip("│ ").split()).count("officials")
    assert cli_store._cell("x" * 100).endswith("…") and len(cli_store._cell("x" * 100)) == 60
