"""The rule coder on sentences written for these tests, one group per requirement of the
event-coding issue (roles, coordination and carrying, nominal events, reported speech,
factuality, dates, quantities, location, headlines, repetition, missing actors)."""

from __future__ import annotations

from pathlib import Path

import pytest
from event_keys import dyads

from tidings.records import Event

pytestmark = pytest.mark.model


def one(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, [(e.type, e.evidence.trigger) for e in events]
    return found[0]


# --- roles from syntax -------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Japan sent medical aid to Peru on Tuesday.", ("AID", "JPN", "PER")),
    ("Peru received medical aid from Japan on Tuesday.", ("AID", "JPN", "PER")),
    ("Norway's visit to Chile was a success.", ("CONSULT", "NOR", "CHL")),
    ("The Kenyan president received the Italian prime minister in Nairobi.",
     ("CONSULT", "ITA", "KEN")),
    ("The new sanctions on Iran by Canada took effect.", ("SANCTION", "CAN", "IRN")),
    ("Egypt's blockade of Libya angered many.", ("SANCTION", "EGY", "LBY")),
    ("Armenia was attacked by Azerbaijan overnight.", ("ASSAULT", "AZE", "ARM")),
    ("Brazil condemned Argentina on Monday.", ("ACCUSE", "BRA", "ARG")),
])
def test_roles_come_from_syntax_not_word_order(code_text, text, expected) -> None:
    assert expected in dyads(code_text(text).events)


def test_receiving_a_person_is_a_visit_by_that_person(code_text) -> None:
    e = one(code_text("Vietnam's president received the Laotian foreign minister.").events,
            "CONSULT")
    assert (e.source.country, e.target.country, e.mode) == ("LAO", "VNM", "visit")


# --- coordination and carrying -----------------------------------------------------------------

def test_a_tour_through_five_countries_is_five_events(code_text) -> None:
    coded = code_text("The Chilean president will begin a tour through Peru, Bolivia, "
                      "Ecuador, Colombia and Panama on Friday.")
    visits = [e for e in coded.events if e.type == "CONSULT"]
    assert {e.target.country for e in visits} == {"PER", "BOL", "ECU", "COL", "PAN"}
    assert {e.source.country for e in visits} == {"CHL"}


@pytest.mark.parametrize("text, expected", [
    ("Ghana and Togo agreed to set up a joint venture.", ("COOPERATE", "GHA", "TGO")),
    ("Sweden decided to send humanitarian aid to Sudan.", ("AID", "SWE", "SDN")),
    ("Turkey's visit to Qatar is scheduled to begin on Monday.", ("CONSULT", "TUR", "QAT")),
])
def test_subject_carries_into_complement_clauses(code_text, text, expected) -> None:
    assert expected in dyads(code_text(text).events)


# --- nominal and light-verb events -------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Mongolia paid a state visit to Kazakhstan.", ("CONSULT", "MNG", "KAZ")),
    ("Germany signed an agreement with Namibia.", ("AGREE", "DEU", "NAM")),
    ("Kuwait granted Jordan a loan of US$30 million.", ("AID", "KWT", "JOR")),
    ("Spain expressed solidarity with Morocco after the earthquake.", ("SUPPORT", "ESP", "MAR")),
    ("Russian aid to Serbia arrived by train.", ("AID", "RUS", "SRB")),
    ("Austria holds contracts with Slovenia worth 40 million euros.",
     ("COOPERATE", "AUT", "SVN")),
])
def test_nominal_and_light_verb_events(code_text, text, expected) -> None:
    assert expected in dyads(code_text(text).events)


def test_a_passive_agreement_takes_the_pair_of_the_previous_sentence(code_text) -> None:
    coded = code_text("Projects have been launched between Finland and Estonia. "
                      "Last year, a trade accord was signed as well.",
                      published="2021-06-01")
    agree = one(coded.events, "AGREE")
    assert {agree.source.country, agree.target.country} == {"FIN", "EST"}
    assert (agree.date, agree.date_precision) == ("2020", "year")
    assert "previous-dyad" in agree.evidence.rule


