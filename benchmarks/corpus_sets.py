"""Scoring coders on the annotated corpus's dev and test splits (``tidings corpus build``).

Unlike the PLOVER and PETRARCH gold sets, the corpus annotates *every* event of a sentence
and sentences with no event at all, so precision is measured properly: a predicted event
that matches no annotated event of its sentence is wrong, and so is any event predicted on a
sentence annotated as holding none.

Two match criteria are reported:

- ``span``: same type, and the source and the target spans overlap the annotated ones (an
  absent target matches an absent target). This is the every-actor measure: it needs no
  country.
- ``dyad``: same type and the same source and target countries, counted over annotated events
  whose two countries are known (as the gold sets are scored). Predictions on sentences with
  no event count against precision in both.

Each sentence is coded as a one-sentence article, as the gold sets are, so offsets of the
predicted actors are offsets into the sentence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tidings.corpus.agreement import spans_overlap
from tidings.corpus.build import read_corpus
from tidings.corpus.records import EventLabel, LabelledSentence, Span
from tidings.records import ActorRef, Article, CodedArticle, Event


@dataclass
class CorpusScore:
    name: str
    sentences: int = 0
    predicted: int = 0
    gold: int = 0
    correct_span: int = 0
    found_span: int = 0
    gold_dyad: int = 0
    correct_dyad: int = 0
    found_dyad: int = 0
    per_type: Counter[tuple[str, str]] = field(default_factory=Counter)  # (type, tp|fp|fn)

    def add(self, sentence: LabelledSentence, preds: list[Event]) -> None:
        self.sentences += 1
        self.predicted += len(preds)
        self.gold += len(sentence.events)
        known = [g for g in sentence.events if g.source_country and g.target_country]
        self.gold_dyad += len(known)
        for p in preds:
            ok = any(span_match(g, p) for g in sentence.events)
            self.correct_span += ok
            self.correct_dyad += any(dyad_match(g, p) for g in sentence.events)
            self.per_type[(p.type, "tp" if ok else "fp")] += 1
        for g in sentence.events:
            hit = any(span_match(g, p) for p in preds)
            self.found_span += hit
            if not hit:
                self.per_type[(g.type, "fn")] += 1
        self.found_dyad += sum(any(dyad_match(g, p) for p in preds) for g in known)

    def summary(self) -> dict[str, object]:
        def prf(correct: int, predicted: int, found: int, gold: int) -> tuple[float, ...]:
            p = correct / predicted if predicted else 0.0
            r = found / gold if gold else 0.0
            return round(p, 3), round(r, 3), round(2 * p * r / (p + r) if p + r else 0.0, 3)

        sp, sr, sf = prf(self.correct_span, self.predicted, self.found_span, self.gold)
        dp, dr, df = prf(self.correct_dyad, self.predicted, self.found_dyad, self.gold_dyad)
        return {"set": self.name, "sentences": self.sentences, "gold_events": self.gold,
                "predicted_events": self.predicted, "span_precision": sp, "span_recall": sr,
                "span_f1": sf, "dyad_gold_events": self.gold_dyad, "dyad_precision": dp,
                "dyad_recall": dr, "dyad_f1": df, "per_type_f1": self.per_type_f1()}

    def per_type_f1(self) -> dict[str, float]:
        types = sorted({t for t, _ in self.per_type})
        out = {}
        for t in types:
            tp, fp, fn = (self.per_type[(t, k)] for k in ("tp", "fp", "fn"))
            out[t] = round(2 * tp / (2 * tp + fp + fn), 3) if tp + fp + fn else 0.0
        return out


def _span(ref: ActorRef | None) -> Span | None:
    if ref is None or ref.start is None or ref.end is None:
        return None
    return Span(ref.text, ref.start, ref.end)


def span_match(gold: EventLabel, pred: Event) -> bool:
    return (gold.type == pred.type and spans_overlap(gold.source, _span(pred.source))
            and spans_overlap(gold.target, _span(pred.target)))


def dyad_match(gold: EventLabel, pred: Event) -> bool:
    return (gold.type == pred.type and gold.source_country is not None
            and gold.target_country is not None
            and gold.source_country == (pred.source.country if pred.source else None)
            and gold.target_country == (pred.target.country if pred.target else None))


def load_splits(path: Path, splits: list[str]) -> dict[str, list[LabelledSentence]]:
    """The corpus sentences of each requested split (never train: it is not an evaluation)."""
    if "train" in splits:
        raise ValueError("the train split is not an evaluation set")
    sentences = read_corpus(path, set(splits))
    return {s: [x for x in sentences if x.split == s] for s in splits}


def run_corpus(name: str, sentences: list[LabelledSentence], step: object) -> CorpusScore:
    score = CorpusScore(name)
    articles = [Article(doc_id=f"{name}-{i}", text=s.text) for i, s in enumerate(sentences)]
    coded = list(step.run(articles))  # type: ignore[attr-defined]
    for sentence, c in zip(sentences, coded, strict=True):
        score.add(sentence, c.events if isinstance(c, CodedArticle) else [])
    return score


def print_corpus_score(score: CorpusScore) -> None:
    s = score.summary()
    print(f"\n== {s['set']}: {s['sentences']} sentences, {s['gold_events']} annotated events, "
          f"{s['predicted_events']} predicted")
    print(f"span match:  precision {s['span_precision']:.3f}  recall {s['span_recall']:.3f}  "
          f"F1 {s['span_f1']:.3f}")
    print(f"dyad match:  precision {s['dyad_precision']:.3f}  recall {s['dyad_recall']:.3f}  "
          f"F1 {s['dyad_f1']:.3f}  (over {s['dyad_gold_events']} events with both countries)")
    per_type = s["per_type_f1"]
    assert isinstance(per_type, dict)
    print("per-type F1 (span): " + ", ".join(f"{t} {f:.2f}" for t, f in per_type.items()))
