"""The coders side by side (``coding_accuracy.py --coders rules,model,hybrid``): every set
scored with every coder in one run, a summary table, and for each coder how far its
``confidence`` can be trusted: a reliability table (confidence bin → share of events right)
and the precision reached at recall 0.5 / 0.7 / 0.9 when events below a confidence are left
out (what ``--min-confidence`` trades).

A gold-set event is right when a gold event of its sentence has its type (PLOVER reading on
the PLOVER set) and dyad; a corpus event when it span-matches an annotated event (every event
of a corpus sentence is annotated, so any other is wrong). Recall here is the share of gold
events matched by the events kept above the confidence.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from corpus_sets import CorpusScore, code_corpus, corpus_set_name, print_corpus_score, span_match
from tidings.actors.kb import KnowledgeBase
from tidings.coding.coders import make_coder
from tidings.coding.lexicon import load_lexicon
from tidings.coding.model.calibration import reliability
from tidings.flows.code import make_step
from tidings.records import Article, CodedArticle, Event

RECALLS = (0.5, 0.7, 0.9)


@dataclass
class Judged:
    """Every predicted event of one coder on one set: confidence and whether it is right,
    and which gold event (sentence, index) it matched."""

    name: str
    coder: str
    gold: int
    events: list[tuple[float, bool, tuple[int, int] | None]] = field(default_factory=list)
    seconds: float = 0.0


def steps(names: Sequence[str], model: str, kb: Sequence[Any],
          model_dir: str | None = None) -> dict[str, Any]:
    """One coding step per coder name, sharing one spaCy pipeline; ``model_dir`` is a
    trained model folder (``tidings train --out``) for the model and hybrid coders instead
    of the shipped one."""
    out: dict[str, Any] = {}
    nlp = None
    for name in names:
        coder = None
        if model_dir and name != "rules":
            coder = make_coder(name, KnowledgeBase.load(kb), load_lexicon(), model_dir=model_dir)
        out[name] = make_step(model=model, kb_paths=kb, coder_name=name, nlp=nlp, coder=coder)
        nlp = out[name].nlp
    return out


def code_all(step: Any, texts: Sequence[str], name: str,
             dates: Sequence[str | None] | None = None) -> list[CodedArticle]:
    """Each text coded as a one-sentence article (a reject codes as no event)."""
    articles = [Article(doc_id=f"{name}-{i}", text=t, published=dates[i] if dates else None)
                for i, t in enumerate(texts)]
    return [c if isinstance(c, CodedArticle) else CodedArticle(article=a)
            for a, c in zip(articles, step.run(articles), strict=True)]


def judge(name: str, coder: str, golds: Sequence[Sequence[Any]], coded: list[list[Event]],
          right: Callable[[Any, Event], bool]) -> Judged:
    judged = Judged(name, coder, sum(len(g) for g in golds))
    for s, (gold, events) in enumerate(zip(golds, coded, strict=True)):
        for e in events:
            hit = next((i for i, g in enumerate(gold) if right(g, e)), None)
            judged.events.append((e.confidence, hit is not None,
                                  (s, hit) if hit is not None else None))
    return judged


def gold_right(plover_reading: bool, dyad_match: Callable[..., bool],
               predictions: Callable[..., list[Any]]) -> Callable[[Any, Event], bool]:
    """Right on a gold set: the event, read as ``coding_accuracy.predictions`` reads it,
    matches the gold event's type and dyad."""
    blank = Article(doc_id="-", text="")

    def right(gold: Any, e: Event) -> bool:
        (pred,) = predictions(CodedArticle(article=blank, events=[e]), plover_reading)
        return bool(gold.type == pred[0] and dyad_match(gold, pred))
    return right


def corpus_judged(name: str, coder: str, sentences: Sequence[Any],
                  coded: list[list[Event]]) -> tuple[Judged, CorpusScore]:
    score = CorpusScore(f"{name} [{coder}]")
    for s, events in zip(sentences, coded, strict=True):
        score.add(s, events)
    return judge(name, coder, [s.events for s in sentences], coded, span_match), score


def precision_at_recall(j: Judged) -> dict[float, tuple[float, float] | None]:
    """For each target recall: (precision, confidence threshold) of the highest threshold
    that reaches it, or None when even all events do not."""
    ranked = sorted(j.events, key=lambda x: -x[0])
    found: set[tuple[int, int]] = set()
    out: dict[float, tuple[float, float] | None] = dict.fromkeys(RECALLS)
    right = 0
    for n, (conf, ok, which) in enumerate(ranked, 1):
        right += ok
        if which is not None:
            found.add(which)
        recall = len(found) / j.gold if j.gold else 0.0
        for r in RECALLS:
            if out[r] is None and recall >= r:
                out[r] = (right / n, conf)
    return out


