"""Options shared by several commands, defined once (same name, help and choices
everywhere). Only light modules are imported here, so ``tidings --help`` stays fast."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from tidings.annotate.models import DEFAULT_MODEL

__all__ = ["DEFAULT_MODEL", "Coder", "CoderName", "Db", "Engine", "EngineName", "Kb", "Lexicon",
           "MinConfidence", "Model", "ParseAll", "Quiet", "Rejects", "Scheduler", "Workers"]

Model = Annotated[str, typer.Option(
    "--model", help="spaCy pipeline to parse with: any installed one, by name.")]
Kb = Annotated[list[Path] | None, typer.Option(
    "--kb", help="Extra knowledge-base file (YAML; repeat for more). See "
    "docs/knowledge-base.md.")]
Lexicon = Annotated[list[Path] | None, typer.Option(
    "--lexicon", help="Extra trigger lexicon file (YAML; repeat for more). See docs/coding.md.")]
# The choices are flows.parallel.ENGINES (tests/cli/test_options.py checks they agree).
EngineName = Literal["local", "dask"]
Engine = Annotated[EngineName, typer.Option(
    "--engine", help="Where coding runs: local (this machine) or dask.")]
Workers = Annotated[int, typer.Option(
    "--workers", min=1, help="Coding processes (local pool) or Dask workers of a local "
    "cluster; 1 codes in this process.")]
Scheduler = Annotated[str | None, typer.Option(
    "--scheduler", help="Address of a running Dask scheduler (with --engine dask).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
Rejects = Annotated[Path | None, typer.Option(
    "--rejects", help="Write every rejected input with its reason here (JSON Lines).")]
Db = Annotated[Path, typer.Option("--db", help="The DuckDB database file.")]
# The choices are coding.coders.CODERS (tests/cli/test_surface.py checks they agree).
CoderName = Literal["rules", "model", "hybrid"]
Coder = Annotated[CoderName, typer.Option(
    "--coder", help="rules (lexicon × parse, fastest), model (the learned coder shipped in the "
    "package) or hybrid (both, combined as tuned on the corpus's dev split). See "
    "docs/model.md.")]
ParseAll = Annotated[bool, typer.Option(
    "--parse-all", help="Parse every sentence. By default the rule coder parses only "
    "sentences that hold one of its cues, with the first two of each text and those naming "
    "a known actor as context (faster; on Reuters the same events, a few of them with "
    "another id, see docs/coding.md).")]
MinConfidence = Annotated[float, typer.Option(
    "--min-confidence", min=0.0, max=1.0, help="Leave out events whose confidence (a "
    "calibrated probability for model and hybrid) is below this.")]
