"""``tidings corpus``: build the annotated corpus from its standoff files, measure agreement."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tidings.cli.app import app, stderr_console

corpus_app = typer.Typer(help="The annotated news corpus (standoff annotations).",
                         no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")

Corpora = Annotated[Path, typer.Option(
    help="Folder holding the news collections (reuters-21578, bbc-news-2225, ...).")]
CorpusDir = Annotated[Path, typer.Option(
    help="The corpus folder: batches/, annotations/, written/, agreement/.")]


def _print_counts(report: object) -> None:
    from tidings.corpus.build import BuildReport

    assert isinstance(report, BuildReport)
    out = stderr_console()
    for name, counter in report.counts().items():
        items = ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))
        out.print(f"{name}: {items}")


@corpus_app.command("build")
def build_command(
    corpora: Corpora,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write corpus.jsonl.")],
    corpus_dir: CorpusDir = Path("corpus"),
    eval_dir: Annotated[Path | None, typer.Option(
        "--eval", help="Evaluation folder to check against (default: 'eval' beside --corpora).",
    )] = None,
    skip_contamination_check: Annotated[bool, typer.Option(
        "--skip-contamination-check", help="Build without the evaluation folder (not for training).",
    )] = False,
) -> None:
    """Rebuild the annotated sentences from the collections into one JSON Lines file.

    Refuses sentences whose text no longer matches its hash, and fails when a sentence is
    close to an evaluation sentence (word 5-gram Jaccard >= 0.5).

    Example: tidings corpus build --corpora ~/data/corpora --out corpus.jsonl
    """
    from tidings.corpus.build import build, write_corpus

    eval_dir = None if skip_contamination_check else (eval_dir or corpora.parent / "eval")
    if eval_dir is not None and not eval_dir.is_dir():
        raise typer.BadParameter(f"evaluation folder not found: {eval_dir} "
                                 "(give --eval, or --skip-contamination-check)")
    report = build(corpora, corpus_dir, eval_dir)
    for refused in report.refused:
        stderr_console().print(f"refused {refused}", markup=False, highlight=False)
    _print_counts(report)
    if report.contamination:
        for hit in report.contamination:
            stderr_console().print(f"CONTAMINATION {hit.sid} ~ {hit.eval_file} "
                                   f"(Jaccard {hit.jaccard})", markup=False)
        raise typer.Exit(1)
    write_corpus(report, out)
    checked = "contamination check passed" if report.checked_contamination else \
        "contamination check SKIPPED"
    stderr_console().print(f"{len(report.sentences)} sentences -> {out}; "
                           f"{len(report.refused)} refused; {checked}")


@corpus_app.command("agreement")
def agreement_command(
        corpora: Corpora, corpus_dir: CorpusDir = Path("corpus"),
        sample: Annotated[str, typer.Option(
            help="The sample: batches/<sample>.tsv (agreement = the first, drawn from "
                 "b01-b10; later ones with the annotators' tool's draw-agreement).")]
        = "agreement") -> None:
    """Agreement between the first pass and the blind second pass (agreement/*.jsonl).

    Example: tidings corpus agreement --corpora ~/data/corpora --sample agreement2
    """
    from tidings.corpus.agreement import measure

    result = measure(corpora, corpus_dir, sample)
    if not result.sentences:
        stderr_console().print(f"no sentence of batches/{sample}.tsv is annotated in both "
                               "passes yet (second pass: agreement/*.jsonl)", markup=False)
        raise typer.Exit(1)
    typer.echo(f"sentences {result.sentences}  kappa (types per sentence) {result.kappa}  "
               f"same types {result.observed}  event F1 {result.f1:.3f} "
               f"({result.matched} matched of {result.events_first} / {result.events_second})")
