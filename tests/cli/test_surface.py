"""What a new user meets first: ``--version``, a fast ``--help`` that loads no heavy library,
every option described, flags shown as flags, examples with paths a user has, and option
choices that agree with the library's."""

from __future__ import annotations

import subprocess
import sys
from typing import Any, get_args

import pytest
import typer
from typer.testing import CliRunner

from tidings.about import __version__
from tidings.cli import load_commands
from tidings.cli.options import CoderName, EngineName
from tidings.cli.read import MAX_BYTES
from tidings.cli.store import EventFormat

runner = CliRunner()
HEAVY = ("spacy", "duckdb", "pandas", "fastapi", "pyarrow", "trafilatura")


def _commands() -> list[tuple[str, Any]]:
    """Every command and subcommand, by the words that call it (Typer's own click types)."""
    root: Any = typer.main.get_command(load_commands())
    out = []
    for name, command in root.commands.items():
        subcommands = getattr(command, "commands", None)
        if subcommands:
            out.extend((f"{name} {sub}", c) for sub, c in subcommands.items())
        else:
            out.append((name, command))
    assert len(out) > 10
    return out


def test_version_flag_prints_the_version() -> None:
    result = runner.invoke(load_commands(), ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == __version__


def test_help_loads_no_heavy_library() -> None:
    code = ("import sys; from tidings.cli import load_commands; load_commands(); "
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name, command", _commands(), ids=lambda v: str(v)[:20])
def test_every_option_is_described_and_flags_show_as_flags(name: str, command: Any) -> None:
    for param in command.params:
        if param.param_type_name == "option":
            assert param.help, f"{name} {param.name} has no description"
    result = runner.invoke(load_commands(), [*name.split(), "--help"])
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout and "/--no-" not in result.stdout
    assert "../shared" not in result.stdout


def test_choices_agree_with_the_library() -> None:
    from tidings.coding.coders import CODERS
    from tidings.flows.parallel import ENGINES
    from tidings.readers.detect import DEFAULT_MAX_BYTES
    from tidings.store.exports import FORMATS

    assert get_args(EngineName) == ENGINES
    assert get_args(CoderName) == CODERS
    assert get_args(EventFormat) == FORMATS
    assert MAX_BYTES == DEFAULT_MAX_BYTES


def test_an_unknown_engine_is_refused_with_the_choices() -> None:
    result = runner.invoke(load_commands(), ["code", ".", "--engine", "spark"])
    assert result.exit_code == 2 and "local" in result.output and "dask" in result.output
