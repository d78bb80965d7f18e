"""Building ``corpus.jsonl`` from the standoff annotations and the news collections.

Inputs in the corpus folder (``corpus/`` in the repository):

- ``batches/bNN.tsv``: the sentences of each batch (document, offsets, hash), drawn by the tool;
- ``annotations/bNN.jsonl``: the annotators' events for those sentences;
- ``written/*.jsonl``: sentences written by the team (with their text), for rare types.

The build recomputes every sentence from the collections, refuses sentences whose hash does
not match, assigns splits by document, runs the contamination check against the evaluation
folder, and writes one JSON object per sentence. It never writes into the repository.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tidings.corpus.annotations import (
    AnnotationError,
    Vocabulary,
    load_vocabulary,
    parse_events,
    read_annotation_lines,
)
from tidings.corpus.contamination import EvalIndex, Hit
from tidings.corpus.records import (
    LabelledSentence,
    SentenceRef,
    Split,
    read_manifest,
    sentence_from_json,
)
from tidings.corpus.segment import sentence_hash
from tidings.corpus.sources import load_documents

SPLIT_SEED = "tidings-corpus-2026"
SPLITS: tuple[tuple[Split, float], ...] = (("train", 0.70), ("dev", 0.85), ("test", 1.0))


@dataclass
class BuildReport:
    sentences: list[LabelledSentence] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "sid: reason"
    contamination: list[Hit] = field(default_factory=list)
    checked_contamination: bool = False

    def counts(self) -> dict[str, Counter[str]]:
        by: dict[str, Counter[str]] = {"origin": Counter(), "split": Counter(),
                                       "type": Counter(), "no-event": Counter()}
        for s in self.sentences:
            by["origin"][s.origin] += 1
            by["split"][s.split] += 1
            by["no-event"][s.split] += not s.events
            for e in s.events:
                by["type"][e.type] += 1
        return by


def recompute(refs: Sequence[SentenceRef], corpora: Path) -> tuple[dict[str, str], list[str]]:
    """sid → sentence text, recomputed from the collections, and "sid: reason" for every
    sentence whose document is missing or whose text no longer matches its hash."""
    docs = load_documents(corpora, {r.doc_key for r in refs})
    texts: dict[str, str] = {}
    refused: list[str] = []
    for ref in refs:
        doc = docs.get(ref.doc_key)
        text = doc.text[ref.start:ref.end] if doc else ""
        if doc is None or sentence_hash(text) != ref.sha:
            refused.append(f"{ref.sid}: {'document missing' if doc is None else 'hash differs'}")
        else:
            texts[ref.sid] = text
    return texts, refused


def sentence_texts(refs: Sequence[SentenceRef], corpora: Path) -> dict[str, str]:
    """sid → sentence text; a missing document or a changed text is an error."""
    texts, refused = recompute(refs, corpora)
    if refused:
        raise AnnotationError(f"{refused[0]} (in {corpora}: the source text changed or is absent)")
    return texts


def split_of(doc: str) -> Split:
    """train / dev / test by document (70/15/15), fixed by a seeded hash of the document key."""
    digest = hashlib.sha256(f"{SPLIT_SEED}\x00{doc}".encode()).digest()
    share = int.from_bytes(digest[:8], "big") / 2**64
    return next(name for name, upper in SPLITS if share < upper)


def _annotated(corpus_dir: Path) -> list[tuple[SentenceRef, dict[str, object]]]:
    """(manifest row, annotation line) for every annotated sentence of every batch."""
    pairs: list[tuple[SentenceRef, dict[str, object]]] = []
    for manifest in sorted((corpus_dir / "batches").glob("b*.tsv")):
        annotations = corpus_dir / "annotations" / f"{manifest.stem}.jsonl"
        if not annotations.exists():
            continue
        lines = {str(line["sid"]): line for line in read_annotation_lines(annotations)}
        pairs.extend((ref, lines[ref.sid]) for ref in read_manifest(manifest) if ref.sid in lines)
    return pairs


def _labelled(sid: str, doc: str, origin: str, text: str, line: dict[str, object],
              vocab: Vocabulary, report: BuildReport) -> None:
    """Add the sentence with its checked events, or refuse it with the reason."""
    try:
        events = parse_events(line.get("events"), text, vocab)
    except (AnnotationError, KeyError, TypeError, ValueError) as exc:
        report.refused.append(f"{sid}: {exc}")
        return
    split = "train" if origin == "written" else split_of(doc)
    report.sentences.append(LabelledSentence(sid, doc, origin, text, events, split))


def _real(corpora: Path, corpus_dir: Path, vocab: Vocabulary, report: BuildReport) -> None:
    pairs = _annotated(corpus_dir)
    texts, refused = recompute([ref for ref, _ in pairs], corpora)
    report.refused.extend(refused)
    for ref, line in pairs:
        if ref.sid in texts:
            _labelled(ref.sid, ref.doc_key, ref.corpus, texts[ref.sid], line, vocab, report)


def _written(corpus_dir: Path, vocab: Vocabulary, report: BuildReport) -> None:
    """Team-written sentences: always in train (the dev and test splits measure real news)."""
    for path in sorted((corpus_dir / "written").glob("*.jsonl")):
        for line in read_annotation_lines(path):
            _labelled(str(line["sid"]), f"written:{path.stem}", "written",
                      str(line.get("text") or ""), line, vocab, report)


def build(corpora: Path, corpus_dir: Path, eval_dir: Path | None) -> BuildReport:
    """All annotated sentences, checked; contamination hits listed (the caller refuses them)."""
    report = BuildReport()
    vocab = load_vocabulary()
    _real(corpora, corpus_dir, vocab, report)
    _written(corpus_dir, vocab, report)
    if eval_dir is not None:
        index = EvalIndex.from_folder(eval_dir)
        report.contamination = index.hits((s.id, s.text) for s in report.sentences)
        report.checked_contamination = True
    return report


def write_corpus(report: BuildReport, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for sentence in report.sentences:
            handle.write(json.dumps(sentence.to_json(), ensure_ascii=False) + "\n")


def read_corpus(path: Path, splits: set[str] | None = None) -> list[LabelledSentence]:
    """The sentences of a built corpus file, optionally only some splits."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            sentence = sentence_from_json(json.loads(line))
            if splits is None or sentence.split in splits:
                found.append(sentence)
    return found
