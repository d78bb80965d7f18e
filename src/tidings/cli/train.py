"""``tidings train``: the learned event coder from the annotated corpus (docs/model.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tidings.cli.app import app, stderr_console


@app.command("train")
def train_command(
    corpus: Annotated[Path, typer.Option(
        "--corpus", help="Built corpus (tidings corpus build); only train and dev are read.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the model into.")],
    eval_dir: Annotated[Path, typer.Option(
        "--eval", help="Evaluation folder the contamination check compares against.")],
    seed: Annotated[int, typer.Option(help="Seed of initialisation and shuffling.")] = 13,
    epochs: Annotated[int, typer.Option(help="Passes over the training examples.")] = 15,
    version: Annotated[int, typer.Option(help="Model version written to meta.json.")] = 1,
    fine_tune_epochs: Annotated[int, typer.Option(
        help="Epochs of encoder fine-tuning on the train split before the heads (the best "
             "epoch on dev is kept); 0 keeps the encoder frozen. Measured best: 2, with "
             "--dims 96 (docs/model.md).")] = 0,
    dims: Annotated[int, typer.Option(
        help="Encoder dimensions kept by the PCA projection (0: no projection).")] = 48,
    tune_only: Annotated[bool, typer.Option(
        "--tune-only", help="Only re-tune the hybrid's thresholds on dev with the model "
                            "already in --out, and update its meta.json (no torch).")] = False,
    heads_only: Annotated[bool, typer.Option(
        "--heads-only", help="Keep the encoder already in --out (e.g. a copy of a fine-tuned "
                             "model folder) and retrain only the heads, thresholds, "
                             "calibration and hybrid on it.")] = False,
) -> None:
    """Train the model coder: encoder to int8 ONNX, two heads, thresholds and calibration on
    dev. Refuses to train when a sentence is close to an evaluation sentence. Needs
    pip install -e '.[train]'.

    Example: tidings train --corpus corpus.jsonl --eval eval/ --out model/
    """
    from tidings.coding.model.training import (
        TrainConfig,
        retune_hybrid,
        train,
        train_heads_only,
    )

    if not corpus.is_file():
        raise typer.BadParameter(f"no corpus file at {corpus} (build it: tidings corpus build)")
    if not eval_dir.is_dir():
        raise typer.BadParameter(f"evaluation folder not found: {eval_dir}")
    console = stderr_console()
    if tune_only:
        retune_hybrid(corpus, out, eval_dir, log=console.print)
        return
    config = TrainConfig(seed=seed, epochs=epochs, version=version,
                         fine_tune_epochs=fine_tune_epochs, dims=dims)
    if heads_only:
        train_heads_only(corpus, out, eval_dir, config, log=console.print)
        return
    train(corpus, out, eval_dir, config, log=console.print)
