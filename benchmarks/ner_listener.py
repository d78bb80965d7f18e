"""Could the entity recognizer listen to the pipeline's shared embedding? (issue 19, lever a)

The stock ``en_core_web_sm`` recognizer has an embedding of its own (a 4-layer, width-96
``Tok2Vec`` beside the shared one that the tagger and parser listen to); on the sentences
the filtered rule-coder run sends it, that embedding is about 30% of the recognizer's time.
This trains the alternative and measures it before anything ships: a recognizer with the
stock one's transition model (hidden width 64, maxout 2, upper layer) whose input is the
shared ``tok2vec`` (frozen, its output read from ``doc.tensor``), trained on silver labels
(the stock recognizer's entities) on Reuters stories after the benchmark's first 1,000
(``--skip``), with a fixed seed, on CPU, within ``--minutes``. It reports the agreement
with the stock recognizer (entity F1, exact span and label) on held-out stories and the
recognizer's CPU time on them, both ways.

Example:
    python benchmarks/ner_listener.py ../shared/corpora/reuters-21578 --skip 1000 \\
        --train 3000 --held-out 300 --minutes 20 --out /tmp/ner-listener
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch
from thinc.api import Adam

from tidings.annotate.models import DEFAULT_MODEL
from tidings.flows.read import read_articles
from tidings.records import Article

LISTENER_NER = {
    "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
    "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
    "nO": None,
    "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96,
                "upstream": "tok2vec"},
}


def stories(paths: list[str], skip: int, count: int) -> list[str]:
    """The texts of ``count`` distinct stories after the first ``skip`` (the benchmark's)."""
    texts: list[str] = []
    seen = 0
    for item in read_articles(paths):
        if isinstance(item, Article) and not item.duplicate_of:
            seen += 1
            if seen > skip:
                texts.append(item.text)
                if len(texts) >= count:
                    break
    return texts


def student(model: str) -> Language:
    """The stock pipeline with its recognizer replaced by one listening to ``tok2vec``."""
    nlp = spacy.load(model, exclude=["ner"])
    nlp.add_pipe("ner", config={"model": LISTENER_NER})
    return nlp


def embedded(nlp: Language, texts: list[str]) -> list[Doc]:
    """The texts tokenized with the shared embedding's output on ``doc.tensor`` (frozen, so
    computed once and read by the listener in every epoch)."""
    return list(nlp.get_pipe("tok2vec").pipe(  # type: ignore[attr-defined]
        (nlp.make_doc(t) for t in texts), batch_size=64))


def train(nlp: Language, examples: list[Example], minutes: float, seed: int
          ) -> tuple[Adam, dict[str, Any]]:
    """Epochs over ``examples`` until ``minutes`` of wall time are spent. The optimizer
    keeps the averaged parameters, which are the ones to use (as in spaCy's training)."""
    ner = nlp.get_pipe("ner")
    ner.initialize(lambda: examples, nlp=nlp)  # type: ignore[attr-defined]
    nlp._link_components()
    optimizer = Adam(0.001, L2=0.01, grad_clip=1.0, use_averages=True)
    rng = random.Random(seed)
    start, epochs, losses = time.perf_counter(), 0, {}
    while time.perf_counter() - start < minutes * 60:
        order = examples[:]
        rng.shuffle(order)
        losses = {}
        for batch in minibatch(order, size=16):
            ner.update(batch, drop=0.1, sgd=optimizer, losses=losses)  # type: ignore[attr-defined]
            if time.perf_counter() - start >= minutes * 60:
                break
        epochs += 1
    return optimizer, {"epochs_begun": epochs, "train_minutes": round((time.perf_counter() - start) / 60, 1),
            "last_loss": round(float(losses.get("ner", 0.0)), 1)}


def agreement(gold: list[Doc], pred: list[Doc]) -> dict[str, float]:
    """Entity F1 of ``pred`` against ``gold`` (exact span and label)."""
    g = {(i, e.start, e.end, e.label_) for i, d in enumerate(gold) for e in d.ents}
    p = {(i, e.start, e.end, e.label_) for i, d in enumerate(pred) for e in d.ents}
    tp = len(g & p)
    precision, recall = tp / max(len(p), 1), tp / max(len(g), 1)
    return {"entities_stock": len(g), "entities_student": len(p),
            "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 4)}


def timed_ner(nlp: Language, docs: list[Doc]) -> tuple[list[Doc], float]:
    start = time.process_time()
    out = list(nlp.get_pipe("ner").pipe(docs, batch_size=32))  # type: ignore[attr-defined]
    return out, time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--skip", type=int, default=1000, help="stories kept out (the benchmark's)")
    ap.add_argument("--train", type=int, default=3000)
    ap.add_argument("--held-out", type=int, default=300)
    ap.add_argument("--minutes", type=float, default=20.0, help="training wall time")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--out", type=Path, help="save the trained pipeline here")
    args = ap.parse_args()
    fix_random_seed(args.seed)
    texts = stories(args.paths, args.skip, args.train + args.held_out)
    train_texts, test_texts = texts[:args.train], texts[args.train:]
    stock = spacy.load(args.model)
    nlp = student(args.model)
    silver = list(stock.pipe(train_texts, batch_size=64))
    docs = embedded(nlp, train_texts)
    examples = [Example.from_dict(d, {"entities": [(e.start_char, e.end_char, e.label_)
                                                   for e in s.ents]})
                for d, s in zip(docs, silver, strict=True)]
    optimizer, trained = train(nlp, examples, args.minutes, args.seed)
    result: dict[str, Any] = {"train_stories": len(train_texts),
                              "train_tokens": sum(len(d) for d in docs), **trained}
    stock_out, stock_s = timed_ner(stock, [stock.make_doc(t) for t in test_texts])
    with nlp.get_pipe("ner").model.use_params(optimizer.averages):  # type: ignore[attr-defined]
        student_out, student_s = timed_ner(nlp, embedded(nlp, test_texts))
        if args.out:
            nlp.to_disk(args.out)
    result.update(held_out_stories=len(test_texts), **agreement(stock_out, student_out),
                  ner_cpu_s_stock=round(stock_s, 2), ner_cpu_s_student=round(student_s, 2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
