"""How far a trigger's roles reach (issue 14, fourth round), on sentences written for this
test: the speaker of a report is no party to the act reported, a place of the actors' own
country is where they act, not whom at, and the subject of "is willing to" acts."""

from __future__ import annotations

import pytest
from event_keys import dyads

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text, speaker", [
    ("Doctors will help rebuild clinics in Kenya, the Norwegian foreign minister said.", "NOR"),
    ("Aid convoys were sent to help Sudan, a Kenyan official told Reuters.", "KEN"),
    ("Uganda will mediate in the dispute, the Kenyan president told reporters.", "KEN"),
])
def test_the_speaker_of_a_report_is_no_other_side_of_the_act(code_text, text,
                                                              speaker) -> None:
    events = code_text(text).events
    assert all(speaker not in (e.source and e.source.country, e.target and e.target.country)
               for e in events), events
