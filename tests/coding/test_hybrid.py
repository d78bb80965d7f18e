"""Model-free tests of the hybrid's combination (``coding/model/hybrid.py``): agreement,
recoding, the model's veto on rule events, and which threshold each single-coder event meets.
Events are built by hand; the sentence is "Border guards detained two smugglers near the
crossing." (source 0-13, trigger "detained" 14-22, target 23-37)."""

from __future__ import annotations

import numpy as np
import pytest

from tidings.coding.model.coder import TriggerScores
from tidings.coding.model.hybrid import (
    NEVER,
    HybridCalibration,
    HybridThresholds,
    combine,
    model_probability,
    origin,
    recoded,
    same_actor,
    same_trigger,
)
from tidings.records import ActorRef, Event, Evidence

TYPES = ("ASSAULT", "COERCE", "PROTEST")
SOURCE, TRIGGER, TARGET = (0, 13), 14, (23, 37)


def _event(type_: str, conf: float, coder: str, src: tuple[int, int] = SOURCE,
           tgt: tuple[int, int] | None = TARGET, trigger: int = TRIGGER,
           country: str | None = None) -> Event:
    ev = Evidence(sentence="s", start=0, end=60, trigger="t", rule=f"{coder}:entry",
                  trigger_start=trigger, trigger_end=trigger + 8)
    return Event(event_id=f"{coder}{type_}{src}{tgt}{trigger}", doc_id="d", type=type_,
                 source=ActorRef("border guards", start=src[0], end=src[1], country=country),
                 target=ActorRef("two smugglers", start=tgt[0], end=tgt[1]) if tgt else None,
                 evidence=ev, confidence=conf, coder=coder)


def _scores(row: dict[str, float], at: int = TRIGGER) -> TriggerScores:
    """Trigger scores with one scored word at ``at``: ``row`` by type, the rest "none"."""
    probs = np.array([1.0 - sum(row.values())] + [row.get(t, 0.0) for t in TYPES])
    return TriggerScores(TYPES, {("body", 0, at): probs})


def _how(e: Event) -> str:
    return dict(p.split(":", 1) for p in e.evidence.rule.split("|"))["hybrid"]


def test_agreement_is_kept_once_as_the_rule_event_at_the_higher_confidence() -> None:
    kept = combine([_event("COERCE", 0.4, "rules")],
                   [_event("COERCE", 0.8, "model", src=(5, 13), tgt=(27, 37))],
                   HybridThresholds(rule_min=0.5, model_min=0.5))
    assert [(e.type, e.coder) for e in kept] == [("COERCE", "rules")]
    assert kept[0].confidence == 0.8 and "|agreed:model 0.800|raw:0.800" in kept[0].evidence.rule
    assert _how(kept[0]) == "agreed" and origin(kept[0]) == "agreed"


def test_single_coder_events_meet_their_own_thresholds() -> None:
    rules = [_event("ASSAULT", 0.3, "rules", trigger=40)]  # another trigger word
    model = [_event("PROTEST", 0.7, "model", tgt=None, trigger=50),
             _event("REJECT", 0.2, "model", trigger=55)]
    kept = combine(rules, model, HybridThresholds(rule_min=0.5, model_min=0.5))
    assert [(e.type, _how(e)) for e in kept] == [("PROTEST", "model")]
    kept = combine(rules, model, HybridThresholds(rule_min=0.0, model_min=0.1))
    assert [e.type for e in kept] == ["ASSAULT", "PROTEST", "REJECT"]


def test_a_model_event_at_a_rule_trigger_meets_extra_min_not_model_min() -> None:
    rules = [_event("COERCE", 0.6, "rules")]
    model = [_event("COERCE", 0.45, "model", src=(40, 50), tgt=None)]  # other roles
    loose = HybridThresholds(model_min=0.4, extra_min=0.5)
    assert [e.coder for e in combine(rules, model, loose)] == ["rules"]
    kept = combine(rules, model, HybridThresholds(model_min=0.5, extra_min=0.4))
    assert [(e.coder, _how(e)) for e in kept] == [("rules", "rules"),
                                                  ("model", "model-extra")]


def test_the_model_recodes_a_rule_events_type_and_keeps_the_rules_actors() -> None:
    rule = _event("COERCE", 0.6, "rules", country="AAA")
    model = _event("ASSAULT", 0.7, "model", src=(7, 13))
    kept = combine([rule], [model], HybridThresholds(override_min=0.6))
    assert len(kept) == 1
    (e,) = kept
    assert (e.type, e.confidence, e.coder) == ("ASSAULT", 0.7, "model")
    assert e.source == rule.source and e.source is not None and e.source.country == "AAA"
    assert _how(e) == "recoded" and "|rules:COERCE 0.600 rules:entry" in e.evidence.rule
    # under the override threshold both stay, each on its own terms
    kept = combine([rule], [model], HybridThresholds(override_min=0.8, model_min=0.5))
    assert sorted(e.type for e in kept) == ["ASSAULT", "COERCE"]


