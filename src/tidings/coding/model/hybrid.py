"""``HybridCoder``: the rules and the model together.

Both coders code the article; their events are then compared trigger by trigger:

- **agreed**: the model has an event of the same sentence, type and roles (overlapping phrases,
  or both absent). Kept once, as the rule coder's event (its roles and attributes are the
  richer), at the higher of the two confidences.
- **recoded**: the model codes the rule event's trigger and dyad with another type, at a
  confidence of at least ``override_min``. Kept once with the model's type, mode and scores
  and the rule coder's actors (country-resolved, carried roles), both coders named.
- **vetoed**: a rule event the model neither agrees with nor recodes is dropped when the
  model's trigger head gives its type, at its trigger word, a probability under ``veto``: the
  model has looked at that word and says it is not that event. (The model sees the rules'
  findings as features, so a low score there is a considered "no", not an oversight.)
- **rules only**: otherwise kept when its confidence reaches ``rule_min``.
- **model only**: kept when its calibrated confidence reaches ``model_min`` where the rules
  coded nothing at that trigger, ``extra_min`` where they coded another event there.

The thresholds are tuned on the corpus's dev split by ``tidings train`` (or
``tidings train --tune-only`` on a trained folder) and stored in the model's ``meta.json``,
with two isotonic maps fitted there too (``HybridCalibration``): the confidence of a rule event
kept alone is the rules' heuristic score, and an agreed event's the higher of two, so both are
mapped to the share of such events that were right on dev, as the model's own are.
Every kept event says where it came from in ``evidence.rule`` (``hybrid:agreed`` …), so
``--explain`` can show it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tidings.annotate import AnnotatedArticle
from tidings.coding.base import EventCoder
from tidings.coding.model.calibration import apply_isotonic
from tidings.coding.model.coder import ModelCoder, TriggerScores
from tidings.records import ActorRef, Event, Mention

NEVER = 1.01  # a threshold no confidence reaches


@dataclass(frozen=True)
class HybridThresholds:
    """What the hybrid keeps (module doc). The defaults are the combination before
    recoding and the floor existed: model events at a rule trigger count as model-only."""

    rule_min: float = 0.0
    model_min: float = 0.5
    override_min: float = NEVER
    extra_min: float | None = None  # None: the same as model_min
    veto: float = 0.0  # 0: the model's trigger scores never drop a rule event

    @property
    def extra(self) -> float:
        return self.model_min if self.extra_min is None else self.extra_min

    @staticmethod
    def from_meta(tuned: Mapping[str, float]) -> HybridThresholds:
        """The thresholds in a model's ``meta.json`` (``hybrid_rule``, ``hybrid_model``,
        ``hybrid_override``, ``hybrid_extra``, ``hybrid_veto``; older models have the first
        two only)."""
        return HybridThresholds(rule_min=tuned.get("hybrid_rule", 0.0),
                                model_min=tuned.get("hybrid_model", 0.5),
                                override_min=tuned.get("hybrid_override", NEVER),
                                extra_min=tuned.get("hybrid_extra"),
                                veto=tuned.get("hybrid_veto", 0.0))

    def as_meta(self) -> dict[str, float]:
        return {"hybrid_rule": self.rule_min, "hybrid_model": self.model_min,
                "hybrid_override": self.override_min, "hybrid_extra": self.extra,
                "hybrid_veto": self.veto}


Table = tuple[tuple[float, ...], tuple[float, ...]]  # isotonic (scores, probabilities)


@dataclass(frozen=True)
class HybridCalibration:
    """Isotonic maps (``calibration.py``) for the hybrid's events whose confidence is not
    already the model's calibrated one: rule events kept alone, and agreed events. None
    leaves that confidence as it is."""

    rules: Table | None = None
    agreed: Table | None = None

    @staticmethod
    def from_meta(raw: Mapping[str, Any]) -> HybridCalibration:
        """``hybrid_calibration`` of a model's ``meta.json`` (absent in older models)."""
        tables = raw.get("hybrid_calibration") or {}

        def table(name: str) -> Table | None:
            t = tables.get(name)
            return (tuple(t["scores"]), tuple(t["probabilities"])) if t else None
        return HybridCalibration(table("rules"), table("agreed"))

    def as_meta(self) -> dict[str, dict[str, list[float]]]:
        return {name: {"scores": list(t[0]), "probabilities": list(t[1])}
                for name, t in (("rules", self.rules), ("agreed", self.agreed)) if t}

    def map(self, table: Table | None, confidence: float) -> float:
        return confidence if table is None else round(apply_isotonic(confidence, table), 3)


class HybridCoder:
    """Rules and model combined. ``name`` is ``hybrid/<rules name>+<model name>``."""

    def __init__(self, rules: EventCoder, model: ModelCoder,
                 thresholds: HybridThresholds | None = None,
                 min_confidence: float = 0.0,
                 calibration: HybridCalibration | None = None) -> None:
        self.rules = rules
        self.model = model
        self._thresholds = thresholds
        self._calibration = calibration
        self.min_confidence = min_confidence

    @property
    def name(self) -> str:
        return f"hybrid/{self.rules.name}+{self.model.name}"

    def thresholds(self) -> HybridThresholds:
        """As given, else the model's tuned ones (read from its metadata once, when the
        first article needs them: the model loads lazily)."""
        if self._thresholds is None:
            self._thresholds = HybridThresholds.from_meta(self.model.model.meta.thresholds)
        return self._thresholds

    def calibration(self) -> HybridCalibration:
        """As given, else the model's (fitted on dev with its tuned thresholds; read once)."""
        if self._calibration is None:
            self._calibration = HybridCalibration.from_meta(self.model.model.meta.raw)
        return self._calibration

    def code(self, annotated: AnnotatedArticle, mentions: list[Mention]) -> list[Event]:
        rule_events = self.rules.code(annotated, mentions)
        out = self.model.code_scored(annotated, mentions, rule_events)
        events = combine(rule_events, out.events, self.thresholds(), out.scores,
                         self.calibration())
        return [dataclasses.replace(e, coder=self.name) for e in events
                if e.confidence >= self.min_confidence]


