"""The run summary names each rejected input with its reason, and a run that kept nothing
says so and exits non-zero."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tidings.cli import load_commands

runner = CliRunner()
STORY = ("Fishermen in the coastal district said on Friday that the new harbour wall had "
         "saved their boats during the storm, and asked the council to extend it.")


def _summary(output: str) -> dict[str, object]:
    start = output.index('{\n  "summary"')
    return json.loads(output[start:output.index("\n}", start) + 2])["summary"]


def test_the_summary_names_each_rejected_file(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00" * 64)
    (tmp_path / "blank.txt").write_text("   ", encoding="utf-8")
    result = runner.invoke(load_commands(), ["read", str(tmp_path)])
    assert result.exit_code == 0, result.output
    named = _summary(result.stderr)["rejected_files"]
    assert isinstance(named, dict)
    assert {Path(k).name: v.split(":")[0] for k, v in named.items()} == {
        "scan.pdf": "unsupported-format", "blank.txt": "empty"}
    assert next(v for k, v in named.items() if k.endswith(".pdf")).startswith(
        "unsupported-format: pdf")


def test_a_run_that_kept_nothing_says_so_and_fails(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00" * 64)
    result = runner.invoke(load_commands(), ["read", str(tmp_path)])
    assert result.exit_code == 1
    assert "nothing was kept" in result.stderr and "unsupported-format: pdf" in result.stderr