def test_recoding_needs_the_same_trigger_and_dyad() -> None:
    rule = _event("COERCE", 0.6, "rules")
    th = HybridThresholds(override_min=0.5, model_min=NEVER, extra_min=NEVER)
    elsewhere = _event("ASSAULT", 0.9, "model", trigger=40)
    other_target = _event("ASSAULT", 0.9, "model", tgt=(45, 50))
    for model in (elsewhere, other_target):
        assert [e.type for e in combine([rule], [model], th)] == ["COERCE"]


def test_the_model_vetoes_a_rule_event_it_scored_low_for_that_type() -> None:
    rules = [_event("COERCE", 0.9, "rules")]
    low, high = _scores({"COERCE": 0.04, "ASSAULT": 0.1}), _scores({"COERCE": 0.3})
    assert combine(rules, [], HybridThresholds(veto=0.1), low) == []
    (kept,) = combine(rules, [], HybridThresholds(veto=0.1), high)
    assert _how(kept) == "rules model-p 0.300" and origin(kept) == "rules"
    assert len(combine(rules, [], HybridThresholds(veto=0.0), low)) == 1  # 0: no veto
    # a word the model did not score, or no scores at all: the rule event stands
    assert len(combine(rules, [], HybridThresholds(veto=0.1), _scores({}, at=40))) == 1
    assert len(combine(rules, [], HybridThresholds(veto=0.1))) == 1


def test_agreement_overrides_a_low_trigger_score() -> None:
    rules = [_event("COERCE", 0.5, "rules")]
    model = [_event("COERCE", 0.3, "model")]
    kept = combine(rules, model, HybridThresholds(veto=0.3), _scores({"COERCE": 0.2}))
    assert [_how(e) for e in kept] == ["agreed"]


def test_thresholds_read_older_metadata_as_the_old_combination() -> None:
    old = HybridThresholds.from_meta({"hybrid_rule": 0.8, "hybrid_model": 0.2})
    assert (old.rule_min, old.model_min, old.extra, old.override_min, old.veto) == \
        (0.8, 0.2, 0.2, NEVER, 0.0)
    new = HybridThresholds(0.5, 0.3, 0.6, 0.4, 0.1)
    assert HybridThresholds.from_meta(new.as_meta()) == new


def test_trigger_scores_answer_only_for_scored_words_and_known_types() -> None:
    scores = _scores({"PROTEST": 0.7})
    event = _event("PROTEST", 0.5, "rules")
    assert model_probability(event, scores) == pytest.approx(0.7)
    assert scores.probability(("body", 0, TRIGGER), "SANCTION") is None
    assert scores.probability(("title", 0, TRIGGER), "PROTEST") is None
    assert model_probability(event, None) is None


def test_same_trigger_and_same_actor() -> None:
    a = _event("COERCE", 0.5, "rules")
    assert same_trigger(a, _event("ASSAULT", 0.5, "model", src=(40, 45)))
    assert not same_trigger(a, _event("COERCE", 0.5, "model", trigger=40))
    assert same_actor(None, None)
    assert not same_actor(ActorRef("a", start=0, end=3), None)
    assert same_actor(ActorRef("a", start=0, end=3), ActorRef("ab", start=2, end=6))
    assert not same_actor(ActorRef("a", start=0, end=3), ActorRef("c", start=3, end=6))


def test_recoded_keeps_the_model_target_where_the_rules_had_none() -> None:
    rule = _event("PROTEST", 0.6, "rules", tgt=None)
    model = _event("COERCE", 0.7, "model")
    e = recoded(rule, model)
    assert e.target == model.target and e.source == rule.source and e.type == "COERCE"


def test_calibration_maps_rule_only_and_agreed_confidence_and_leaves_the_model_s() -> None:
    cal = HybridCalibration(rules=((0.5, 0.9), (0.1, 0.3)), agreed=((0.0, 1.0), (0.5, 0.9)))
    rules = [_event("COERCE", 0.9, "rules"), _event("ASSAULT", 0.7, "rules", trigger=40)]
    model = [_event("COERCE", 0.6, "model"), _event("PROTEST", 0.55, "model", trigger=50)]
    kept = combine(rules, model, HybridThresholds(model_min=0.5), None, cal)
    got = {e.type: (origin(e), e.confidence) for e in kept}
    assert got == {"COERCE": ("agreed", 0.86), "ASSAULT": ("rules", 0.2),
                   "PROTEST": ("model", 0.55)}
    assert "|raw:0.700" in next(e for e in kept if e.type == "ASSAULT").evidence.rule
    assert HybridCalibration.from_meta({"hybrid_calibration": cal.as_meta()}) == cal
    assert HybridCalibration.from_meta({}) == HybridCalibration()
    assert origin(_event("COERCE", 0.5, "rules")) is None