def print_confidence(j: Judged) -> None:
    print(f"\n-- {j.name} [{j.coder}]: confidence reliability ({len(j.events)} events)")
    print("  confidence    events  right")
    for lo, hi, n, share in reliability([e[0] for e in j.events], [e[1] for e in j.events]):
        if n:
            print(f"  {lo:.1f}-{hi:.1f}   {n:8d}  {share:.3f}")
    for r, hit in precision_at_recall(j).items():
        print(f"  precision at recall {r}: " + (f"{hit[0]:.3f} (confidence >= {hit[1]:.3f})"
                                                if hit else "not reached"))


def print_side_by_side(rows: list[tuple[str, str, dict[str, Any], float]]) -> None:
    print("\n== coders side by side")
    print(f"{'set':28} {'coder':8} {'P':>6} {'R':>6} {'F1':>6} {'type|dyad':>9} {'s':>6}")
    for name, coder, s, secs in rows:
        p = s.get("precision", s.get("span_precision"))
        r = s.get("recall", s.get("span_recall"))
        f = s.get("f1", s.get("span_f1"))
        acc = s.get("type_accuracy_given_dyad", "")
        print(f"{name:28} {coder:8} {p:6.3f} {r:6.3f} {f:6.3f} {acc!s:>9} {secs:6.1f}")


def run_corpus_sets(splits: dict[str, list[Any]], coders: dict[str, Any],
                    rows: list[tuple[str, str, dict[str, Any], float]],
                    judged: list[Judged], modes: Sequence[str] = ("sentence",)) -> None:
    for split, sentences in splits.items():
        for mode in modes:
            name = corpus_set_name(split, mode)
            for coder, step in coders.items():
                started = time.monotonic()
                coded, merged = code_corpus(name, sentences, step, mode)
                j, score = corpus_judged(name, coder, sentences, coded)
                score.merged = merged
                print_corpus_score(score)
                rows.append((f"{name} (span)", coder, score.summary(),
                             time.monotonic() - started))
                judged.append(j)


def run_gold_sets(gold_sets: list[tuple[str, list[Any], bool]], coders: dict[str, Any],
                  rows: list[tuple[str, str, dict[str, Any], float]],
                  judged: list[Judged]) -> None:
    from coding_accuracy import Score, dyad_match, predictions, print_score
    from gold import published

    for name, sentences, plover_reading in gold_sets:
        for coder, step in coders.items():
            started = time.monotonic()
            coded = code_all(step, [s.text for s in sentences], name,
                             [published(s.date) for s in sentences])
            score = Score(f"{name} [{coder}]")
            for sent, c in zip(sentences, coded, strict=True):
                score.add(sent, predictions(c, plover_reading))
            print_score(score)
            rows.append((name, coder, score.summary(), time.monotonic() - started))
            judged.append(judge(name, coder, [s.events for s in sentences],
                                [c.events for c in coded],
                                gold_right(plover_reading, dyad_match, predictions)))


def compare(args: Any) -> None:
    """``coding_accuracy.py --coders a,b,c``: every set with every coder, then the summary
    and each coder's confidence tables."""
    from corpus_sets import load_splits
    from gold import load_cameo_map, load_petrarch, load_plover

    coders = steps(args.coders.split(","), args.model, args.kb, args.model_dir)
    gold_sets: list[tuple[str, list[Any], bool]] = []
    if args.plover:
        gold_sets.append(("plover-gsr", load_plover(args.plover), True))
    if args.petrarch:
        sents, _ = load_petrarch(args.petrarch, load_cameo_map(args.cameo_map))
        gold_sets.append(("petrarch2-validation", sents, False))
    rows: list[tuple[str, str, dict[str, Any], float]] = []
    judged: list[Judged] = []
    run_gold_sets(gold_sets, coders, rows, judged)
    if args.corpus:
        run_corpus_sets(load_splits(args.corpus, args.corpus_splits.split(",")), coders, rows,
                        judged, args.corpus_modes.split(","))
    for j in judged:
        print_confidence(j)
    print_side_by_side(rows)
    if args.json_out:  # the side-by-side rows, so one run's numbers can be kept
        args.json_out.write_text(json.dumps(
            [{"set": name, "coder": coder, **summary, "seconds": round(seconds, 1)}
             for name, coder, summary, seconds in rows], indent=2, default=str),
            encoding="utf-8")
