"""Model-free tests of encoder fine-tuning's data side: word-piece labels from gold events,
seeded length batching, the learning-rate schedule and the dev trigger score. Parses and
word-piece offsets are written by hand; nothing here loads torch or the encoder."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from tidings.coding.model.examples import GoldEvent
from tidings.coding.model.finetune import (
    IGNORE,
    FineTuneConfig,
    Tagged,
    fine_tune,
    first_pieces,
    length_batches,
    linear_schedule,
    piece_labels,
    trigger_f1,
)
from tidings.corpus.records import EventLabel
from tidings.corpus.records import Span as GoldSpan

TYPES = ("ASSAULT", "CONSULT", "PROTEST")


def sentence() -> Doc:
    # "Farmers blockaded the ministry ." — word pieces: [CLS] farmers block ##aded the
    # ministry . [SEP]
    return Doc(spacy.blank("en").vocab, words=["Farmers", "blockaded", "the", "ministry", "."],
               spaces=[True, True, True, False, False])


OFFSETS = [(0, 0), (0, 7), (8, 13), (13, 17), (18, 21), (22, 30), (30, 31), (0, 0)]


def protest(doc: Doc) -> GoldEvent:
    label = EventLabel("PROTEST", None, "asserted", GoldSpan("blockaded", 8, 17),
                       GoldSpan("Farmers", 0, 7), GoldSpan("the ministry", 18, 30))
    return GoldEvent(label, doc[1], None, None)


def test_each_token_maps_to_its_first_word_piece() -> None:
    doc = sentence()
    assert first_pieces(doc[:], OFFSETS) == {0: 1, 1: 2, 2: 4, 3: 5, 4: 6}


def test_a_sentence_part_maps_by_offsets_relative_to_its_own_text() -> None:
    doc = sentence()
    # The part "blockaded the ministry" alone: [CLS] block ##aded the ministry [SEP]
    part = doc[1:4]
    offsets = [(0, 0), (0, 5), (5, 9), (10, 13), (14, 22), (0, 0)]
    assert first_pieces(part, offsets) == {1: 1, 2: 3, 3: 4}


def test_labels_go_on_first_pieces_and_other_pieces_are_ignored() -> None:
    doc = sentence()
    triggers, roles = piece_labels(doc[:], [protest(doc)], OFFSETS, TYPES)
    assert triggers == (IGNORE, 0, 3, IGNORE, 0, 0, 0, IGNORE)
    assert roles == (IGNORE, 1, 0, IGNORE, 2, 2, 0, IGNORE)


def test_a_sentence_without_events_is_all_none() -> None:
    doc = sentence()
    triggers, roles = piece_labels(doc[:], [], OFFSETS, TYPES)
    assert set(triggers) == set(roles) == {IGNORE, 0}


def test_a_phrase_that_is_source_and_target_is_labelled_source() -> None:
    doc = sentence()
    both = EventLabel("CONSULT", None, "asserted", GoldSpan("blockaded", 8, 17),
                      GoldSpan("the ministry", 18, 30), None)
    events = [protest(doc), GoldEvent(both, doc[1], None, None)]
    _, roles = piece_labels(doc[:], events, OFFSETS, TYPES)
    assert roles[4:6] == (1, 1)


def test_length_batches_cover_every_item_once_and_repeat_with_the_seed() -> None:
    lengths = [5, 40, 7, 38, 6, 41, 9, 35, 8, 39] * 7
    batches = length_batches(lengths, 4, seed=3)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert batches == length_batches(lengths, 4, seed=3)
    assert batches != length_batches(lengths, 4, seed=4)
    # sorted within a window, so a batch mixes short and long sentences rarely
    spread = [max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches]
    assert sum(s > 10 for s in spread) <= 1


def test_learning_rate_warms_up_then_decays_to_zero() -> None:
    factors = [linear_schedule(step, 20, 0.1) for step in range(20)]
    assert factors[0] == 0.5 and factors[1] == 1.0
    assert all(a >= b for a, b in zip(factors[1:], factors[2:], strict=False))
    assert factors[-1] < 0.1


def test_trigger_f1_counts_typed_triggers_only() -> None:
    gold = [0, 3, 0, 1, 2]
    pred = [0, 3, 1, 2, 2]
    # right: the 3 and the last 2; predicted 4 triggers, 3 gold
    assert trigger_f1(gold, pred) == 2 * 2 / (4 + 3)
    assert trigger_f1([0, 0], [0, 0]) == 0.0


def test_fine_tuning_a_tiny_encoder_is_deterministic_from_the_seed() -> None:
    """A two-layer, 32-wide BERT (random weights, no download) fine-tuned one epoch on
    hand-made pieces twice: same seed, same weights, moved from the initial ones."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")

    config = transformers.BertConfig(vocab_size=30, hidden_size=32, num_hidden_layers=2,
                                     num_attention_heads=2, intermediate_size=64)
    data = [Tagged((2, 5 + i % 7, 9, 3), (IGNORE, i % 2 * 2, 0, IGNORE),
                   (IGNORE, 1, 0, IGNORE)) for i in range(12)]
    runs = []
    for _ in range(2):
        torch.manual_seed(0)
        bert = transformers.BertModel(config)
        tuned, record = fine_tune(bert, data[:8], data[8:], 3,
                                  FineTuneConfig(epochs=1, seed=5, batch_size=4, threads=1),
                                  lambda _: None)
        runs.append((torch.cat([p.flatten() for p in tuned.parameters()]), record))
    assert torch.equal(runs[0][0], runs[1][0])
    assert runs[0][1]["best_epoch"] == 1 and len(runs[0][1]["dev_trigger_f1"]) == 2
    torch.manual_seed(0)
    untouched = torch.cat([p.flatten() for p in transformers.BertModel(config).parameters()])
    assert not torch.equal(untouched, runs[0][0])
