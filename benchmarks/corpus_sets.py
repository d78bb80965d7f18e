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

Two ways to code the sentences:

- ``sentence`` (the default): each sentence is coded as a one-sentence article, as the gold
  sets are, so offsets of the predicted actors are offsets into the sentence. "He", "the
  ministry", "the two countries" lose the article the annotators read.
- ``article``: each document is rebuilt from its corpus sentences, placed at their offsets in
  the document (a sentence id is ``doc:offset``; the gaps between them become line breaks or
  a space, as short as they were), coded once as one article, and every event is scored in
  the corpus sentence that holds its trigger, with its actor offsets made relative to that
  sentence. This is what a user coding the story gets. An event the coder merged into an
  earlier statement of the article (``Event.more_evidence``) is scored only where it was
  kept; ``CorpusScore.merged`` counts those restatements.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

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
    merged: int = 0  # restatements merged into an event of another sentence (article mode)

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
                "dyad_recall": dr, "dyad_f1": df, "merged_restatements": self.merged,
                "per_type_f1": self.per_type_f1()}

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


MODES = ("sentence", "article")


@dataclass(frozen=True)
class CorpusDocument:
    """A document rebuilt from its corpus sentences: its text, and where each sentence
    starts in it (in the order of ``sentences``)."""

    doc: str
    text: str
    sentences: tuple[LabelledSentence, ...]
    offsets: tuple[int, ...]


def sentence_offset(sentence: LabelledSentence) -> int:
    """Where the sentence starts in its document: the last part of its id (``doc:offset``)."""
    return int(sentence.id.rsplit(":", 1)[1])


def rebuild_documents(sentences: Sequence[LabelledSentence]) -> list[CorpusDocument]:
    """Each document of ``sentences`` as one text, its sentences at their own offsets. A gap
    of one character is a space, a longer one line breaks (a paragraph), so the article
    keeps the offsets and the paragraphs of the original."""
    by_doc: dict[str, list[LabelledSentence]] = {}
    for s in sentences:
        by_doc.setdefault(s.doc, []).append(s)
    out = []
    for doc, members in by_doc.items():
        members.sort(key=sentence_offset)
        parts: list[str] = []
        end = 0
        for s in members:
            gap = sentence_offset(s) - end
            if gap < 0:
                raise ValueError(f"corpus sentence {s.id} overlaps the one before it")
            parts.append(" " if gap == 1 else "\n" * gap)
            parts.append(s.text)
            end = sentence_offset(s) + len(s.text)
        out.append(CorpusDocument(doc, "".join(parts), tuple(members),
                                  tuple(sentence_offset(s) for s in members)))
    return out


def _shifted(ref: ActorRef | None, offset: int) -> ActorRef | None:
    if ref is None or ref.start is None or ref.end is None:
        return ref
    return replace(ref, start=ref.start - offset, end=ref.end - offset)


def _home(doc: CorpusDocument, e: Event) -> int | None:
    """Index of the sentence of ``doc`` that holds the event's trigger (else its sentence
    start), or None when it lies in a gap."""
    at = e.evidence.trigger_start if e.evidence.trigger_start is not None else e.evidence.start
    for i, (s, start) in enumerate(zip(doc.sentences, doc.offsets, strict=True)):
        if start <= at < start + len(s.text):
            return i
    return None


def split_events(doc: CorpusDocument, events: Sequence[Event]) -> tuple[list[list[Event]], int]:
    """The article's events per sentence of ``doc``, actor offsets relative to the sentence,
    and how many restatements were merged into them."""
    per: list[list[Event]] = [[] for _ in doc.sentences]
    merged = 0
    for e in events:
        i = _home(doc, e)
        merged += len(e.more_evidence)
        if i is not None:
            off = doc.offsets[i]
            per[i].append(replace(e, source=_shifted(e.source, off),
                                  target=_shifted(e.target, off)))
    return per, merged


def code_corpus(name: str, sentences: Sequence[LabelledSentence], step: Any,
                mode: str = "sentence") -> tuple[list[list[Event]], int]:
    """The predicted events of each sentence (in the order of ``sentences``) and the number
    of restatements merged away, with each sentence coded alone or in its article."""
    if mode == "sentence":
        articles = [Article(doc_id=f"{name}-{i}", text=s.text) for i, s in enumerate(sentences)]
        return [c.events if isinstance(c, CodedArticle) else []
                for c in step.run(articles)], 0
    if mode != "article":
        raise ValueError(f"unknown corpus mode {mode!r}; one of {MODES}")
    docs = rebuild_documents(sentences)
    articles = [Article(doc_id=f"{name}-{d.doc}", text=d.text) for d in docs]
    by_id: dict[str, list[Event]] = {}
    merged = 0
    for doc, coded in zip(docs, step.run(articles), strict=True):
        events = coded.events if isinstance(coded, CodedArticle) else []
        per, n = split_events(doc, events)
        merged += n
        by_id.update((s.id, e) for s, e in zip(doc.sentences, per, strict=True))
    return [by_id[s.id] for s in sentences], merged


def corpus_set_name(split: str, mode: str) -> str:
    return f"corpus-{split}" if mode == "sentence" else f"corpus-{split}-article"


def run_corpus(name: str, sentences: list[LabelledSentence], step: object,
               mode: str = "sentence") -> CorpusScore:
    score = CorpusScore(name)
    coded, score.merged = code_corpus(name, sentences, step, mode)
    for sentence, events in zip(sentences, coded, strict=True):
        score.add(sentence, events)
    return score


def print_corpus_score(score: CorpusScore) -> None:
    s = score.summary()
    merged = f" ({score.merged} restatements merged)" if score.merged else ""
    print(f"\n== {s['set']}: {s['sentences']} sentences, {s['gold_events']} annotated events, "
          f"{s['predicted_events']} predicted{merged}")
    print(f"span match:  precision {s['span_precision']:.3f}  recall {s['span_recall']:.3f}  "
          f"F1 {s['span_f1']:.3f}")
    print(f"dyad match:  precision {s['dyad_precision']:.3f}  recall {s['dyad_recall']:.3f}  "
          f"F1 {s['dyad_f1']:.3f}  (over {s['dyad_gold_events']} events with both countries)")
    per_type = s["per_type_f1"]
    assert isinstance(per_type, dict)
    print("per-type F1 (span): " + ", ".join(f"{t} {f:.2f}" for t, f in per_type.items()))
