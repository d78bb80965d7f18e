"""Reported speech (issue 14): the pronoun subject of a reported clause is the speaker, and a
reported "would" is the speaker's "will" (a stated intention, not a hedge). Sentences written
for this test."""

from __future__ import annotations

import pytest

from tidings.coding.ontology import intent_type
from tidings.records import Event

pytestmark = pytest.mark.model


def keys(events: list[Event]) -> set[tuple[str, object, object, str]]:
    return {(e.type, e.source.country if e.source else None,
             e.target.country if e.target else None, e.factuality) for e in events}


@pytest.mark.parametrize("text, expected", [
    ("Ecuador said it would send food aid to Haiti.", ("AID", "ECU", "HTI", "planned")),
    ("Kenyan opposition leaders said they would boycott the elections.",
     ("PROTEST", "KEN", None, "planned")),
    ("The United States said it would expel two Cuban diplomats.",
     ("SANCTION", "USA", "CUB", "planned")),
])
def test_pronoun_subject_of_a_reported_clause_is_the_speaker(code_text, text,
                                                             expected) -> None:
    assert expected in keys(code_text(text).events)


def test_a_stated_intention_of_force_is_a_threat_in_the_plover_reading(code_text) -> None:
    events = code_text("The Azerbaijani army said it would shell Armenian positions.").events
    plover = {(intent_type(e.type, e.factuality), e.source.country if e.source else None,
               e.target.country if e.target else None) for e in events}
    assert ("THREATEN", "AZE", "ARM") in plover


def test_they_does_not_stand_for_a_singular_speaker(code_text) -> None:
    # "they" are the Bolivian miners, not Chile: no Chilean event.
    events = code_text("Chile said they had attacked Bolivian miners near the border.").events
    assert all(e.source is None or e.source.country != "CHL" for e in events
               if e.type == "ASSAULT")


def test_would_outside_reported_speech_stays_possible(code_text) -> None:
    events = code_text("Ecuador would send food aid to Haiti if asked.").events
    assert {e.factuality for e in events if e.type == "AID"} == {"possible"}
