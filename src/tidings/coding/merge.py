"""One event per real event within an article.

An article states its main event in the headline, again in the lead, and often once more
further down ("the agreement signed on Monday..."). Events of the same type between the same
countries with the same factuality and compatible dates are one event: the first body
statement is kept and the others become ``more_evidence``. Headline and caption events are
merged into a matching body event whatever their date (a headline's date is the article's),
so a headline never double-counts its story; one with no body counterpart is kept, marked by
its ``sentence_kind``.
"""

from __future__ import annotations

from tidings.records import ActorRef, Event, Evidence

_KIND_RANK = {"body": 0, "title": 1, "caption": 2}
_PRECISION = {"day": 10, "month": 7, "year": 4}


def _country(ref: ActorRef | None) -> str:
    """The actor's country; for an actor without one its sector, else its words, so "police"
    and "students" of one sentence stay two actors while a headline's "police" still merges
    with the body's "riot police"."""
    if ref is None:
        return ""
    return ref.country or f"-{ref.sector or ref.text.lower()}"


def _key(e: Event) -> tuple[str, str, str, str]:
    return e.type, _country(e.source), _country(e.target), e.factuality


def dates_compatible(a: Event, b: Event) -> bool:
    """Same day, or one date is missing or contains the other ("2021-10" and "2021-10-20")."""
    if not a.date or not b.date:
        return True
    n = min(_PRECISION.get(a.date_precision or "day", 10),
            _PRECISION.get(b.date_precision or "day", 10))
    return a.date[:n] == b.date[:n]


def _word(e: Event) -> str:
    w = e.evidence.trigger.lower()
    return w[:-1] if w.endswith("s") else w


def _restated(a: Event, b: Event) -> bool:
    """Two body statements are one event when they are the same sentence ("will grant Cuba a
    loan"), use the same trigger word with compatible dates, or give the same explicit day ("signed ... on Monday", "the deal of Monday")."""
    if not dates_compatible(a, b):
        return False
    if _word(a) == _word(b) or _same_statement(a.evidence, b.evidence):
        return True
    explicit = not (_article_dated(a) or _article_dated(b))
    return explicit and a.date_precision == b.date_precision == "day" and a.date == b.date


def _article_dated(e: Event) -> bool:
    """The event's date is the article's, not one the sentence gives."""
    return e.evidence.trace is not None and e.evidence.trace.date == "article-date"


def _same_statement(ev: Evidence, other: Evidence) -> bool:
    return ev.start == other.start and ev.sentence_kind == other.sentence_kind


def merge_events(events: list[Event]) -> list[Event]:
    """Merge repeated statements of one event; order follows the primary statements."""
    kept: list[Event] = []
    seen_ids: set[str] = set()
    ordered = sorted(events, key=lambda e: (_KIND_RANK.get(e.evidence.sentence_kind, 3),
                                            e.evidence.start, -e.confidence))
    for ev in ordered:
        if ev.event_id in seen_ids:
            continue
        seen_ids.add(ev.event_id)
        match = next((k for k in kept if _key(k) == _key(ev) and (
            ev.evidence.sentence_kind != "body" or _restated(k, ev))), None)
        if match is None:
            kept.append(ev)
            continue
        _absorb(match, ev)
    return sorted(kept, key=lambda e: (_KIND_RANK.get(e.evidence.sentence_kind, 3),
                                       e.evidence.start))


def _absorb(primary: Event, other: Event) -> None:
    """Add ``other``'s evidence (and details the primary lacks) to ``primary``."""
    statements = [primary.evidence, *primary.more_evidence]
    for ev in (other.evidence, *other.more_evidence):
        if not any(_same_statement(ev, s) for s in statements):
            primary.more_evidence.append(ev)
            statements.append(ev)
    if primary.date is None or (
        other.date and _PRECISION.get(other.date_precision or "", 0)
        > _PRECISION.get(primary.date_precision or "", 0)
        and other.evidence.sentence_kind == "body"
    ):
        primary.date, primary.date_precision = other.date, other.date_precision
    if not primary.quantities and other.quantities:
        primary.quantities = list(other.quantities)
    if primary.money is None and other.money is not None:
        primary.money = other.money
    if primary.location is None and other.location is not None:
        primary.location = other.location
    for c in other.contexts:
        if c not in primary.contexts:
            primary.contexts.append(c)
    primary.confidence = round(min(1.0, max(primary.confidence, other.confidence) + 0.05), 3)