def test_condemning_a_blockade_targets_who_blockades(code_text) -> None:
    coded = code_text("Venezuela condemned the Colombian blockade of its ports.")
    assert ("ACCUSE", "VEN", "COL") in dyads(coded.events)


# --- reported speech ---------------------------------------------------------------------------

def test_reported_attack_is_coded_with_its_reporter(code_text) -> None:
    coded = code_text("Ukraine said Belarus had attacked Poland.")
    attack = one(coded.events, "ASSAULT")
    assert (attack.source.country, attack.target.country) == ("BLR", "POL")
    assert "reported-by:say" in attack.evidence.rule


def test_rejecting_an_attempt_targets_whose_attempt(code_text) -> None:
    coded = code_text("Bolivia rejected Chile's attempt to justify the closure of the border.")
    assert ("REJECT", "BOL", "CHL") in dyads(coded.events)


# --- factuality --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, factuality", [
    ("Nepal did not sign the treaty with Bhutan.", "negated"),
    ("The Nepali premier is scheduled to visit Bhutan next month.", "planned"),
    ("Nepal will send aid to Bhutan.", "planned"),
    ("Nepal could send aid to Bhutan.", "possible"),
    ("A loan was rumored to be pledged by Nepal to Bhutan.", "possible"),
    ("Nepal sent aid to Bhutan.", "asserted"),
])
def test_factuality(code_text, text, factuality) -> None:
    events = [e for e in code_text(text).events if e.source and e.source.country == "NPL"]
    assert events and {e.factuality for e in events} == {factuality}


def test_history_dates_the_event_in_the_past(code_text) -> None:
    coded = code_text("Iraq imposed an embargo on Kuwait, which took effect in 1990.",
                      published="2021-03-01")
    assert ("SANCTION", "IRQ", "KWT") in dyads(coded.events)


# --- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, date, precision", [
    ("Fiji sent aid to Tonga on Wednesday.", "2021-10-20", "day"),  # published on a Wednesday
    ("Fiji sent aid to Tonga on Monday.", "2021-10-18", "day"),
    ("Fiji will send aid to Tonga on Friday.", "2021-10-22", "day"),
    ("Earlier this year, Fiji sent aid to Tonga.", "2021", "year"),
    ("Last year, Fiji sent aid to Tonga.", "2020", "year"),
    ("In 1998, Fiji sent aid to Tonga.", "1998", "year"),
])
def test_event_dates_from_sentence_and_article_date(code_text, text, date, precision) -> None:
    aid = one(code_text(text, published="2021-10-20").events, "AID")
    assert (aid.date, aid.date_precision) == (date, precision)


# --- quantities, money, location ---------------------------------------------------------------

def test_quantities_and_money_attach_to_their_event(code_text) -> None:
    coded = code_text("Algeria sent some 300 tons of aid to Tunisia. Qatar granted Oman a "
                      "US$75-million loan.")
    aid = [e for e in coded.events if e.type == "AID"]
    tons = next(e for e in aid if e.source.country == "DZA")
    loan = next(e for e in aid if e.source.country == "QAT")
    assert tons.quantities and tons.quantities[0].value == 300
    assert loan.money is not None and loan.money.amount == 75_000_000
    assert loan.money.currency == "USD" and not tons.money


def test_location_of_the_event(code_text) -> None:
    e = one(code_text("The Indian foreign minister met the Nepali premier in Kathmandu.").events, "CONSULT")
    assert e.location is not None and e.location.name == "Kathmandu"
    assert e.location.country == "NPL"


# --- headlines, repetition, chrome, missing actors ---------------------------------------------

def test_headline_event_does_not_double_count_its_body_event(code_text) -> None:
    coded = code_text("Kenya sent food aid to Somalia on Monday.",
                      title="Kenya sends aid to Somalia", published="2021-10-20")
    aid = one(coded.events, "AID")
    assert aid.evidence.sentence_kind == "body"
    assert [e.sentence_kind for e in aid.more_evidence] == ["title"]


