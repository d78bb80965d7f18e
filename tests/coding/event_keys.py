"""What the coding tests compare events by: (type, source country, target country)."""

from __future__ import annotations

from tidings.coding.ontology import intent_type
from tidings.records import Event


def dyads(events: list[Event], plover: bool = False) -> set[tuple[str, str | None, str | None]]:
    """Each event's type (``plover``: PLOVER's reading of a stated intention, e.g. a planned
    attack as THREATEN) with its source and target countries."""
    return {(intent_type(e.type, e.factuality) if plover else e.type,
             e.source.country if e.source else None, e.target.country if e.target else None)
            for e in events}
