"""``_without_borrowed_sides``: a side the rule coder took from elsewhere in the sentence
(``fallback:sentence``) gives way to an event that found that actor itself, in the other
role; two events that each borrowed a side do not strike each other out."""

from __future__ import annotations

from tidings.coding.rules import FALLBACK, _without_borrowed_sides
from tidings.records import ActorRef, Event, Evidence, Trace


def _event(type_: str, source: tuple[str, int], target: tuple[str, int],
           how_source: str = "subj", how_target: str = "dobj") -> Event:
    trace = Trace(entry=type_.lower(), roles="agent-patient", source=how_source,
                  target=how_target)
    evidence = Evidence(sentence="s", start=0, end=90, trigger="t", rule=trace.render(),
                        trigger_start=0, trigger_end=1, trace=trace)

    def ref(actor: tuple[str, int]) -> ActorRef:
        return ActorRef(actor[0], start=actor[1], end=actor[1] + len(actor[0]))

    return Event(event_id=f"{type_}{source}{target}", doc_id="d", type=type_,
                 source=ref(source), target=ref(target), evidence=evidence,
                 confidence=0.6, coder="rules")


CHILE, PERU, TURKEY, CHAD = ("Chile", 60), ("Peru", 20), ("Turkish", 70), ("Chad", 30)


def test_a_borrowed_side_that_another_event_found_itself_in_the_other_role_goes() -> None:
    # "offered its troops to the Peruvian president to help him oust the rebels": the
    # president is the offer's target, so the ouster does not borrow him as its source
    offer = _event("SUPPORT", CHILE, PERU)
    ouster = _event("COERCE", PERU, ("the rebels", 80), how_source=FALLBACK)
    assert _without_borrowed_sides([offer, ouster]) == [offer]


def test_two_events_that_each_borrowed_a_side_both_stay() -> None:
    # "a loan pledged to Chad to buy Turkish drones": the pledge borrows Turkey as its
    # source, the purchase borrows Chad as its buyer; neither found the other's side itself
    pledge = _event("AID", TURKEY, CHAD, how_source=FALLBACK)
    purchase = _event("COOPERATE", CHAD, TURKEY, how_source=FALLBACK)
    assert _without_borrowed_sides([pledge, purchase]) == [pledge, purchase]


def test_a_borrowed_side_in_the_same_role_stays() -> None:
    talks = _event("CONSULT", ("Syria", 0), ("Lebanon", 40))
    visit = _event("CONSULT", ("Syria", 0), ("Beirut", 50), how_source=FALLBACK)
    assert _without_borrowed_sides([talks, visit]) == [talks, visit]
