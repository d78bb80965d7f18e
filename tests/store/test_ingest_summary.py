"""``tidings ingest`` names each rejected file with its reason, and exits 1 saying so when
new files gave no article at all (a rerun over stored files is not a failure)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from test_ingest import code, read
from typer.testing import CliRunner

import tidings.cli.store as cli_store
from tidings.cli import load_commands
from tidings.store.writer import RunInfo

runner = CliRunner()


@pytest.fixture(autouse=True)
def _injected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_store, "default_read", lambda: read)
    monkeypatch.setattr(cli_store, "make_code_runner", lambda **_: contextlib.nullcontext(code))
    monkeypatch.setattr(cli_store, "_run_info", lambda *a: RunInfo(config={"t": 1}))


def test_rejected_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("ru envoys met in Havana. More", encoding="utf-8")
    (tmp_path / "in" / "blank.txt").write_text("", encoding="utf-8")
    result = runner.invoke(load_commands(), ["ingest", str(tmp_path / "in"),
                                             "--db", str(tmp_path / "t.duckdb")])
    assert result.exit_code == 0, result.output
    assert "blank.txt" in result.stderr and "empty: no text" in result.stderr


def test_nothing_kept_fails_but_a_rerun_does_not(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "blank.txt").write_text("", encoding="utf-8")
    args = ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "t.duckdb")]
    result = runner.invoke(load_commands(), args)
    assert result.exit_code == 1 and "nothing was kept" in result.stderr
    (tmp_path / "in" / "blank.txt").unlink()
    (tmp_path / "in" / "a.txt").write_text("us envoys met in Havana. More", encoding="utf-8")
    assert runner.invoke(load_commands(), args).exit_code == 0
    assert runner.invoke(load_commands(), args).exit_code == 0  # all stored: skipped
