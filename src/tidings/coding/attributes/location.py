"""Where an event happened: a place attached to the trigger's clause by a locative preposition.

"reviewed in Havana" → Location("Havana", "CUB"). Places reached by "to", "through" or "from"
are targets or paths of the event ("aid to Cuba", "a tour through Russia"), so only the
prepositions in ``data/attributes/location.yaml`` count. The country comes from the actor
knowledge base (anything with ``place_country(name)``, so tests can pass a tiny fake).
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Span, Token

from tidings.coding.attributes import clause_head, load_data
from tidings.records import Location


class PlaceResolver(Protocol):
    """What location needs from the knowledge base: the country (ISO3) of a place name."""

    def place_country(self, name: str) -> str | None: ...


def extract(sentence: Span, trigger: Token, kb: PlaceResolver) -> Location | None:
    """The location of the event triggered by ``trigger``, or None if the text gives none.

    Accepts a place (GPE/LOC/FAC entity) whose preposition attaches to the trigger, to the
    verb heading its clause, or to a word between them; the nearest such place wins.
    """
    data = load_data("location")
    anchors = _anchors(trigger)
    best: tuple[int, Span] | None = None
    for ent in sentence.ents:
        if ent.label_ not in data["place_labels"] and not _known_place(ent, kb):
            continue
        prep = _locative_prep(ent, data["locative_prepositions"])
        if prep is None or prep.head.i not in anchors:
            continue
        distance = abs(ent.root.i - trigger.i)
        if best is None or distance < best[0]:
            best = (distance, ent)
    if best is None:
        return None
    name = _strip_article(best[1])
    return Location(name, kb.place_country(name))


def _known_place(ent: Span, kb: PlaceResolver) -> bool:
    """An ORG/NORP entity the KB knows as a place ("at the Kremlin", tagged ORG by spaCy)."""
    return ent.label_ in ("ORG", "NORP") and kb.place_country(_strip_article(ent)) is not None


def _anchors(trigger: Token) -> set[int]:
    """Indices of words a locative phrase may hang off to place this event.

    The trigger, its clause verb and the words linking them; for a verb trigger under a
    control verb ("agreed to meet in Hanoi") the control verb too, as parsers often attach
    the place there.
    """
    head = clause_head(trigger)
    anchors = {trigger.i, head.i}
    current = trigger
    while current.i != head.i and current.head.i != current.i:
        current = current.head
        anchors.add(current.i)
    if head.dep_ == "xcomp":
        anchors.add(head.head.i)
    for kid in head.children:
        if kid.dep_ == "xcomp":
            anchors.add(kid.i)
    return anchors


def _locative_prep(ent: Span, prepositions: list[str]) -> Token | None:
    """The preposition governing ``ent`` if it is locative ("in Havana"), else None.

    Follows appositions and coordinations ("in Hanoi, Vietnam", "in Hanoi and Hue") back to
    the first place.
    """
    root = ent.root
    while root.dep_ in ("appos", "conj", "compound") and root.head.i != root.i:
        root = root.head
    prep = root.head
    if root.dep_ != "pobj" or prep.pos_ != "ADP":
        return None
    return prep if prep.lower_ in prepositions else None


def _strip_article(ent: Span) -> str:
    """Entity text without a leading "the" ("the Kremlin" → "Kremlin"), for KB lookups."""
    tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    return " ".join(t.text for t in tokens) if tokens else ent.text
