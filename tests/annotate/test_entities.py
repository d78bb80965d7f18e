"""The recognizer decoded in numpy (annotate.entities) finds spaCy's own entities."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.tokens import Doc, Span

from tidings.annotate.entities import greedy_entities
from tidings.annotate.models import DEFAULT_MODEL

pytestmark = pytest.mark.model

TEXTS = [
    "Maria Okonkwo, Kenya's trade minister, met officials of the World Bank in Nairobi on "
    "Tuesday and promised $40 million for 3 ports.",
    "The talks ended. Prime Minister Lars Halvorsen of Norway said about 12 percent of the "
    "Oslo accord remained.",
    "  \n Rebels attacked the town of Kisangani at dawn, the U.N. mission said.",
    "Paris",
    "",
]


def _entities(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in doc.ents]


def _early(nlp: spacy.language.Language, texts: list[str]) -> list[Doc]:
    """The texts through every component but the recognizer (sentence starts set)."""
    return list(nlp.pipe(texts, disable=["ner"]))


def test_the_numpy_decoding_sets_the_entities_and_outside_marks_spacy_sets() -> None:
    nlp = spacy.load(DEFAULT_MODEL)
    ner = nlp.get_pipe("ner")
    stock = list(ner.pipe(_early(nlp, TEXTS)))  # type: ignore[attr-defined]
    docs = _early(nlp, TEXTS)
    assert greedy_entities(ner, docs) is docs
    assert sum(len(d.ents) for d in docs) > 10
    for a, b in zip(stock, docs, strict=True):
        assert _entities(a) == _entities(b)
        assert (a.to_array([ENT_IOB, ENT_TYPE]) == b.to_array([ENT_IOB, ENT_TYPE])).all()


def test_a_batch_gives_what_each_doc_gives_alone() -> None:
    nlp = spacy.load(DEFAULT_MODEL)
    ner = nlp.get_pipe("ner")
    together = _early(nlp, TEXTS)
    greedy_entities(ner, together)
    for text, doc in zip(TEXTS, together, strict=True):
        alone = _early(nlp, [text])
        greedy_entities(ner, alone)
        assert _entities(alone[0]) == _entities(doc)


def test_docs_with_entities_already_set_are_left_to_spacy() -> None:
    nlp = spacy.load(DEFAULT_MODEL)
    ner = nlp.get_pipe("ner")
    doc = _early(nlp, ["Ships left Mombasa for Dar es Salaam."])[0]
    doc.set_ents([Span(doc, 2, 3, label="GPE")], default="unmodified")
    assert greedy_entities(ner, [doc]) is None
    assert _entities(doc) == [(2, 3, "GPE")]  # untouched
