"""The sentence filter against the full parse: events lost, sentences skipped, time saved.

For each set (article paths, the PLOVER gold records, the PETRARCH-2 validation set) codes the
same articles twice with the rule coder, in one process: once parsing every sentence
(``skip_sentences=False``, what Tidings did before) and once parsing only the sentences the
filter keeps (the default). Reports the share of sentences skipped and the difference, event
for event: by ``event_id`` (doc, sentence start, trigger, source, target) and by a looser key
(doc, type, trigger offset, source and target country) that ignores a moved sentence start.
With ``--speed`` it also times, start-up included, spaCy's own full parse of the same texts
(``spacy.load`` + ``nlp.pipe``) against the filtered ``tidings code`` run (model, KB,
lexicon and filter loaded fresh), taking turns on chunks of 100 articles, and reports the
peak memory of the process and the machine's load (it is shared); wall and CPU time.

Gold sets are one sentence per article, so the lead sentences (always parsed) would keep them
all; ``--lead 0`` measures the filter alone there.

Example:
    python benchmarks/sentence_filter.py ../shared/corpora/reuters-21578 --limit 1000 --speed
    python benchmarks/sentence_filter.py --lead 0 --plover ../shared/eval/plover/PLOVER_GSR_CAMEO.txt \\
        --petrarch ../shared/eval/universalpetrarch/PETR2_GSR_validation.xml \\
        --cameo-map ../shared/eval/plover/CAMEO2PLOVER-2021.txt
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gold import load_cameo_map, load_petrarch, load_plover, published  # noqa: E402
from tidings.annotate.models import DEFAULT_MODEL, load_model  # noqa: E402
from tidings.flows.code import LEAD_SENTENCES, CodeStep, make_step  # noqa: E402
from tidings.flows.read import read_articles  # noqa: E402
from tidings.records import Article, CodedArticle, Event  # noqa: E402


def _loose(e: Event) -> tuple[Any, ...]:
    return (e.doc_id, e.type, e.evidence.sentence_kind, e.evidence.trigger_start,
            e.source.country if e.source else None, e.target.country if e.target else None)


def _run(step: CodeStep, articles: list[Article]) -> tuple[float, list[CodedArticle]]:
    start = time.perf_counter()
    coded = [c for c in step.run(articles) if isinstance(c, CodedArticle)]
    return time.perf_counter() - start, coded


def compare(name: str, articles: list[Article], model: str, lead: int) -> dict[str, Any]:
    """Both runs over ``articles`` and their difference."""
    full = make_step(model=model, skip_sentences=False)
    fast = make_step(model=model, nlp=full.nlp)
    fast.keep = dataclasses.replace(fast.keep, lead=lead) if fast.keep else None
    full_s, a = _run(full, articles)
    fast_s, b = _run(fast, articles)
    ea = [e for c in a for e in c.events]
    eb = [e for c in b for e in c.events]
    ids_a, ids_b = {e.event_id for e in ea}, {e.event_id for e in eb}
    loose_a, loose_b = {_loose(e) for e in ea}, {_loose(e) for e in eb}
    kept = sum(len(c.sentences) for c in b)
    skipped = sum(c.skipped_sentences for c in b)
    return {
        "set": name, "articles": len(articles), "lead": lead,
        "sentences_full_parse": sum(len(c.sentences) for c in a),
        "sentences_parsed": kept, "sentences_skipped": skipped,
        "share_skipped": round(skipped / max(kept + skipped, 1), 3),
        "events_full_parse": len(ea), "events_filtered": len(eb),
        "lost_by_id": len(ids_a - ids_b), "new_by_id": len(ids_b - ids_a),
        "lost_by_id_pct": round(100 * len(ids_a - ids_b) / max(len(ids_a), 1), 2),
        "lost_loose": len(loose_a - loose_b), "new_loose": len(loose_b - loose_a),
        "lost_loose_pct": round(100 * len(loose_a - loose_b) / max(len(loose_a), 1), 2),
        "identical_articles": sum(1 for x, y in zip(a, b, strict=True)
                                  if [e.event_id for e in x.events]
                                  == [e.event_id for e in y.events]),
        "seconds_full_parse": round(full_s, 1), "seconds_filtered": round(fast_s, 1),
        "examples_lost": [e.evidence.sentence[:160] for e in ea
                          if e.event_id not in ids_b][:5],
    }


def speed(articles: list[Article], model: str, chunk: int = 100) -> dict[str, Any]:
    """spaCy's full parse against the filtered rule-coder run, loading included. The two take
    turns on chunks of ``chunk`` articles, so a change in the shared machine's load between
    the start and the end of the run weighs on both alike. Wall and CPU time of each (the
    CPU time, ``time.process_time``, moves less with the load of a shared machine)."""
    import spacy

    load_before = os.getloadavg()[0]
    wall, cpu = {"spacy": 0.0, "startup": 0.0, "code": 0.0}, {"spacy": 0.0, "tidings": 0.0}

    def timed(name: str, side: str, work: Callable[[], Any]) -> Any:
        start, start_cpu = time.perf_counter(), time.process_time()
        out = work()
        wall[name] += time.perf_counter() - start
        cpu[side] += time.process_time() - start_cpu
        return out

    nlp = timed("spacy", "spacy", lambda: spacy.load(model))
    load_model.cache_clear()
    step = timed("startup", "tidings", lambda: make_step(model=model))
    for i in range(0, len(articles), chunk):
        part = articles[i:i + chunk]
        texts = [a.text for a in part]
        timed("spacy", "spacy", lambda texts=texts: sum(  # type: ignore[misc]
            1 for _ in nlp.pipe(texts, batch_size=64)))
        timed("code", "tidings", lambda part=part: _run(step, part))  # type: ignore[misc]
    total = wall["startup"] + wall["code"]
    return {"spacy_load_and_parse_s": round(wall["spacy"], 1),
            "tidings_startup_s": round(wall["startup"], 1),
            "tidings_code_s": round(wall["code"], 1),
            "tidings_vs_spacy_time": round(total / wall["spacy"], 2),
            "spacy_cpu_s": round(cpu["spacy"], 1), "tidings_cpu_s": round(cpu["tidings"], 1),
            "tidings_vs_spacy_cpu": round(cpu["tidings"] / cpu["spacy"], 2),
            "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "load_average_at_start_and_end": [round(load_before, 1),
                                              round(os.getloadavg()[0], 1)]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--limit", type=int, default=1000, help="articles from the paths")
    ap.add_argument("--plover", type=Path)
    ap.add_argument("--petrarch", type=Path)
    ap.add_argument("--cameo-map", type=Path)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--lead", type=int, default=LEAD_SENTENCES,
                    help="sentences always parsed at the start of each text")
    ap.add_argument("--speed", action="store_true", help="also time against spaCy's parse")
    args = ap.parse_args()
    results: list[dict[str, Any]] = []
    articles: list[Article] = []
    if args.paths:
        for item in read_articles(args.paths):
            if isinstance(item, Article) and not item.duplicate_of:
                articles.append(item)
                if args.limit and len(articles) >= args.limit:
                    break
        if args.speed:  # first, while nothing else has warmed the caches for Tidings
            results.append({"set": "speed", **speed(articles, args.model)})
        results.append(compare("articles", articles, args.model, args.lead))
    gold = []
    if args.plover:
        gold.append(("plover-gsr", load_plover(args.plover)))
    if args.petrarch and args.cameo_map:
        gold.append(("petrarch2-validation",
                     load_petrarch(args.petrarch, load_cameo_map(args.cameo_map))[0]))
    for name, sentences in gold:
        docs = [Article(doc_id=f"{name}-{i}", text=s.text, published=published(s.date))
                for i, s in enumerate(sentences)]
        results.append(compare(name, docs, args.model, args.lead))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
