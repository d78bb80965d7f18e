"""``HybridCoder``: the rules and the model together.

An event both coders find (same sentence, type, and overlapping source and target, or both
absent) is kept once, as the rule coder's event (its roles and attributes are the richer),
with the higher of the two confidences and the model's agreement noted in its rule. An event
only the rules find is kept when its confidence reaches ``rule_min``; one only the model finds
when its calibrated confidence reaches ``model_min``. Both thresholds are tuned on the
corpus's dev split by ``tidings train`` and stored in the model's ``meta.json``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from tidings.annotate import AnnotatedArticle
from tidings.coding.base import EventCoder
from tidings.coding.model.coder import ModelCoder
from tidings.records import ActorRef, Event, Mention


class HybridCoder:
    """Rules and model combined. ``name`` is ``hybrid/<rules name>+<model name>``."""

    def __init__(self, rules: EventCoder, model: ModelCoder, rule_min: float | None = None,
                 model_min: float | None = None, min_confidence: float = 0.0) -> None:
        self.rules = rules
        self.model = model
        self._rule_min = rule_min
        self._model_min = model_min
        self.min_confidence = min_confidence

    @property
    def name(self) -> str:
        return f"hybrid/{self.rules.name}+{self.model.name}"

    def thresholds(self) -> tuple[float, float]:
        """(rule_min, model_min): as given, else the model's tuned ones."""
        tuned = self.model.model.meta.thresholds
        return (self._rule_min if self._rule_min is not None else tuned.get("hybrid_rule", 0.0),
                self._model_min if self._model_min is not None
                else tuned.get("hybrid_model", 0.5))

    def code(self, annotated: AnnotatedArticle, mentions: list[Mention]) -> list[Event]:
        rule_min, model_min = self.thresholds()
        rule_events = self.rules.code(annotated, mentions)
        events = combine(rule_events, self.model.code_with_rules(annotated, mentions,
                                                                 rule_events),
                         rule_min, model_min)
        return [dataclasses.replace(e, coder=self.name) for e in events
                if e.confidence >= self.min_confidence]


def combine(rule_events: Sequence[Event], model_events: Sequence[Event], rule_min: float,
            model_min: float) -> list[Event]:
    """The hybrid's choice among both coders' events of one article (see the module doc)."""
    kept: list[Event] = []
    used: set[int] = set()
    for r in rule_events:
        agreeing = [i for i, m in enumerate(model_events) if same_event(r, m)]
        if agreeing:
            used.update(agreeing)
            best = max(model_events[i].confidence for i in agreeing)
            evidence = dataclasses.replace(r.evidence,
                                           rule=f"{r.evidence.rule}|agreed:model {best:.3f}")
            kept.append(dataclasses.replace(r, evidence=evidence,
                                            confidence=max(r.confidence, best)))
        elif r.confidence >= rule_min:
            kept.append(r)
    kept.extend(m for i, m in enumerate(model_events)
                if i not in used and m.confidence >= model_min)
    return sorted(kept, key=lambda e: (e.evidence.sentence_kind != "title",
                                       e.evidence.sentence_kind, e.evidence.start))


def same_event(a: Event, b: Event) -> bool:
    """Same sentence, same type, and each role the same phrase (overlapping) or absent in
    both."""
    return (a.type == b.type and a.evidence.start == b.evidence.start
            and a.evidence.sentence_kind == b.evidence.sentence_kind
            and same_actor(a.source, b.source) and same_actor(a.target, b.target))


def same_actor(a: ActorRef | None, b: ActorRef | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if None in (a.start, a.end, b.start, b.end):
        return a.text.lower() == b.text.lower()
    assert a.start is not None and a.end is not None and b.start is not None \
        and b.end is not None
    return a.start < b.end and b.start < a.end
