"""The sentence filter: which sentences may hold an event, decided from surface forms before
any model runs (model-free: a blank English tokenizer)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tidings.annotate.filter import Cue, SentenceFilter, cut_sentences, inflected_forms
from tidings.annotate.parse import late_components, parse_kept, token_at

NLP = spacy.blank("en")

RULES = {"verb": [["ied", "y"], ["ed", ""], ["ed", "e"], ["ing", ""], ["s", ""]],
         "noun": [["s", ""], ["ies", "y"]]}
EXCEPTIONS = {"verb": {"sent": ["send"], "met": ["meet"]}}


def test_inflected_forms_run_the_lemmatizer_rules_backwards() -> None:
    forms = inflected_forms(["send", "accuse", "deny"], RULES, EXCEPTIONS)
    assert {"send", "sends", "sending", "sent"} <= forms["send"]
    assert {"accuse", "accused", "accuses"} <= forms["accuse"]
    assert {"denied", "denies"} <= forms["deny"]
    assert "met" not in forms["send"]


def _filter(*cues: Cue) -> SentenceFilter:
    forms = inflected_forms({c.lemma for c in cues} | {w for c in cues for n in c.needs
                                                       for w in n}, RULES, EXCEPTIONS)
    table: dict[str, tuple[tuple[frozenset[str], ...], ...]] = {}
    for cue in cues:
        needs = tuple(frozenset().union(*(forms[w] for w in need)) for need in cue.needs)
        for form in forms[cue.lemma]:
            table[form] = (*table.get(form, ()), needs)
    return SentenceFilter(table)


def test_a_sentence_is_kept_for_any_form_of_a_cue_word() -> None:
    keep = _filter(Cue("accuse"), Cue("send", (frozenset({"aid", "troops"}),)))
    assert keep.keeps(NLP("The minister accused the envoy of lying."))
    assert not keep.keeps(NLP("Wheat prices rose by three percent in May."))


def test_a_cue_with_needs_keeps_only_sentences_that_hold_them() -> None:
    keep = _filter(Cue("send", (frozenset({"aid", "troops"}),)))
    assert keep.keeps(NLP("Norway sent aid to the islands."))
    assert keep.keeps(NLP("They are sending more troops."))
    assert not keep.keeps(NLP("She sent a letter to her cousin."))


def test_the_lead_is_a_setting_of_the_filter() -> None:
    assert SentenceFilter({}).lead == 0
    assert SentenceFilter({}, lead=2).lead == 2


def test_the_filter_of_a_real_pipeline_widens_cues_with_its_lemmatizer() -> None:
    keep = SentenceFilter.for_cues([Cue("meet")], NLP)  # no lemmatizer: words as written
    assert keep.forms == frozenset({"meet"})


def test_sentences_are_cut_after_final_punctuation_with_closing_quotes_and_line_breaks() -> None:
    doc = NLP('He said: "We will come." \n\nThe talks end today! Will they? Yes')
    cuts = [doc[s:e].text_with_ws for s, e in cut_sentences(doc)]
    assert cuts == ['He said: "We will come." \n\n', "The talks end today! ", "Will they? ",
                    "Yes"]


def test_abbreviations_and_an_opening_quote_do_not_end_a_sentence_early() -> None:
    doc = NLP('The U.S. envoy arrived. "It is late," she said.')
    cuts = [doc[s:e].text_with_ws for s, e in cut_sentences(doc)]
    assert cuts == ["The U.S. envoy arrived. ", '"It is late," she said.']
    assert cut_sentences(NLP("")) == []


def test_context_sentences_are_parsed_only_in_an_article_with_a_kept_sentence() -> None:
    # "Names an actor" here: a capitalised word of a tiny gazetteer of our own.
    keep = dataclasses.replace(_filter(Cue("accuse")),
                               context=lambda words: any(w in {"Norway", "Chile"}
                                                         for w in words))
    coded = ("Norway and Chile held talks. The weather was mild. Rain fell. "
             "The minister accused the envoy of lying.")
    quiet = "Chile grows grapes. Exports rose."
    first, second = parse_kept(NLP, [coded, quiet], keep)
    assert [s.text.strip() for s in first.sentences] == [
        "Norway and Chile held talks.", "The minister accused the envoy of lying."]
    assert first.skipped == 2
    assert second.sentences == [] and second.skipped == 2


class _Seen:
    """A stand-in entity recognizer that only records the texts it was given."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, doc: Doc) -> Doc:
        self.texts.append(doc.text)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        return (self(doc) for doc in docs)