def combine(rule_events: Sequence[Event], model_events: Sequence[Event],
            thresholds: HybridThresholds, scores: TriggerScores | None = None,
            calibration: HybridCalibration = HybridCalibration()) -> list[Event]:
    """The hybrid's choice among both coders' events of one article (see the module doc);
    ``scores`` are the model's trigger probabilities (no veto without them)."""
    kept: list[Event] = []
    used: set[int] = set()
    for r in rule_events:
        event = _from_rule_event(r, model_events, thresholds, used, scores, calibration)
        if event is not None:
            kept.append(event)
    for i, m in enumerate(model_events):
        if i in used:
            continue
        contested = any(same_trigger(r, m) for r in rule_events)
        if m.confidence >= (thresholds.extra if contested else thresholds.model_min):
            kept.append(_noted(m, "model-extra" if contested else "model"))
    return sorted(kept, key=lambda e: (e.evidence.sentence_kind != "title",
                                       e.evidence.sentence_kind, e.evidence.start))


def _from_rule_event(r: Event, model_events: Sequence[Event], thresholds: HybridThresholds,
                     used: set[int], scores: TriggerScores | None,
                     calibration: HybridCalibration) -> Event | None:
    """What becomes of one rule event: agreed, recoded by the model, kept alone or dropped;
    the model events it consumed are added to ``used``."""
    agreeing = [i for i, m in enumerate(model_events) if same_event(r, m)]
    if agreeing:
        used.update(agreeing)
        best = max(model_events[i].confidence for i in agreeing)
        # "agreed:model S" is what --explain reads as model_agreed
        return dataclasses.replace(
            _noted(r, f"agreed|agreed:model {best:.3f}|raw:{max(r.confidence, best):.3f}"),
            confidence=calibration.map(calibration.agreed, max(r.confidence, best)))
    recoding = [i for i, m in enumerate(model_events) if m.type != r.type
                and same_trigger(r, m) and same_dyad(r, m)
                and m.confidence >= thresholds.override_min]
    if recoding:
        best_i = max(recoding, key=lambda i: model_events[i].confidence)
        used.add(best_i)
        return recoded(r, model_events[best_i])
    p_type = model_probability(r, scores)
    if p_type is not None and p_type < thresholds.veto:
        return None
    if r.confidence < thresholds.rule_min:
        return None
    how = "rules" + ("" if p_type is None else f" model-p {p_type:.3f}")
    return dataclasses.replace(_noted(r, f"{how}|raw:{r.confidence:.3f}"),
                               confidence=calibration.map(calibration.rules, r.confidence))


def model_probability(e: Event, scores: TriggerScores | None) -> float | None:
    """The model's probability that ``e``'s trigger word triggers an event of ``e``'s type
    (None when it did not score that word)."""
    if scores is None or e.evidence.trigger_start is None:
        return None
    return scores.probability((e.evidence.sentence_kind, e.evidence.start,
                               e.evidence.trigger_start), e.type)


def recoded(r: Event, m: Event) -> Event:
    """The model's event (type, mode, scores, confidence) with the rule event's actors: the
    model is the better judge of the type on our news, the rules of who the actors are."""
    note = f"recoded|rules:{r.type} {r.confidence:.3f} {r.evidence.rule.split('|', 1)[0]}"
    return dataclasses.replace(_noted(m, note), source=r.source or m.source,
                               target=r.target or m.target,
                               target_missing=r.target_missing if r.target else m.target_missing)


def origin(e: Event) -> str | None:
    """Where a hybrid event came from (agreed, recoded, rules, model, model-extra), as its
    ``evidence.rule`` says; None for another coder's event."""
    for part in e.evidence.rule.split("|"):
        if part.startswith("hybrid:"):
            return part.removeprefix("hybrid:").split(" ", 1)[0]
    return None


def _noted(e: Event, how: str) -> Event:
    """``e`` with the hybrid's choice appended to its ``evidence.rule`` (``|hybrid:how``)."""
    return dataclasses.replace(e, evidence=dataclasses.replace(
        e.evidence, rule=f"{e.evidence.rule}|hybrid:{how}"))


def same_trigger(a: Event, b: Event) -> bool:
    """The same trigger word of the same sentence."""
    return (a.evidence.trigger_start is not None
            and a.evidence.trigger_start == b.evidence.trigger_start and same_sentence(a, b))


def same_sentence(a: Event, b: Event) -> bool:
    return (a.evidence.start == b.evidence.start
            and a.evidence.sentence_kind == b.evidence.sentence_kind)


def same_dyad(a: Event, b: Event) -> bool:
    """Each role the same phrase (overlapping) or absent in both."""
    return same_actor(a.source, b.source) and same_actor(a.target, b.target)


def same_event(a: Event, b: Event) -> bool:
    """Same sentence, same type, and each role the same phrase (overlapping) or absent in
    both."""
    return a.type == b.type and same_sentence(a, b) and same_dyad(a, b)


def same_actor(a: ActorRef | None, b: ActorRef | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if None in (a.start, a.end, b.start, b.end):
        return a.text.lower() == b.text.lower()
    assert a.start is not None and a.end is not None and b.start is not None \
        and b.end is not None
    return a.start < b.end and b.start < a.end
