"""Where the learned coder loses events: an error decomposition on the corpus's dev split.

Each dev sentence is parsed, resolved and coded alone (as the corpus benchmark's
``sentence`` mode does) by the model coder of ``--model-dir`` (default: the shipped one).
Every annotated event then falls in the first bucket that fits it:

- ``found``: some predicted event matches it (type, source and target spans overlapping,
  an absent role matching an absent role: the benchmark's span match);
- ``no trigger candidate``: no content word of the parse lies in the gold trigger span;
- ``trigger not predicted``: no predicted event has its trigger in the gold trigger span;
  split into: the sentence has no role candidates (the heads never ran), the trigger head's
  best type there is under the trigger threshold, or it is over it but no source or target
  reached its threshold (or the event was dropped as another event's content);
- ``wrong type``: events there, none of the gold type;
- ``source out of reach`` / ``target out of reach``: right trigger and type, but the gold
  role span overlaps no role candidate (a candidate-building problem, not the heads');
- ``source wrong`` / ``target wrong``: right trigger and type, the role reachable, but no
  predicted event there has it (source checked first), split by whether the gold has no
  such role, the prediction has none, or it names another phrase.

Predicted events that match no gold event (false positives) are split the same way: at a
word that triggers no gold event, at a gold trigger with another type, with a wrong source,
or with a wrong target. Only dev is read; nothing is written.

Example:
    python benchmarks/model_errors.py --corpus corpus.jsonl [--model-dir DIR]
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from tidings.coding.model.coder import ModelCoder, TriggerScores
from tidings.coding.model.examples import Example
from tidings.coding.model.training import (
    Parts,
    event_predictions,
    matches,
    overlaps,
    parse_splits,
)
from tidings.corpus.build import read_corpus
from tidings.corpus.records import EventLabel
from tidings.corpus.records import Span as GoldSpan
from tidings.records import Event

GOLD_BUCKETS = ("found", "no trigger candidate", "trigger not predicted",
                "  no role candidates", "  trigger under threshold", "  no role over threshold",
                "wrong type",
                "source out of reach", "source wrong, gold none", "source wrong, predicted none",
                "source wrong, other phrase", "target out of reach", "target wrong, gold none",
                "target wrong, predicted none", "target wrong, other phrase")
FALSE_BUCKETS = ("no gold trigger there", "gold trigger, other type", "source wrong",
                 "target wrong")


def _at(span: GoldSpan, event: Event) -> bool:
    start = event.evidence.trigger_start
    return start is not None and span.start <= start < span.end


def _role_reach(gold: GoldSpan | None, ex: Example) -> bool:
    """A candidate overlaps the gold role span (or there is no gold role)."""
    return gold is None or any(overlaps(gold, (c.char_start, c.char_end))
                               for c in ex.candidates)


def gold_bucket(gold: EventLabel, ex: Example, events: Sequence[Event],
                scores: TriggerScores, floor: float) -> str:
    if any(matches(gold, p) for p in event_predictions(events)):
        return "found"
    if not any(t.idx < gold.trigger.end and gold.trigger.start < t.idx + len(t.text)
               for t in ex.tokens):
        return "no trigger candidate"
    there = [e for e in events if _at(gold.trigger, e)]
    if not there:
        return _why_not_predicted(gold, ex, scores, floor)
    typed = [p for p in event_predictions(there) if p[0] == gold.type]
    if not typed:
        return "wrong type"
    if not any(overlaps(gold.source, p[1]) for p in typed):
        if not _role_reach(gold.source, ex):
            return "source out of reach"
        return "source wrong" + _how_wrong(gold.source, [p[1] for p in typed])
    if not _role_reach(gold.target, ex):
        return "target out of reach"
    return "target wrong" + _how_wrong(gold.target, [p[2] for p in typed])


def _how_wrong(gold: GoldSpan | None, predicted: Sequence[tuple[int, int] | None]) -> str:
    """Why a role does not match: gold has none, the prediction has none, or another
    phrase."""
    if gold is None:
        return ", gold none"
    if all(p is None for p in predicted):
        return ", predicted none"
    return ", other phrase"


def _why_not_predicted(gold: EventLabel, ex: Example, scores: TriggerScores,
                       floor: float) -> str:
    rows = [row for (_, _, start), row in scores.rows.items()
            if gold.trigger.start <= start < gold.trigger.end]
    if not rows:
        return "  no role candidates"
    if max(float(row[1:].max()) for row in rows) < floor:
        return "  trigger under threshold"
    return "  no role over threshold"


def false_bucket(event: Event, golds: Sequence[EventLabel]) -> str | None:
    (pred,) = event_predictions([event])
    if any(matches(g, pred) for g in golds):
        return None
    there = [g for g in golds if _at(g.trigger, event)]
    if not there:
        return "no gold trigger there"
    typed = [g for g in there if g.type == event.type]
    if not typed:
        return "gold trigger, other type"
    if not any(overlaps(g.source, pred[1]) for g in typed):
        return "source wrong"
    return "target wrong"


def decompose(examples: Sequence[Example], coder: ModelCoder) -> tuple[Counter[str],
                                                                         Counter[str]]:
    """Gold events and false positives by bucket, each labelled sentence coded alone."""
    gold_counts: Counter[str] = Counter()
    false_counts: Counter[str] = Counter()
    seen: set[str] = set()
    floor = coder.model.meta.thresholds["trigger"]
    for ex in examples:
        if ex.sentence.id in seen:  # a sentence parsed as two: one article, coded once
            continue
        seen.add(ex.sentence.id)
        out = coder.code_scored(ex.annotated, ex.mentions,
                                coder.rules.code(ex.annotated, ex.mentions))
        events = out.events
        parts = [e for e in examples if e.sentence.id == ex.sentence.id] \
            if len(ex.annotated.spans) > 1 else [ex]
        for part in parts:
            for g in part.sentence.events:
                if part.span.start_char <= g.trigger.start < part.span.end_char:
                    bucket = gold_bucket(g, part, events, out.scores, floor)
                    gold_counts[bucket] += 1
                    if bucket.startswith("  "):
                        gold_counts["trigger not predicted"] += 1
        for e in events:
            wrong = false_bucket(e, ex.sentence.events)
            false_counts["true positive" if wrong is None else wrong] += 1
    return gold_counts, false_counts


def print_table(gold: Counter[str], false: Counter[str]) -> None:
    n_gold = sum(v for k, v in gold.items() if not k.startswith("  "))
    n_pred = sum(false.values())
    print(f"gold events: {n_gold}")
    for b in GOLD_BUCKETS:
        print(f"  {b:<26}{gold[b]:>6}  {gold[b] / max(n_gold, 1):6.1%}")
    print(f"predicted events: {n_pred}")
    for b in ("true positive", *FALSE_BUCKETS):
        print(f"  {b:<26}{false[b]:>6}  {false[b] / max(n_pred, 1):6.1%}")
    p = false["true positive"] / n_pred if n_pred else 0.0
    r = gold["found"] / n_gold if n_gold else 0.0
    print(f"P {p:.3f}  R {r:.3f}  F1 {2 * p * r / (p + r) if p + r else 0.0:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="built corpus (dev is read)")
    ap.add_argument("--model-dir", type=Path, help="model folder (default: the shipped one)")
    args = ap.parse_args()
    parts = Parts.load()
    (dev,) = parse_splits(read_corpus(args.corpus, {"dev"}), parts, ("dev",))
    coder = ModelCoder(parts.kb, parts.lexicon, parts.ontology, model_dir=args.model_dir)
    print_table(*decompose(dev, coder))


if __name__ == "__main__":
    main()
