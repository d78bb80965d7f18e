"""``tidings read`` through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import load_commands

ARTICLE = (
    "Farmers in the northern province blocked two highways on Monday to protest against a new "
    "tax on diesel fuel, police said.\n\nThe agriculture minister promised to meet their "
    "representatives on Thursday and said the government was ready to review the measure."
)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_read_prints_jsonl_and_writes_rejects(runner: CliRunner, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    result = runner.invoke(load_commands(), ["read", str(inputs), "--rejects", str(rejects),
                                             "--quiet"])
    assert result.exit_code == 0, result.output
    [line] = [x for x in result.stdout.splitlines() if x.strip()]
    article = json.loads(line)
    assert article["text"].startswith("Farmers") and article["language"] == "en"
    assert json.loads(rejects.read_text(encoding="utf-8"))["reason"] == "empty"


def test_read_text_format(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(load_commands(), ["read", str(tmp_path), "--format", "text", "--quiet"])
    assert result.exit_code == 0 and "agriculture minister" in result.stdout


def test_only_missing_paths_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(load_commands(), ["read", str(tmp_path / "nothing-here")])
    assert result.exit_code == 2


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    app = load_commands()
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        result = runner.invoke(app, [name.replace("_", "-"), "--help"])
        if result.exit_code != 0:
            continue  # command names that differ from the callback (checked via groups)
        assert "Example:" in result.stdout, name
    assert "Example:" in runner.invoke(app, ["read", "--help"]).stdout
