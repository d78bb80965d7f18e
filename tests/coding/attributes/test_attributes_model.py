"""Attributes on real parses from the default spaCy pipeline: one case per phenomenon."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from spacy.language import Language
from spacy.tokens import Token

from tidings.coding.attributes import dates, factuality, location, quantities

pytestmark = pytest.mark.model
PUBLISHED = "2022-09-16"  # a Friday


@pytest.fixture(scope="module")
def nlp() -> Language:
    from tidings.annotate.models import load_model

    return load_model()


def trigger_of(nlp: Language, sentence: str, word: str) -> Token:
    doc = nlp(sentence)
    return next(t for t in doc if t.text == word)


@dataclass(frozen=True)
class FakeKB:
    def place_country(self, name: str) -> str | None:
        return {"Havana": "CUB", "Hanoi": "VNM", "Lusaka": "ZMB", "Kremlin": "RUS"}.get(name)


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Uruguay did not sign the memorandum.", "sign", "negated"),
        ("Algeria has never recognised the council.", "recognised", "negated"),
        ("No agreement was reached in the talks.", "agreement", "negated"),
        ("Zambia refused to extradite the banker.", "extradite", "negated"),
        ("The exercises are scheduled to begin on Monday.", "begin", "planned"),
        ("Kenya plans to create a border force.", "create", "planned"),
        ("The chancellor will visit Lusaka.", "visit", "planned"),
        ("The envoy is expected to meet rebel leaders.", "meet", "planned"),
        ("Nepal intends to expand the airport.", "expand", "planned"),
        ("The sides agreed to set up a joint panel.", "set", "planned"),
        ("The deal could include naval drills.", "include", "possible"),
        ("Qatar may mediate between the factions.", "mediate", "possible"),
        ("A grant was rumored to be pledged by Riyadh.", "pledged", "possible"),
        ("Officials discussed possible deals with Hanoi.", "deals", "possible"),
        ("If the vote fails, the army would intervene.", "intervene", "possible"),
        ("Moscow reportedly sent advisers to Bamako.", "sent", "asserted"),
        ("The mayor said gunmen had attacked the bus.", "attacked", "asserted"),
    ],
)
def test_factuality(nlp: Language, sentence: str, word: str, expected: str) -> None:
    assert factuality.classify(trigger_of(nlp, sentence, word))[0] == expected


def test_reportedly_is_asserted_but_noted(nlp: Language) -> None:
    token = trigger_of(nlp, "Moscow reportedly sent advisers to Bamako.", "sent")
    assert factuality.classify(token) == ("asserted", "reported:reportedly")


@pytest.mark.parametrize(
    ("sentence", "word", "date", "precision"),
    [
        ("Zambia recalled its envoy on Wednesday.", "recalled", "2022-09-14", "day"),
        ("The envoys will meet on Wednesday.", "meet", "2022-09-21", "day"),
        ("Rebels freed the hostages yesterday.", "freed", "2022-09-15", "day"),
        ("Delegates gathered last week.", "gathered", "2022-09", "month"),
        ("Earlier this year, Oslo froze the funds.", "froze", "2022", "year"),
        ("Chile expelled the attache last year.", "expelled", "2021", "year"),
        ("The queen will tour Asia next month.", "tour", "2022-10", "month"),
        ("Washington has barred the flights since 2020.", "barred", "2020", "year"),
        ("The embargo was put in place in 1979.", "put", "1979", "year"),
        ("Vietnam shipped rice in October.", "shipped", "2021-10", "month"),
        ("The pact was signed on 14 October.", "signed", "2021-10-14", "day"),
        ("The pact was signed on October 14, 2021.", "signed", "2021-10-14", "day"),
        ("Police detained the editor.", "detained", PUBLISHED, "day"),
        (
            "The ministry said on Monday that the army had shelled the town in 2019.",
            "shelled",
            "2019",
            "year",
        ),
    ],
)
def test_event_date(nlp: Language, sentence: str, word: str, date: str, precision: str) -> None:
    token = trigger_of(nlp, sentence, word)
    found = dates.event_date(token.sent, token, PUBLISHED)
    assert (found.date, found.precision) == (date, precision)


def test_planned_event_without_date_expression_is_undated(nlp: Language) -> None:
    token = trigger_of(nlp, "Police will question the editor.", "question")
    assert dates.event_date(token.sent, token, PUBLISHED).rule == "unknown"


@pytest.mark.parametrize(
    ("sentence", "word", "value", "unit", "text"),
    [
        (
            "Spain shipped some 300 tons of wheat to Tunisia.",
            "shipped",
            300,
            "ton",
            "some 300 tons",
        ),
        (
            "India gave 12 mobile oxygen plants to Nepal.",
            "gave",
            12,
            "plant",
            "12 mobile oxygen plants",
        ),
        ("France deployed 1,500 troops to Chad.", "deployed", 1500, "troop", "1,500 troops"),
        ("Gunmen kidnapped two dozen pupils.", "kidnapped", 24, "pupil", "two dozen pupils"),
    ],
)
def test_quantities(
    nlp: Language, sentence: str, word: str, value: float, unit: str, text: str
) -> None:
    token = trigger_of(nlp, sentence, word)
    found, money = quantities.extract(token.sent, token)
    assert money is None
    assert [(q.value, q.unit, q.text) for q in found] == [(value, unit, text)]


@pytest.mark.parametrize(
    ("sentence", "word", "amount", "currency", "text"),
    [
        (
            "The bank approved a US$75-million loan for Haiti.",
            "loan",
            7.5e7,
            "USD",
            "US$75-million",
        ),
        (
            "Qatar signed deals worth nearly US$410 million with Chad.",
            "signed",
            4.1e8,
            "USD",
            "nearly US$410 million",
        ),
        ("Brussels pledged €2.4bn to Kyiv.", "pledged", 2.4e9, "EUR", "€2.4bn"),
        ("Moscow offered 8 billion rubles to Minsk.", "offered", 8e9, "RUB", "8 billion rubles"),
        ("Washington approved $1.7 bn in aid.", "approved", 1.7e9, "USD", "$1.7 bn"),
    ],
)
def test_money(
    nlp: Language, sentence: str, word: str, amount: float, currency: str, text: str
) -> None:
    token = trigger_of(nlp, sentence, word)
    _, money = quantities.extract(token.sent, token)
    assert money is not None
    assert (money.amount, money.currency, money.text) == (pytest.approx(amount), currency, text)


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("The accords were reviewed in Havana on Friday.", "reviewed", ("Havana", "CUB")),
        ("The ministers agreed to meet in Hanoi.", "meet", ("Hanoi", "VNM")),
        ("The foreign ministers met at the Kremlin.", "met", ("Kremlin", "RUS")),
        ("The premier began a tour through Laos and Cambodia.", "tour", None),
        ("Russia shipped oil to Havana.", "shipped", None),
        ("Speaking in Lusaka, the president said Kenya would send doctors.", "send", None),
    ],
)
def test_location(
    nlp: Language, sentence: str, word: str, expected: tuple[str, str] | None
) -> None:
    token = trigger_of(nlp, sentence, word)
    found = location.extract(token.sent, token, FakeKB())
    assert (None if found is None else (found.name, found.country)) == expected


def test_double_negation_cancels(nlp: Language) -> None:
    sentence = "The storm has not stopped Manila from sending rescue teams."
    assert factuality.classify(trigger_of(nlp, sentence, "sending"))[0] == "asserted"
    assert factuality.classify(trigger_of(nlp, sentence, "stopped"))[0] == "negated"


def test_date_of_a_relative_clause_stays_there(nlp: Language) -> None:
    token = trigger_of(nlp, "Cuba urged Peru to end the embargo that began in 1985.", "urged")
    found = dates.event_date(token.sent, token, PUBLISHED)
    assert (found.date, found.rule) == (PUBLISHED, "article-date")


def test_referring_numbers_are_not_quantities(nlp: Language) -> None:
    token = trigger_of(nlp, "The two states expanded trade after COVID 19.", "expanded")
    assert quantities.extract(token.sent, token) == ([], None)
