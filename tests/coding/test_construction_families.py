"""Constructions the rule coder missed in the third round of issue 14, each shown on
sentences written for this test (never taken from the gold sets)."""

from __future__ import annotations

import pytest
from event_keys import dyads

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text, expected", [
    ("Kenyan authorities imposed a curfew in northeastern Kenya.", ("COERCE", "KEN", "KEN")),
    ("The Chilean government eased the curfew in southern Chile.",
     ("CONCEDE", "CHL", "CHL")),
])
def test_the_states_own_country_where_it_acts_is_its_people(code_text, text,
                                                           expected) -> None:
    events = code_text(text).events
    assert expected in dyads(events)
    target = next(e.target for e in events if e.type == expected[0])
    assert target is not None and target.sector == "CVL"


def test_its_people_acting_at_home_keep_the_country_as_the_state(code_text) -> None:
    # a minority protesting is the people: "in Croatia" stays the state they address
    events = code_text("About 300 ethnic Serbs demonstrated on Monday in Croatia.").events
    assert ("PROTEST", "HRV", "HRV") in dyads(events)
    assert all(e.target is None or e.target.sector != "CVL" for e in events)


@pytest.mark.parametrize("text", [
    "Nepalese rebels committed atrocities against Indian traders.",
    "Bolivian police launched an investigation into crimes committed by Peruvian smugglers.",
])
def test_an_act_committed_is_no_promise(code_text, text) -> None:
    assert "AGREE" not in {e.type for e in code_text(text).events}


def test_committing_to_something_is_still_a_promise(code_text) -> None:
    events = code_text("Mexico committed to cooperating with the United States on migration.")
    assert ("AGREE", "MEX", "USA") in dyads(events.events)


@pytest.mark.parametrize("text, expected", [
    # a text put out by an actor speaks for it: its participle takes the author as source
    ("The Peruvian farmers' union issued a statement demanding that the Chilean government "
     "lift the tariffs.", ("REQUEST", "PER", "CHL")),
    ("Venezuela released a communique condemning the Colombian air raid.",
     ("ACCUSE", "VEN", "COL")),
    ("Brazil sent a letter urging Argentina to reopen the border.", ("REQUEST", "BRA", "ARG")),
])
def test_a_statement_speaks_for_who_issued_it(code_text, text, expected) -> None:
    assert expected in dyads(code_text(text).events)


def test_a_vetoed_text_does_not_speak_for_who_vetoed_it(code_text) -> None:
    events = code_text("The United States vetoed a resolution condemning Israel.").events
    assert ("ACCUSE", "USA", "ISR") not in dyads(events)


@pytest.mark.parametrize("text, expected", [
    # victims of an event whose own source is named on it
    ("Five Syrian soldiers died in a Turkish air raid.", ("ASSAULT", "TUR", "SYR")),
    ("Three Afghan civilians were killed in a US drone strike on Sunday.",
     ("ASSAULT", "USA", "AFG")),
])
def test_victims_of_an_event_take_its_source(code_text, text, expected) -> None:
    assert expected in dyads(code_text(text).events)


def test_a_death_without_an_attacker_is_no_attack(code_text) -> None:
    events = code_text("A Kenyan journalist died in a car accident.").events
    assert "ASSAULT" not in {e.type for e in events}


def test_the_place_where_victims_were_killed_is_no_attacker(code_text) -> None:
    events = code_text("Four Kenyan policemen were killed in the Somali capital.").events
    assert ("ASSAULT", None, "KEN") in dyads(events)


@pytest.mark.parametrize("text, expected", [
    # whom a withdrawal leaves is its target, not the forces withdrawn
    ("Chile withdrew its troops from Peru.", ("RETREAT", "CHL", "PER")),
    ("Chile withdrew from Bolivia.", ("RETREAT", "CHL", "BOL")),
    ("Chile says it will pull its troops out of Bolivia.", ("RETREAT", "CHL", "BOL")),
])
def test_a_withdrawal_is_from_whom_it_leaves(code_text, text, expected) -> None:
    assert expected in dyads(code_text(text).events)