@Language.factory("tidings_test_seen")
def _make_seen(nlp: Language, name: str) -> _Seen:
    return _Seen()


def test_late_components_run_only_on_articles_a_coder_could_code() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")  # stands for the parser: runs before the trigger check
    nlp.add_pipe("tidings_test_seen", name="ner")
    assert late_components(nlp) == ["ner"]
    keep = dataclasses.replace(_filter(Cue("accuse"), Cue("deny")),
                               could_code=lambda tokens: any(t.lower_ == "accused"
                                                             for t in tokens))
    coded = "The minister accused the envoy of lying. Rain fell."
    quiet = "The minister denied it. Nothing else happened."
    first, second = parse_kept(nlp, [coded, quiet], keep)
    assert [s.text.strip() for s in first.sentences] == ["The minister accused the envoy of lying."]
    assert first.skipped == 1
    # No token a coder could take as a trigger: no entities, and every sentence skipped.
    assert second.sentences == [] and second.skipped == 2
    assert nlp.get_pipe("ner").texts == ["The minister accused the envoy of lying. "]


def test_without_a_trigger_check_every_component_runs_and_none_is_late() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("tidings_test_seen", name="ner")
    nlp.add_pipe("sentencizer")  # after the recognizer: nothing counts as late any more
    assert late_components(nlp) == []
    keep = _filter(Cue("deny"))
    (parsed,) = parse_kept(nlp, ["The minister denied it."], keep)
    assert len(parsed.sentences) == 1
    assert nlp.get_pipe("ner").texts == ["The minister denied it."]


class _Names(_Seen):
    """A stand-in entity recognizer that records its texts and makes every "Lima" and
    "minister" it sees an entity."""

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        doc.ents = [Span(doc, t.i, t.i + 1, label="PERSON") for t in doc
                    if t.text in {"Lima", "minister"}]
        return super().__call__(doc)


@Language.factory("tidings_test_names")
def _make_names(nlp: Language, name: str) -> _Names:
    return _Names()


def test_entities_are_found_only_in_the_lead_and_the_sentences_a_coder_could_code() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("tidings_test_names", name="ner")
    keep = dataclasses.replace(_filter(Cue("accuse"), Cue("deny")), lead=1,
                               could_code=lambda tokens: any(t.lower_ == "accused"
                                                             for t in tokens))
    text = ("Officials met in Lima. Rain fell. The minister denied it. "
            "The minister accused the envoy of lying.")
    (parsed,) = parse_kept(nlp, [text], keep)
    assert [s.text.strip() for s in parsed.sentences] == [
        "Officials met in Lima.", "The minister denied it.",
        "The minister accused the envoy of lying."]
    assert nlp.get_pipe("ner").texts == [
        "Officials met in Lima. The minister accused the envoy of lying."]
    # Entities land on the tokens they were found at; the parsed sentence the recognizer
    # did not see has none.
    assert [(e.text, e.start_char) for e in parsed.doc.ents] == [
        ("Lima", text.index("Lima")), ("minister", text.rindex("minister"))]
    assert {t.ent_iob_ for t in parsed.sentences[1]} == {"O"}


def test_token_at_finds_the_token_starting_at_an_offset_within_the_span() -> None:
    doc = NLP("Envoys from Chile met in Lima. Talks resumed on Monday, officials said.")
    first, second = doc[0:7], doc[7:]
    for span in (first, second, doc[2:5]):
        for char in range(-1, len(doc.text) + 2):
            expected = next((t for t in span if t.idx == char), None)  # the plain scan
            assert token_at(span, char) == expected
    assert token_at(second, None) is None
    assert token_at(first, second[0].idx) is None  # a token of another span
    assert token_at(first, 1) is None  # inside "Envoys", not its start
