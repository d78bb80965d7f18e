"""Constructions of issue 14, each on a sentence written for this test: light-verb and noun
events, refusals and reversals, permissions and releases, demands by verbs of pressure,
threats in conditionals, passives with agents."""

from __future__ import annotations

import pytest
from event_keys import dyads

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text, expected", [
    # light verbs with event nouns
    ("Turkish troops launched a raid on Syrian villages on Monday.", ("ASSAULT", "TUR", "SYR")),
    ("The Peruvian government ordered a lockdown of Bolivian border towns.",
     ("COERCE", "PER", "BOL")),
    ("A Spanish court issued a summons to the Moroccan consul.", ("REQUEST", "ESP", "MAR")),
    # refusals and reversals
    ("Ghana backed out of the trade accord with Nigeria.", ("REJECT", "GHA", "NGA")),
    ("Chile declined an invitation from Argentina to join the summit.",
     ("REJECT", "CHL", "ARG")),
    ("Norway will not renew the fishing permit of the Russian fleet.",
     ("REJECT", "NOR", "RUS")),
    # permissions and releases
    ("Egypt set the Sudanese detainees free on Friday.", ("RETREAT", "EGY", "SDN")),
    ("Iran commuted the sentences of two British nationals.", ("CONCEDE", "IRN", "GBR")),
    # demands by verbs of pressure
    ("France pressed Algeria to reopen the border.", ("REQUEST", "FRA", "DZA")),
    ("Polish farmers lobbied the Hungarian government for lower tariffs.",
     ("REQUEST", "POL", "HUN")),
    # threats, stated or conditional
    ("Serbia threatened to walk out of the talks with Kosovo.", ("THREATEN", "SRB", "XKX")),
    ("Serbia will walk out of the talks with Kosovo unless the deal is changed.",
     ("THREATEN", "SRB", "XKX")),
    # obstruction as protest
    ("Striking Bolivian miners blocked the highway to La Paz on Monday.",
     ("PROTEST", "BOL", "BOL")),
    # passives with agents
    ("The Greek ambassador was summoned by Turkey on Tuesday.", ("REQUEST", "TUR", "GRC")),
    ("Two Indian fishermen were arrested by the Sri Lankan navy.", ("COERCE", "LKA", "IND")),
])
def test_construction_codes_its_event(code_text, text, expected) -> None:
    assert expected in dyads(code_text(text).events, plover=True)


def test_a_demand_for_sanctions_is_not_a_sanction(code_text) -> None:
    events = code_text("Polish farmers lobbied the Hungarian government for new tariffs "
                       "on Ukraine.").events
    assert "SANCTION" not in {e.type for e in events}


def test_conditional_threat_is_marked_as_a_construction(code_text) -> None:
    events = code_text("Serbia will walk out of the talks with Kosovo unless the deal is "
                       "changed.").events
    (threat,) = [e for e in events if e.type == "THREATEN"]
    assert threat.evidence.rule.startswith("construction:conditional-threat")
    assert threat.factuality == "asserted"
    assert any(e.type == "REJECT" and e.factuality == "planned" for e in events)


def test_reversal_consumes_the_agreement_noun(code_text) -> None:
    events = code_text("Ghana backed out of the trade accord with Nigeria.").events
    assert {e.type for e in events} == {"REJECT"}


def test_blocking_a_bill_is_no_protest(code_text) -> None:
    events = code_text("The Bolivian senate blocked the Peruvian trade bill.").events
    assert "PROTEST" not in {e.type for e in events}


def test_money_of_an_including_phrase_belongs_to_the_object_event(code_text) -> None:
    events = code_text("Currently, Norway holds several contracts with Chile, including one "
                       "aimed at the upgrade of the country's ports to the tune of nearly "
                       "US$90 million, an official said.").events
    (deal,) = [e for e in events if e.evidence.trigger == "contracts"]
    assert deal.money is not None and deal.money.amount == 90_000_000
    assert deal.money.currency == "USD"
