"""Every actor the text names is a side of its events: sectors, groups and people without a
known country give events with a null country (issue 14), never a dropped event; a known
country is never traded for an unknown one. Sentences written for these tests."""

from __future__ import annotations

import pytest

from tidings.records import Event

pytestmark = pytest.mark.model


def sides(events: list[Event]) -> set[tuple[str, object, object]]:
    def side(ref: object) -> object:
        if ref is None:
            return None
        return (getattr(ref, "country", None), getattr(ref, "sector", None))
    return {(e.type, side(e.source), side(e.target)) for e in events}


@pytest.mark.parametrize("text, expected", [
    ("Border guards detained four fishermen near the harbour.",
     ("COERCE", (None, "COP"), (None, "CVL"))),
    ("A nurses' union accused the health minister of lying.",
     ("ACCUSE", (None, "LAB"), (None, "GOV"))),
    ("The rebels rejected the offer from the army.",
     ("REJECT", (None, "REB"), (None, "MIL"))),
    ("Striking dockworkers demanded the resignation of the port authority.",
     ("REQUEST", (None, "LAB"), (None, "GOV"))),
])
def test_actors_without_a_country_are_coded_with_a_null_country(code_text, text,
                                                                 expected) -> None:
    coded = code_text(text)
    assert expected in sides(coded.events)
    for e in coded.events:
        for ref in (e.source, e.target):
            if ref is not None:  # text and offsets are always there
                assert ref.start is not None and ref.end is not None
                assert ref.text and text[ref.start:ref.end] == ref.text


def test_a_known_country_is_not_traded_for_an_unknown_one(code_text) -> None:
    coded = code_text("Chilean police arrested dozens of students in Santiago.")
    assert sides(coded.events) == {("COERCE", ("CHL", "COP"), ("CHL", "EDU"))}


def test_same_sector_without_country_is_no_event(code_text) -> None:
    assert not code_text("Police officers arrested a police commander.").events


def test_agentless_passive_has_an_unknown_source_where_the_type_allows(code_text) -> None:
    coded = code_text("Two Malian soldiers were killed near Gao on Sunday.")
    (e,) = [e for e in coded.events if e.type == "ASSAULT"]
    assert e.source is None and e.target is not None and e.target.country == "MLI"
    assert "source:passive-no-agent" in e.evidence.rule
    assert e.evidence.trace is not None and e.evidence.trace.source == "passive-no-agent"


def test_agentless_passive_of_a_type_that_needs_a_source_is_no_event(code_text) -> None:
    assert not [e for e in code_text("Peru was praised on Sunday.").events
                if e.source is None]


def test_passive_whose_agent_is_no_actor_has_an_unknown_source(code_text) -> None:
    coded = code_text("Four Kenyan police officers were killed by a roadside bomb on Friday.")
    (e,) = [e for e in coded.events if e.type == "ASSAULT"]
    assert e.source is None and e.target is not None and e.target.country == "KEN"
    assert "source:passive-agent-not-an-actor" in e.evidence.rule
