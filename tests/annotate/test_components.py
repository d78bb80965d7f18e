"""The faster components (attribute ruler, cached lemmatizer) set what spaCy's set, token for token."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from tidings.annotate.components import fast_attribute_ruler, speed_up
from tidings.annotate.models import DEFAULT_MODEL

ATTRS = [POS, TAG, MORPH, LEMMA, DEP]


def _hand_ruler(patterns: list[dict]) -> tuple[spacy.language.Language, object]:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp, ruler


def _tagged(nlp: spacy.language.Language, words: list[str], tags: list[str]) -> Doc:
    return Doc(nlp.vocab, words=words, tags=tags)


def test_later_patterns_win_and_word_patterns_apply_only_to_their_words() -> None:
    nlp, ruler = _hand_ruler([
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"TAG": "NN", "LOWER": {"IN": ["harbour"]}}]], "attrs": {"POS": "PROPN"}},
        {"patterns": [[{"LOWER": {"REGEX": "^quay$"}}]], "attrs": {"LEMMA": "wharf"}},
        {"patterns": [[{"LOWER": "tug"}, {"LOWER": "boat"}]], "attrs": {"POS": "X"}, "index": 1},
    ])
    fast = fast_attribute_ruler(ruler)  # type: ignore[arg-type]
    assert fast is not None
    words = ["the", "harbour", "quay", "tug", "boat", "pier"]
    tags = ["DT", "NN", "NN", "NN", "NN", "NN"]
    expected = ruler(_tagged(nlp, words, tags))  # type: ignore[operator]
    got = fast(_tagged(nlp, words, tags))
    assert [t.pos_ for t in got] == ["", "PROPN", "NOUN", "NOUN", "X", "NOUN"]
    assert (got.to_array(ATTRS) == expected.to_array(ATTRS)).all()
    assert got[2].lemma_ == "wharf"


def test_a_pattern_it_cannot_read_leaves_spacys_ruler() -> None:
    nlp, ruler = _hand_ruler([{"patterns": [[{"LENGTH": {">": 3}}]], "attrs": {"POS": "X"}}])
    assert fast_attribute_ruler(ruler) is None  # type: ignore[arg-type]
    assert speed_up(nlp).get_pipe("attribute_ruler") is ruler


@pytest.mark.model
def test_the_real_pipeline_annotates_the_same_with_either_ruler() -> None:
    texts = ["Port workers in Mombasa haven't ended their strike, and y'all know it ain't over.",
             "Let's see: there are talks gonna start Monday, the union said.  \n\nNothin' new.",
             "THE MINISTRY DENIED IT. It was the third such denial this week ( officials said )."]
    stock = spacy.load(DEFAULT_MODEL)
    fast = speed_up(spacy.load(DEFAULT_MODEL))
    assert fast.pipe_names == stock.pipe_names
    assert type(fast.get_pipe("attribute_ruler")).__name__ == "FastAttributeRuler"
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert (a.to_array(ATTRS) == b.to_array(ATTRS)).all()


@pytest.mark.model
def test_the_cached_lemmatizer_answers_as_spacys_for_a_repeated_word() -> None:
    text = "The ports closed. Two ports reopened, and the port authority said more ports would."
    stock = spacy.load(DEFAULT_MODEL)
    fast = speed_up(spacy.load(DEFAULT_MODEL))
    for _ in range(2):  # the second time from the cache
        assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in stock(text)]


def _rule_lemmatizer() -> tuple[spacy.language.Language, object]:
    from spacy.lookups import Lookups

    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    lookups = Lookups()
    lookups.add_table("lemma_rules", {"noun": [["s", ""], ["ies", "y"]], "verb": [["ed", ""]]})
    lookups.add_table("lemma_index", {"noun": ["ferry", "dock"], "verb": ["dock"]})
    lookups.add_table("lemma_exc", {"verb": {"ran": ["run"]}})
    lemmatizer.initialize(lookups=lookups)  # type: ignore[attr-defined]
    return nlp, lemmatizer


def test_the_cached_lemmatizer_sets_the_lemmas_spacys_sets_and_keeps_given_ones() -> None:
    from tidings.annotate.components import CachedLemmatizer

    words = ["Ferries", "docked", "docks", "ran", "ferries", "tugs", "docked"]
    pos = ["NOUN", "VERB", "NOUN", "VERB", "NOUN", "NOUN", "VERB"]
    lemmas = ["", "", "", "", "", "", "moored"]  # a lemma set before (by the ruler) stays
    nlp, stock = _rule_lemmatizer()
    cached = CachedLemmatizer(_rule_lemmatizer()[1])  # type: ignore[arg-type]
    assert cached.mode == "rule" and cached.lookups.has_table("lemma_index")
    for _ in range(2):  # the second time from the cache
        expected = stock(Doc(nlp.vocab, words=words, pos=pos, lemmas=lemmas))  # type: ignore[operator]
        got = cached(Doc(nlp.vocab, words=words, pos=pos, lemmas=lemmas))
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]
    assert [t.lemma_ for t in got] == ["ferry", "dock", "dock", "run", "ferry", "tug", "moored"]
