"""Model-free tests on parses built by hand, so the rules are checked apart from the parser."""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.tokens import Doc

from tidings.coding.attributes import factuality, location, quantities
from tidings.coding.attributes.dates import event_date

VOCAB = spacy.blank("en").vocab


def build(rows: list[tuple[str, str, int, str, str]], ents: list[str] | None = None) -> Doc:
    """A Doc from (word, lemma, head index, dep, pos) rows; ents as BIO tags."""
    words, lemmas, heads, deps, pos = (list(col) for col in zip(*rows, strict=True))
    return Doc(VOCAB, words=words, lemmas=lemmas, heads=heads, deps=deps, pos=pos, ents=ents)


@dataclass(frozen=True)
class TinyKB:
    def place_country(self, name: str) -> str | None:
        return {"Havana": "CUB", "Cuba": "CUB"}.get(name)


def test_negation_child_negates_the_trigger() -> None:
    doc = build(
        [
            ("Chile", "Chile", 3, "nsubj", "PROPN"),
            ("did", "do", 3, "aux", "AUX"),
            ("not", "not", 3, "neg", "PART"),
            ("ratify", "ratify", 3, "ROOT", "VERB"),
            ("it", "it", 3, "dobj", "PRON"),
        ]
    )
    assert factuality.classify(doc[3]) == ("negated", "neg:not")


def test_plan_verb_makes_its_complement_planned_and_undated() -> None:
    doc = build(
        [
            ("Oslo", "Oslo", 1, "nsubj", "PROPN"),
            ("plans", "plan", 1, "ROOT", "VERB"),
            ("to", "to", 3, "aux", "PART"),
            ("fund", "fund", 1, "xcomp", "VERB"),
            ("clinics", "clinic", 3, "dobj", "NOUN"),
        ]
    )
    assert factuality.classify(doc[3]) == ("planned", "plan-verb:plan")
    assert event_date(doc[:], doc[3], "2024-03-14").date is None


def test_possible_adjective_on_a_nominal_trigger() -> None:
    doc = build(
        [
            ("possible", "possible", 1, "amod", "ADJ"),
            ("deals", "deal", 1, "ROOT", "NOUN"),
        ]
    )
    assert factuality.classify(doc[1]) == ("possible", "adj:possible")


def test_reported_speech_keeps_the_embedded_event_asserted() -> None:
    doc = build(
        [
            ("Kyiv", "Kyiv", 1, "nsubj", "PROPN"),
            ("said", "say", 1, "ROOT", "VERB"),
            ("troops", "troop", 3, "nsubj", "NOUN"),
            ("attacked", "attack", 1, "ccomp", "VERB"),
            ("villages", "village", 3, "dobj", "NOUN"),
        ]
    )
    assert factuality.classify(doc[3]) == ("asserted", "default")
    assert event_date(doc[:], doc[3], "2024-03-14").rule == "article-date"


def test_location_takes_in_but_not_to() -> None:
    doc = build(
        [
            ("Mexico", "Mexico", 1, "nsubj", "PROPN"),
            ("sent", "send", 1, "ROOT", "VERB"),
            ("aid", "aid", 1, "dobj", "NOUN"),
            ("to", "to", 1, "prep", "ADP"),
            ("Cuba", "Cuba", 3, "pobj", "PROPN"),
            ("in", "in", 1, "prep", "ADP"),
            ("Havana", "Havana", 5, "pobj", "PROPN"),
        ],
        ents=["B-GPE", "O", "O", "O", "B-GPE", "O", "B-GPE"],
    )
    found = location.extract(doc[:], doc[1], TinyKB())
    assert found is not None and (found.name, found.country) == ("Havana", "CUB")


def test_quantity_outside_the_trigger_phrase_is_not_taken() -> None:
    doc = build(
        [
            ("Police", "police", 1, "nsubj", "NOUN"),
            ("fired", "fire", 5, "advcl", "VERB"),
            (",", ",", 5, "punct", "PUNCT"),
            ("40", "40", 4, "nummod", "NUM"),
            ("people", "people", 5, "nsubj", "NOUN"),
            ("died", "die", 5, "ROOT", "VERB"),
        ]
    )
    assert quantities.extract(doc[:], doc[1]) == ([], None)
    found, _ = quantities.extract(doc[:], doc[5])
    assert [(q.value, q.unit, q.text) for q in found] == [(40.0, "person", "40 people")]


def test_noun_root_sentence_terminates() -> None:
    """A verbless headline ("Aid for Cuba") has a noun root; walking up must stop there."""
    doc = build(
        [
            ("Aid", "aid", 0, "ROOT", "NOUN"),
            ("for", "for", 0, "prep", "ADP"),
            ("Cuba", "Cuba", 1, "pobj", "PROPN"),
        ],
        ents=["O", "O", "B-GPE"],
    )
    assert factuality.classify(doc[0]) == ("asserted", "default")
    assert event_date(doc[:], doc[0], None).date is None
    assert location.extract(doc[:], doc[0], TinyKB()) is None
    assert quantities.extract(doc[:], doc[0]) == ([], None)