def test_a_withdrawal_announced_on_a_condition_is_a_threat(code_text) -> None:
    text = ("Ghana said it will withdraw its peacekeepers from Liberia unless the rebels agree "
            "to a ceasefire.")
    assert ("THREATEN", "GHA", "LBR") in dyads(code_text(text).events)


def test_a_withdrawal_without_a_condition_is_no_threat(code_text) -> None:
    events = code_text("Ghana will withdraw its peacekeepers from Liberia next month.").events
    assert "THREATEN" not in {e.type for e in events}
    assert ("RETREAT", "GHA", "LBR") in dyads(events)


@pytest.mark.parametrize("text", [
    "The Peruvian president reneged on his promise to the Bolivian government.",
    "Ghana backtracked on its pledge to Togo.",
])
def test_going_back_on_a_promise_rejects_it(code_text, text) -> None:
    events = code_text(text).events
    assert {e.type for e in events} == {"REJECT"}  # the promise is no AGREE of its own


@pytest.mark.parametrize("text, expected", [
    ("Kenyan police dispersed protesters in Nairobi.", ("COERCE", "KEN", "KEN")),
    ("Kenyan police opened fire to disperse opposition supporters on Monday.",
     ("COERCE", "KEN", "KEN")),
    ("Bolivian riot police broke up a rally of opposition supporters in La Paz.",
     ("COERCE", "BOL", "BOL")),
])
def test_stopping_a_protest_by_force_is_coercion(code_text, text, expected) -> None:
    assert expected in dyads(code_text(text).events)


def test_three_parties_to_a_joint_act_each_act_with_each_other(code_text) -> None:
    events = code_text("Peru, Chile and Bolivia signed a trade agreement.").events
    assert {("AGREE", "PER", "CHL"), ("AGREE", "PER", "BOL"),
            ("AGREE", "CHL", "BOL")} <= dyads(events)


def test_two_parties_to_a_joint_act_are_one_event(code_text) -> None:
    events = code_text("Peru and Chile met on Monday.").events
    assert dyads(events) == {("CONSULT", "PER", "CHL")}


def test_a_trigger_word_in_an_organizations_name_is_no_event(code_text) -> None:
    text = "The Caribbean Pact, formed by Jamaica, Haiti and Cuba, is an economic group."
    assert "AGREE" not in {e.type for e in code_text(text).events}


@pytest.mark.parametrize("text, expected", [
    # assurances and guarantees are promises (CAMEO 03), given or received
    ("Chilean miners received assurances from the Chilean government.",
     ("AGREE", "CHL", "CHL")),
    ("The Peruvian minister gave assurances to Ecuador that the dam would be safe.",
     ("AGREE", "PER", "ECU")),
])
def test_an_assurance_is_a_promise(code_text, text, expected) -> None:
    assert expected in dyads(code_text(text).events)


@pytest.mark.parametrize("text, expected", [
    # exercises without a partner are a show of force; joint ones are cooperation
    ("Venezuela is conducting military exercises near the border with Guyana.",
     ("MOBILIZE", "VEN", None)),
    ("Venezuela and Cuba held joint military exercises in the Caribbean.",
     ("COOPERATE", "VEN", "CUB")),
])
def test_exercises_are_cooperation_only_when_joint(code_text, text, expected) -> None:
    events = code_text(text).events
    assert expected in dyads(events)
    assert len({e.type for e in events}) == 1


def test_a_purpose_clause_names_whom_an_act_is_aimed_at(code_text) -> None:
    events = code_text("Kenyan police opened fire to disperse opposition supporters on Monday.")
    assert ("ASSAULT", "KEN", "KEN") in dyads(events.events)


def test_a_purpose_clause_does_not_outrank_a_named_target(code_text) -> None:
    text = "Chilean troops fired on Bolivian smugglers to protect Peruvian traders."
    events = code_text(text).events
    assert ("ASSAULT", "CHL", "BOL") in dyads(events)
    assert ("ASSAULT", "CHL", "PER") not in dyads(events)
