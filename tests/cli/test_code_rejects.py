"""``tidings code``'s summary counts the articles the coding stage rejected, not only those
reading rejected (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import load_commands
from tidings.flows.code import CodeStep

STORY = ("Fishermen in the coastal district said on Friday that the new harbour wall had "
         "saved their boats during the storm, and asked the council to extend it.")
FAILING = ("The mayor of the hill town opened a new library on Saturday and promised that a "
           "second one would follow in the eastern suburbs before winter.")


def test_coding_rejects_are_in_the_summary(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    real = CodeStep._finish

    def finish(self: CodeStep, annotated: object) -> object:
        if "library" in annotated.article.text:  # type: ignore[attr-defined]
            raise ValueError("simulated coding failure")
        return real(self, annotated)  # type: ignore[arg-type]

    monkeypatch.setattr(CodeStep, "_finish", finish)
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(FAILING, encoding="utf-8")
    (tmp_path / "c.txt").write_text("   ", encoding="utf-8")
    result = CliRunner().invoke(load_commands(), ["code", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    start = result.stderr.index('{\n  "summary"')
    summary = json.loads(result.stderr[start:result.stderr.index("\n}", start) + 2])["summary"]
    assert summary["rejected"] == {"empty": 1, "step-error": 1}
    assert summary["rejected_in_coding"] == 1 and summary["rejected_total"] == 2
    assert any(k.endswith("b.txt") and "simulated" in v
               for k, v in summary["rejected_files"].items())
