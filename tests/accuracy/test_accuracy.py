"""Accuracy guard (the trafilatura way): the rule coder on a small slice of evaluation
sentences written for this test (``sentences.jsonl``: each sentence with the events a careful
annotator codes, as type, source country, target country and factuality), scored against
the floors pinned in ``baseline.json``.

A change that makes the coder worse than a floor fails here. A floor can only be lowered
on purpose: ``PINNED`` below must say the same numbers as ``baseline.json``, so lowering a
floor means editing both files in the same commit (a reviewer sees it; no git history is
needed, so it holds on a fresh or shallow clone). Raise the floors, in both places, when
the coder improves.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tidings.records import Article, CodedArticle

HERE = Path(__file__).parent
PINNED = {"precision": 0.8, "recall": 0.85, "f1": 0.84}
Key = tuple[str, str | None, str | None, str | None]


def _gold() -> list[tuple[str, list[Key]]]:
    rows = [json.loads(line) for line in
            (HERE / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(r["text"], [tuple(e) for e in r["events"]]) for r in rows]


def _keys(coded: CodedArticle) -> list[Key]:
    return [(e.type, e.source.country if e.source else None,
             e.target.country if e.target else None, e.factuality) for e in coded.events]


def score(pairs: list[tuple[list[Key], list[Key]]]) -> dict[str, float]:
    """Micro precision, recall and F1 over (gold, predicted) event lists per sentence."""
    tp = sum(sum((Counter(gold) & Counter(got)).values()) for gold, got in pairs)
    predicted = sum(len(got) for _, got in pairs)
    expected = sum(len(gold) for gold, _ in pairs)
    p = tp / predicted if predicted else 1.0
    r = tp / expected if expected else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def test_scoring_counts_each_event_once() -> None:
    a, b = ("AID", "NOR", "SDN", "asserted"), ("ACCUSE", "IND", "PAK", "asserted")
    assert score([([a], [a, a]), ([b], [])]) == {"precision": 0.5, "recall": 0.5, "f1": 0.5}


def test_floors_are_pinned() -> None:
    """Lowering a floor in baseline.json alone fails: PINNED must change with it."""
    floors = json.loads((HERE / "baseline.json").read_text(encoding="utf-8"))["floors"]
    assert floors == PINNED


@pytest.mark.model
def test_the_rule_coder_stays_above_its_floors() -> None:
    from tidings.flows.code import make_step

    step = make_step()
    pairs = []
    for text, gold in _gold():
        article = Article(doc_id=Article.make_id(text), text=text, published="2024-05-06")
        (coded,) = list(step.run([article]))
        assert isinstance(coded, CodedArticle)
        pairs.append((gold, _keys(coded)))
    measured = score(pairs)
    floors = json.loads((HERE / "baseline.json").read_text(encoding="utf-8"))["floors"]
    below = {k: round(v, 3) for k, v in measured.items() if v < floors[k]}
    assert not below, f"below the floors {floors}: {below}"
