"""Model-free tests of the learned coder's parts: candidates, alignment of gold spans, pooling,
role choice and calibration (the hybrid's combination: test_hybrid.py). Parses are built by
hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc

from tidings.coding.model.calibration import apply_isotonic, fit_isotonic, reliability
from tidings.coding.model.candidates import (
    Candidate,
    head_token,
    relation,
    role_candidates,
    trigger_tokens,
)
from tidings.coding.model.coder import choose_roles
from tidings.coding.model.examples import best_candidate, trigger_token
from tidings.coding.model.features import (
    RuleHints,
    pair_extra_width,
    pair_features,
    rule_hints,
    token_vectors,
)
from tidings.corpus.records import Span as GoldSpan
from tidings.records import Actor, ActorRef, Event, Evidence, Mention, Trace

VOCAB = spacy.blank("en").vocab
THRESHOLDS = {"trigger": 0.5, "source": 0.5, "target": 0.5}


def build(rows: list[tuple[str, str, int, str, str]]) -> Doc:
    """A Doc from (word, lemma, head index, dep, pos) rows."""
    words, lemmas, heads, deps, pos = (list(col) for col in zip(*rows, strict=True))
    return Doc(VOCAB, words=words, lemmas=lemmas, heads=heads, deps=deps, pos=pos)


def detained() -> Doc:
    # "Riot police detained twelve students in Lagos ."
    return build([
        ("Riot", "riot", 1, "compound", "NOUN"),
        ("police", "police", 2, "nsubj", "NOUN"),
        ("detained", "detain", 2, "ROOT", "VERB"),
        ("twelve", "twelve", 4, "nummod", "NUM"),
        ("students", "student", 2, "dobj", "NOUN"),
        ("in", "in", 2, "prep", "ADP"),
        ("Lagos", "Lagos", 5, "pobj", "PROPN"),
        (".", ".", 2, "punct", "PUNCT"),
    ])


def police_mention(doc: Doc) -> Mention:
    return Mention(doc_id="d", text="Riot police", start=0, end=11, sentence_index=0,
                   actor=Actor(name="police", country=None, sector="COP"), rule="role")


def test_candidates_are_mentions_then_uncovered_noun_chunks() -> None:
    doc = detained()
    cands = role_candidates(doc[:], [police_mention(doc)])
    assert [(c.text, c.mention is not None) for c in cands] == [
        ("Riot police", True), ("twelve students", False), ("Lagos", False)]
    assert cands[0].char_start == 0 and cands[1].char_start == doc[3].idx


def test_trigger_tokens_skip_punctuation_and_function_words() -> None:
    doc = detained()
    assert [t.text for t in trigger_tokens(doc[:])] == ["Riot", "police", "detained",
                                                       "students", "Lagos"]


def test_relation_names_the_dependency_and_the_preposition() -> None:
    doc = detained()
    assert relation(doc[2], doc[4]) == ("dobj", "")
    assert relation(doc[2], doc[6]) == ("pobj", "in")
    assert relation(doc[4], doc[1]) == ("", "")  # not under the trigger
    assert head_token(doc[:], 0, 2).text == "police"


def test_gold_spans_align_to_the_trigger_head_and_the_most_overlapping_candidate() -> None:
    doc = detained()
    span = doc[:]
    cands = role_candidates(span, [police_mention(doc)])
    tok = trigger_token(GoldSpan("detained", 12, 20), span, trigger_tokens(span))
    assert tok is not None and tok.text == "detained"
    assert best_candidate(GoldSpan("students", 28, 36), cands) == 1
    assert best_candidate(GoldSpan("Riot police", 0, 11), cands) == 0
    assert best_candidate(None, cands) is None
    assert best_candidate(GoldSpan("nobody", 100, 106), cands) is None


def test_token_vectors_average_the_pieces_of_each_token() -> None:
    doc = build([("Kenya", "Kenya", 1, "nsubj", "PROPN"), ("protested", "protest", 1, "ROOT",
                                                             "VERB")])
    # [CLS] ken ##ya pro ##tested [SEP]
    offsets = [(0, 0), (0, 3), (3, 5), (6, 9), (9, 15), (0, 0)]
    pieces = np.arange(12, dtype=np.float32).reshape(6, 2)
    vectors = token_vectors(doc[:], pieces, offsets)
    assert vectors.tolist() == [[3.0, 4.0], [7.0, 8.0]]


def test_pair_features_have_one_row_per_candidate() -> None:
    doc = detained()
    span = doc[:]
    cands = role_candidates(span, [police_mention(doc)])
    vectors = np.ones((len(span), 4), np.float32)
    hints = RuleHints(sources={2: [(0, 11)]}, targets={2: [(21, 36)]})
    rows = pair_features(span, vectors, doc[2], 3, cands, 16, hints)
    assert rows.shape == (3, 3 * 4 + pair_extra_width(16))
    assert rows[0, 12 + 3] == 1.0  # the type's one-hot
    assert rows[0, -3:].tolist() == [1.0, 0.0, 0.0]  # the rules' source
    assert rows[1, -3:].tolist() == [0.0, 1.0, 0.0]  # the rules' target
    assert rows[2, -3:].tolist() == [0.0, 0.0, 0.0]


def test_rule_hints_place_the_rule_events_on_their_trigger_token() -> None:
    doc = detained()
    ev = Evidence(sentence=doc.text, start=0, end=len(doc.text), trigger="detained",
                  rule="lexicon:x", trigger_start=doc[2].idx, trigger_end=doc[2].idx + 8)
    event = Event(event_id="e", doc_id="d", type="COERCE", source=ActorRef("Riot police",
                  start=0, end=11), target=ActorRef("twelve students", start=21, end=36),
                  evidence=ev)
    hints = rule_hints([event], doc[:], "body")
    assert hints.types == {2: {"COERCE"}}
    assert hints.sources == {2: [(0, 11)]} and hints.targets == {2: [(21, 36)]}
    assert rule_hints([event], doc[:], "title").types == {}


def _cands() -> list[Candidate]:
    return [Candidate(0, 2, 0, 11, "Riot police", None),
            Candidate(3, 5, 21, 36, "twelve students", None)]


def test_roles_take_the_best_source_and_every_target_above_threshold() -> None:
    doc = detained()
    roles = np.array([[0.1, 0.8, 0.1], [0.2, 0.1, 0.7]])
    (d,) = choose_roles(doc[2], "COERCE", 0.9, ("none", 0.05), _cands(), roles, THRESHOLDS)
    assert d.source is not None and d.source.text == "Riot police"
    assert d.target is not None and d.target.text == "twelve students"
    assert abs(d.raw_score - 0.9 * 0.8 * 0.7) < 1e-9


def test_a_missing_target_scores_the_chance_that_none_fills_it() -> None:
    doc = detained()
    roles = np.array([[0.1, 0.8, 0.1], [0.6, 0.1, 0.3]])
    (d,) = choose_roles(doc[2], "PROTEST", 0.9, ("none", 0.05), _cands(), roles, THRESHOLDS)
    assert d.target is None and abs(d.p_target - 0.7) < 1e-9


def test_no_event_without_any_actor() -> None:
    doc = detained()
    roles = np.array([[0.9, 0.05, 0.05], [0.9, 0.05, 0.05]])
    assert choose_roles(doc[2], "COERCE", 0.9, ("none", 0.05), _cands(), roles,
                        THRESHOLDS) == []


def test_isotonic_calibration_is_monotone_and_matches_the_observed_rate() -> None:
    scores = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9]
    correct = [False, False, True, False, True, True, True, True]
    table = fit_isotonic(scores, correct)
    probs = [apply_isotonic(s, table) for s in (0.0, 0.25, 0.5, 0.75, 1.0)]
    assert probs == sorted(probs)
    assert 0.0 < probs[0] < 0.5 < probs[-1] < 1.0  # smoothed: never certain on little data
    assert apply_isotonic(0.95, fit_isotonic([0.9] * 8, [True] * 8)) == 0.9
    # 7 of 9 right, then a single right one: smoothing must not turn the order round
    _, ps = fit_isotonic([0.5] * 9 + [0.9], [True] * 7 + [False] * 2 + [True])
    assert list(ps) == sorted(ps)
    assert fit_isotonic([], []) == ((0.0, 1.0), (0.0, 1.0))
    rows = reliability([0.05, 0.95, 0.95], [False, True, False], bins=2)
    assert rows[0][2:] == (1, 0.0) and rows[1][2:] == (2, 0.5)


def test_a_model_trace_names_the_model_first() -> None:
    trace = Trace(entry="", roles="learned", source="mention 0.910", target=None,
                  model="tidings-plover-minilm/1", score=0.82,
                  types="ASSAULT 0.900>ACCUSE 0.040")
    rule = trace.render()
    assert rule.startswith("model:tidings-plover-minilm/1|roles:learned|")
    assert "types:ASSAULT 0.900>ACCUSE 0.040" in rule and rule.count("model:") == 1


def test_heads_only_training_needs_an_encoder_in_the_folder(tmp_path: Path) -> None:
    from tidings.coding.model.training import TrainingError, train_heads_only

    with pytest.raises(TrainingError, match="heads-only"):
        train_heads_only(tmp_path / "corpus.jsonl", tmp_path / "empty", tmp_path / "eval")
