"""Inter-annotator agreement between the first pass and the blind second pass.

Two measures, over the sentences both passes annotated:

- Cohen's kappa on the event types of each sentence: the label of a sentence is the sorted set
  of its event types ("NONE" when it has none), so a sentence with ACCUSE and REJECT agrees
  only with the same pair;
- event F1: an event of one pass matches one of the other when type, source span and target
  span agree; spans agree when they overlap (or are both absent). Each event matches at most
  once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tidings.corpus.annotations import load_vocabulary, parse_events, read_annotation_lines
from tidings.corpus.build import sentence_texts
from tidings.corpus.records import EventLabel, Span, read_manifest


@dataclass(frozen=True, slots=True)
class Agreement:
    sentences: int
    kappa: float
    observed: float  # share of sentences with the same type label
    events_first: int
    events_second: int
    matched: int

    @property
    def f1(self) -> float:
        total = self.events_first + self.events_second
        return 2 * self.matched / total if total else 1.0


def type_label(events: Sequence[EventLabel]) -> str:
    return "+".join(sorted({e.type for e in events})) or "NONE"


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float:
    n = len(first)
    if n == 0:
        return 0.0
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    ca, cb = Counter(first), Counter(second)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return 1.0 if expected == 1.0 else (observed - expected) / (1.0 - expected)


def spans_overlap(a: Span | None, b: Span | None) -> bool:
    """Two spans share a character, or both are absent."""
    if a is None or b is None:
        return a is None and b is None
    return a.start < b.end and b.start < a.end


def matched_events(first: Sequence[EventLabel], second: Sequence[EventLabel]) -> int:
    used: set[int] = set()
    count = 0
    for e in first:
        for j, f in enumerate(second):
            if j not in used and e.type == f.type and spans_overlap(e.source, f.source) \
                    and spans_overlap(e.target, f.target):
                used.add(j)
                count += 1
                break
    return count


def agreement(pairs: Sequence[tuple[Sequence[EventLabel], Sequence[EventLabel]]]) -> Agreement:
    """Agreement over (first pass events, second pass events) of each sentence."""
    labels_a = [type_label(a) for a, _ in pairs]
    labels_b = [type_label(b) for _, b in pairs]
    same = sum(a == b for a, b in zip(labels_a, labels_b, strict=True))
    return Agreement(
        sentences=len(pairs), kappa=round(cohen_kappa(labels_a, labels_b), 3),
        observed=round(same / len(pairs), 3) if pairs else 0.0,
        events_first=sum(len(a) for a, _ in pairs), events_second=sum(len(b) for _, b in pairs),
        matched=sum(matched_events(a, b) for a, b in pairs))


def _lines(paths: Sequence[Path]) -> dict[str, dict[str, object]]:
    return {str(x["sid"]): x for p in paths for x in read_annotation_lines(p)}


def measure(corpora: Path, corpus_dir: Path, sample: str = "agreement") -> Agreement:
    """Agreement on the sentences of ``batches/<sample>.tsv`` (the first sample, or one drawn
    later with the tool's ``draw-agreement``) annotated in both passes."""
    vocab = load_vocabulary()
    refs = read_manifest(corpus_dir / "batches" / f"{sample}.tsv")
    second = _lines(sorted((corpus_dir / "agreement").glob("*.jsonl")))
    first = _lines(sorted((corpus_dir / "annotations").glob("b*.jsonl")))
    shared = [r for r in refs if r.sid in first and r.sid in second]
    texts = sentence_texts(shared, corpora)
    return agreement([(parse_events(first[r.sid].get("events"), texts[r.sid], vocab),
                       parse_events(second[r.sid].get("events"), texts[r.sid], vocab))
                      for r in shared])
