"""Event-coding accuracy against the PLOVER gold records and the PETRARCH-2 validation set.

Each gold sentence is coded as a one-sentence article. A predicted event is correct when its
(type, source country, target country) matches a gold event of that sentence; a gold event
is found when some prediction matches it. Gold actors listed as joint sources with no
target ("X and Y agreed") accept either order; a gold country left open ("---LEG") matches
any country. PLOVER codes a promise to help as AGREE and a stated intention of force or
sanctions as THREATEN, so predictions are scored in that reading on the PLOVER set (``intent_type``: Tidings
keeps the act's own type with factuality "planned"); PETRARCH-2's gold, like PETRARCH's
output, codes the act whatever its modality ("will supply arms" is 07), so that set is scored
on the raw type. The gold codes a protest or strike with
no named addressee against the protesters' own country; a prediction with the same source and
no target (PLOVER's optional recipient) counts for it. Prints precision, recall and F1, type accuracy given the dyad (among gold
events whose dyad was found, the share where the type is right too), a confusion table of
gold type against the predicted type on the gold dyad, and the most frequent misses.

Example:
    python benchmarks/coding_accuracy.py \\
        --plover ../shared/eval/plover/PLOVER_GSR_CAMEO.txt \\
        --petrarch ../shared/eval/universalpetrarch/PETR2_GSR_validation.xml \\
        --cameo-map ../shared/eval/plover/CAMEO2PLOVER-2021.txt
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_sets import (  # noqa: E402
    MODES,
    corpus_set_name,
    load_splits,
    print_corpus_score,
    run_corpus,
)
from gold import (  # noqa: E402 - benchmarks are scripts; gold.py sits beside this one
    GoldEvent,
    GoldSentence,
    load_cameo_map,
    load_petrarch,
    load_plover,
    published,
)
from tidings.actors.kb import KnowledgeBase  # noqa: E402
from tidings.annotate.models import DEFAULT_MODEL  # noqa: E402
from tidings.coding.lexicon import load_lexicon  # noqa: E402
from tidings.coding.ontology import intent_type  # noqa: E402
from tidings.coding.rules import RuleCoder  # noqa: E402
from tidings.flows.code import make_step  # noqa: E402
from tidings.records import Article, CodedArticle  # noqa: E402

# (type, source country, target country, an actor of unknown country or no source)
Triple = tuple[str, str | None, str | None, bool]


def gold_dyads(ev: GoldEvent) -> list[tuple[str | None, str | None]]:
    srcs = [a.country for a in ev.sources] or [None]
    if ev.targets:
        return [(s, t.country) for s in srcs for t in ev.targets]
    pairs: list[tuple[str | None, str | None]] = [(s, None) for s in srcs]
    pairs += [(s, t) for s in srcs for t in srcs if s != t]  # joint sources: either order
    return pairs


def same(gold: str | None, pred: str | None, open_ok: bool) -> bool:
    return (open_ok and gold is None) or gold == pred


def dyad_match(ev: GoldEvent, pred: Triple) -> bool:
    _, ps, pt, _ = pred
    if pt is None and ev.type in ("PROTEST", "MOBILIZE") and ev.targets and any(
            same(s.country, ps, True) and t.country == s.country
            for s in ev.sources for t in ev.targets):
        return True  # an unaddressed protest: the gold names the protesters' own country
    for gs, gt in gold_dyads(ev):
        if same(gs, ps, True) and (same(gt, pt, bool(ev.targets)) or (gt is None and not
                                                                        ev.targets and pt is None)):
            return True
    return False


@dataclass
class Score:
    name: str
    predictions: int = 0
    correct_predictions: int = 0
    gold: int = 0
    found: int = 0
    dyad_found: int = 0
    type_right_given_dyad: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, object]] = field(default_factory=list)
    unplaced: int = 0  # predictions with an actor of unknown country (never match a country)
    unplaced_correct: int = 0
    by_type: Counter[tuple[str, str]] = field(default_factory=Counter)  # (type, pred|hit|gold|found)

    def add(self, sent: GoldSentence, preds: list[Triple]) -> None:
        self.predictions += len(preds)
        for p in preds:
            right = any(p[0] == ev.type and dyad_match(ev, p) for ev in sent.events)
            self.correct_predictions += right
            self.by_type[(p[0], "pred")] += 1
            self.by_type[(p[0], "hit")] += right
            if p[3]:
                self.unplaced += 1
                self.unplaced_correct += right
        for ev in sent.events:
            self.gold += 1
            hit = any(p[0] == ev.type and dyad_match(ev, p) for p in preds)
            self.by_type[(ev.type, "gold")] += 1
            self.by_type[(ev.type, "found")] += hit
            on_dyad = [p for p in preds if dyad_match(ev, p)]
            self.found += hit
            if on_dyad:
                self.dyad_found += 1
                self.type_right_given_dyad += any(p[0] == ev.type for p in on_dyad)
            predicted = ev.type if hit else (on_dyad[0][0] if on_dyad else "(none)")
            self.confusion[(ev.type, predicted)] += 1
            if not hit:
                reason = "no event on the gold dyad" if not on_dyad else f"typed {predicted}"
                self.misses[f"{ev.type}: {reason}"] += 1
                if len(self.examples) < 400:
                    self.examples.append({"gold": [ev.type, gold_dyads(ev)[:2]],
                                          "predicted": preds, "text": sent.text[:200]})

    def summary(self) -> dict[str, object]:
        p = self.correct_predictions / self.predictions if self.predictions else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.type_right_given_dyad / self.dyad_found if self.dyad_found else 0.0
        placed = self.predictions - self.unplaced
        p_known = (self.correct_predictions - self.unplaced_correct) / placed if placed else 0.0
        return {"set": self.name, "gold_events": self.gold, "predicted_events": self.predictions,
                "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                "dyad_found": self.dyad_found,
                "dyad_recall": round(self.dyad_found / self.gold, 3) if self.gold else 0.0,
                "type_accuracy_given_dyad": round(acc, 3),
                "unknown_country_predictions": self.unplaced,
                "precision_known_countries": round(p_known, 3),
                "per_type_f1": self.per_type_f1()}

    def per_type_f1(self) -> dict[str, float]:
        out = {}
        for t in sorted({t for t, _ in self.by_type}):
            c = self.by_type
            p = c[(t, "hit")] / c[(t, "pred")] if c[(t, "pred")] else 0.0
            r = c[(t, "found")] / c[(t, "gold")] if c[(t, "gold")] else 0.0
            out[t] = round(2 * p * r / (p + r), 3) if p + r else 0.0
        return out


def predictions(coded: CodedArticle, plover_reading: bool) -> list[Triple]:
    return sorted({(intent_type(e.type, e.factuality) if plover_reading else e.type,
                    e.source.country if e.source else None,
                    e.target.country if e.target else None,
                    e.source is None
                    or any(a is not None and a.country is None for a in (e.source, e.target)))
                   for e in coded.events}, key=str)


def run(name: str, sentences: list[GoldSentence], step: object, plover_reading: bool) -> Score:
    score = Score(name)
    articles = [Article(doc_id=f"{name}-{i}", text=s.text, published=published(s.date))
                for i, s in enumerate(sentences)]
    coded = list(step.run(articles))  # type: ignore[attr-defined]
    for sent, c in zip(sentences, coded, strict=True):
        score.add(sent, predictions(c, plover_reading) if isinstance(c, CodedArticle) else [])
    return score


def print_score(score: Score) -> None:
    s = score.summary()
    print(f"\n== {s['set']}: {s['gold_events']} gold events, {s['predicted_events']} predicted")
    print(f"precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}  "
          f"type accuracy given dyad {s['type_accuracy_given_dyad']:.3f} "
          f"(dyad found for {s['dyad_found']})")
    print(f"dyad recall {s['dyad_recall']:.3f}  predictions with an actor of unknown country "
          f"{s['unknown_country_predictions']} (precision without them "
          f"{s['precision_known_countries']:.3f})")
    print("per-type F1: " + "  ".join(f"{t} {v:.2f}" for t, v in s["per_type_f1"].items()))
    types = sorted({g for g, _ in score.confusion})
    cols = sorted({p for _, p in score.confusion}, key=lambda t: (t == "(none)", t))
    print("confusion (rows gold, columns predicted on the gold dyad):")
    print(" " * 10 + "".join(f"{c[:7]:>8}" for c in cols))
    for g in types:
        print(f"{g[:10]:10}" + "".join(f"{score.confusion.get((g, c), 0) or '.':>8}"
                                       for c in cols))
    print("most frequent misses:")
    for reason, n in score.misses.most_common(8):
        print(f"  {n:3}  {reason}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plover", type=Path)
    ap.add_argument("--petrarch", type=Path)
    ap.add_argument("--cameo-map", type=Path)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--kb", type=Path, action="append", default=[],
                    help="extra KB file (e.g. from tidings kb import-phoenix); repeatable")
    ap.add_argument("--json-out", type=Path, help="write the numbers and examples here")
    ap.add_argument("--without-imported", action="store_true",
                    help="leave out the lexicon entries imported from PETRARCH-2's verb "
                         "dictionary (to measure what they add)")
    ap.add_argument("--corpus", type=Path,
                    help="built annotated corpus (tidings corpus build) to score its splits")
    ap.add_argument("--corpus-splits", default="dev,test",
                    help="comma-separated corpus splits to score (dev, test; never train)")
    ap.add_argument("--corpus-modes", default=",".join(MODES),
                    help="comma-separated: 'sentence' codes each corpus sentence alone, "
                         "'article' codes each document once and scores its sentences "
                         "(corpus_sets.py)")
    ap.add_argument("--coders", default="rules",
                    help="comma-separated coders (rules, model, hybrid); more than the rules "
                         "alone runs them side by side with confidence tables (coders_compare.py)")
    ap.add_argument("--model-dir", help="a trained model folder (tidings train --out) for the "
                                        "model and hybrid coders instead of the shipped one")
    args = ap.parse_args()
    if args.coders != "rules":
        from coders_compare import compare

        compare(args)
        return
    coder = None
    if args.without_imported:
        coder = RuleCoder(KnowledgeBase.load(args.kb), load_lexicon(imported=False))
    step = make_step(model=args.model, kb_paths=args.kb, coder=coder)
    scores = []
    if args.plover:
        scores.append(run("plover-gsr", load_plover(args.plover), step, True))
    if args.petrarch:
        if not args.cameo_map:
            ap.error("--petrarch needs --cameo-map")
        sents, unmapped = load_petrarch(args.petrarch, load_cameo_map(args.cameo_map))
        print(f"petrarch-2: {len(sents)} sentences, {unmapped} gold events with CAMEO codes "
              "PLOVER does not cover (left out)")
        scores.append(run("petrarch2-validation", sents, step, False))
    corpus_scores = []
    if args.corpus:
        for split, labelled in load_splits(args.corpus, args.corpus_splits.split(",")).items():
            corpus_scores += [run_corpus(corpus_set_name(split, mode), labelled, step, mode)
                              for mode in args.corpus_modes.split(",")]
    if not scores and not corpus_scores:
        ap.error("give --plover, --petrarch and/or --corpus")
    for corpus_score in corpus_scores:
        print_corpus_score(corpus_score)
    for score in scores:
        print_score(score)
    if args.json_out:
        args.json_out.write_text(json.dumps(
            [{**s.summary(), "misses": dict(s.misses), "examples": s.examples} for s in scores]
            + [c.summary() for c in corpus_scores], indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