def test_same_event_stated_twice_is_one_event_with_both_sentences(code_text) -> None:
    coded = code_text("Malta sent aid to Libya on Monday. Officials said the aid that Malta "
                      "sent to Libya on Monday was welcome.")
    aid = one(coded.events, "AID")
    assert len(aid.more_evidence) == 1


def test_no_event_without_two_actors_unless_plover_allows_it(code_text) -> None:
    coded = code_text("Officials discussed the weather. Protesters in Lima demonstrated "
                      "against the new tax.")
    assert not [e for e in coded.events if e.type == "CONSULT"]
    protest = one(coded.events, "PROTEST")
    assert protest.source.country == "PER" and protest.target is None
    assert protest.target_missing


def test_every_event_is_traceable(code_text) -> None:
    coded = code_text("Japan sent medical aid to Peru on Tuesday.")
    e = one(coded.events, "AID")
    text = coded.article.text
    assert text[e.evidence.start:e.evidence.end].strip() == e.evidence.sentence.strip()
    assert text[e.evidence.trigger_start:e.evidence.trigger_end] == "sent"
    assert text[e.source.start:e.source.end] == "Japan"
    assert e.evidence.rule.startswith("lexicon:aid.") and e.coder.startswith("rules/")
    assert (e.cameo_root, e.quad_class) == ("07", 2) and e.intensity and e.intensity > 0


CHROME = {"breadcrumb", "comment-form", "navigation", "related-link", "share-buttons"}


def test_page_chrome_and_related_links_never_yield_events(code_text) -> None:
    from tidings.flows.code import make_step
    from tidings.flows.read import read_articles

    fixtures = sorted(Path(__file__).parents[1].joinpath("fixtures", "articles").glob("*.txt"))
    coded = [c for c in make_step().run(read_articles(fixtures)) if hasattr(c, "events")]
    assert sum(len(c.events) for c in coded) >= 8
    for c in coded:
        dropped = [d.text for d in c.article.dropped if d.reason in CHROME]
        for e in c.events:
            where = c.article.title if e.evidence.sentence_kind == "title" else c.article.text
            assert e.evidence.sentence.strip() in (where or "")
            assert not any(e.evidence.sentence.strip() in d for d in dropped if d.strip())


def test_one_failing_article_becomes_a_reject_and_the_batch_goes_on() -> None:
    from tidings.flows.code import make_step
    from tidings.records import Article, CodedArticle, Reject

    class Fussy:
        name = "fussy/1"

        def code(self, annotated, mentions):
            if "explode" in annotated.article.text:
                raise ValueError("cannot code this")
            return []

    step = make_step(coder=Fussy(), batch_size=4)
    texts = ["Peru thanked Chile.", "This will explode.", "Chile thanked Peru."]
    out = list(step.run([Article(doc_id=str(i), text=t) for i, t in enumerate(texts)]))
    assert [type(o) for o in out] == [CodedArticle, Reject, CodedArticle]
    assert out[1].reason == "step-error" and "cannot code this" in out[1].detail


@pytest.mark.parametrize("text, expected", [
    ("Dock workers in Chile went on strike on Monday.", ("PROTEST", "CHL", None)),
    ("Turkey carried out an air strike on Kirkuk.", ("ASSAULT", "TUR", "IRQ")),
    ("Mauritania and Senegal engaged in talks in Dakar.", ("CONSULT", "MRT", "SEN")),
])
def test_strikes_places_and_phrasal_light_verbs(code_text, text, expected) -> None:
    assert expected in dyads(code_text(text).events)


def test_an_offer_is_an_intention_not_the_act(code_text) -> None:
    from tidings.coding.ontology import intent_type

    e = one(code_text("Jordan offered its troops to Iraq.").events, "AID")
    assert e.factuality == "planned" and "intent-verb:offer" in e.evidence.rule
    assert intent_type(e.type, e.factuality) == "AGREE"


def test_what_is_demanded_is_not_coded_as_done(code_text) -> None:
    events = code_text("Canada urged Iran to release the prisoners.").events
    assert dyads(events) == {("REQUEST", "CAN", "IRN")}
