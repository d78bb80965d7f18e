"""The date of one event, from the date expression attached to it and the article's date.

Why not dateparser: it misses "earlier this year" and "since 2020", and fills a missing day or
month from the base date, silently inventing precision ("in October" would become a day).
Absolute dates here are parsed by a few explicit patterns that keep exactly the precision the
text gives; relative expressions come from ``data/attributes/dates.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Span, Token

from tidings.coding.attributes import clause_head, load_data
from tidings.coding.attributes.factuality import classify
from tidings.records import DateP, Factuality

_ISO = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


@dataclass(frozen=True, slots=True)
class EventDate:
    """An event's date as precise as the text allows, with the expression and rule used."""

    date: str | None
    precision: DateP | None
    text: str | None
    rule: str


@dataclass(frozen=True, slots=True)
class _Resolved:
    day: date
    precision: DateP
    rule: str


def event_date(sentence: Span, trigger: Token, published: str | None,
               factuality: Factuality | None = None) -> EventDate:
    """Date of the event triggered by ``trigger`` in ``sentence``, given the article's date.

    The expression attached to the event wins over other dates in the sentence; tense decides
    whether "on Wednesday" is the last or the next Wednesday. Without any expression an
    asserted event takes the article's date ("article-date"); otherwise the date is unknown.
    ``factuality`` is the trigger's ``classify`` value when the caller already has it.
    """
    base = parse_published(published)
    fact = factuality or classify(trigger)[0]
    future = fact == "planned"
    for expr in _attached_expressions(sentence, trigger):
        resolved = resolve(expr, base, future)
        if resolved is not None:
            return EventDate(_iso(resolved), resolved.precision, expr, resolved.rule)
    if base is not None and fact == "asserted":
        return EventDate(base.isoformat(), "day", None, "article-date")
    return EventDate(None, None, None, "unknown")


def parse_published(published: str | None) -> date | None:
    """The article date (ISO date or datetime) as a date, or None if absent or unreadable."""
    if not published:
        return None
    match = _ISO.match(published.strip())
    if match is None or match.group(3) is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _iso(resolved: _Resolved) -> str:
    day = resolved.day
    if resolved.precision == "year":
        return f"{day.year:04d}"
    if resolved.precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


# --------------------------------------------------------------------------- finding expressions


def _attached_expressions(sentence: Span, trigger: Token) -> Iterator[str]:
    """Date expressions of the sentence that belong to this event, closest first.

    Candidates are spaCy DATE entities; one belongs to the event when it lies in the trigger's
    subtree or hangs off the trigger's clause verb (or a verb governing it), not when it
    modifies another clause ("said on Monday that ... in 2020").
    """
    head = clause_head(trigger)
    governors = {head.i, trigger.i, *(t.i for t in head.ancestors)}
    subtree = {t.i for t in trigger.subtree}
    ranked: list[tuple[int, int, str]] = []
    for ent in sentence.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue  # TIME for "Saturday night"; times of day alone resolve to nothing
        text = _with_preposition(ent)
        if ent.root.i in subtree:
            if _same_event_path(ent.root, trigger):
                ranked.append((0, abs(ent.root.i - trigger.i), text))
        elif clause_head(ent.root.head).i in governors or ent.root.head.i in governors:
            rank = 1 if clause_head(ent.root.head).i == head.i else 2
            ranked.append((rank, abs(ent.root.i - trigger.i), text))
    for _, _, text in sorted(ranked):
        yield text


def _same_event_path(word: Token, trigger: Token) -> bool:
    """Whether ``word`` (inside the trigger's subtree) dates the trigger, not a verb between.

    "urged to lift the embargo which was imposed in 1979": 1979 dates "imposed" (and the
    embargo that the relative clause describes), not "urged". A control complement
    ("scheduled to begin on Wednesday") passes its date up; other verbs on the way stop it.
    """
    current = word.head
    while current.i != trigger.i:
        if current.pos_ in ("VERB", "AUX") and current.dep_ != "xcomp":
            return current.head.i == trigger.i and current.dep_ in ("relcl", "acl")
        if current.head.i == current.i:
            return False
        current = current.head
    return True


def _with_preposition(ent: Span) -> str:
    """The entity text with a governing "since"/"in"/"on" kept, since it changes the meaning."""
    head = ent.root.head
    if ent.root.dep_ == "pobj" and head.i == ent.start - 1:
        return f"{head.text} {ent.text}"
    return ent.text


# --------------------------------------------------------------------------- resolving


def resolve(expression: str, base: date | None, future: bool) -> _Resolved | None:
    """Resolve one date expression against the article date ``base``.

    Pure function (no parse needed), so the arithmetic is unit-tested on its own.
    """
    text = " ".join(expression.lower().replace(",", " ").split())
    text = re.sub(r"^(on|in|at|during|by|of|the) ", "", text)
    # "late last month", "early this year": the period is what we can date.
    text = re.sub(r"^(late|early|mid|mid-|the end of|the start of|the beginning of) ", "", text)
    return (
        _absolute(text, base, future)
        or (_relative(text, base) if base else None)
        or (_weekday(text, base, future) if base else None)
    )


def _absolute(text: str, base: date | None, future: bool) -> _Resolved | None:
    """ISO dates, "14 October 2021", "October 14, 2021", "October 2021", "in 1962", "since 2020"."""
    iso = _ISO.search(text)
    if iso:
        day = int(iso.group(3) or 1)
        precision: DateP = "day" if iso.group(3) else "month"
        return _safe(int(iso.group(1)), int(iso.group(2)), day, precision, "iso")
    months = load_data("dates")["months"]
    words = text.split()
    # "may" is a month only next to a number ("May 5", "in May 2020"), else it is the modal.
    has_digit = any(c.isdigit() for c in text)
    month = next((months[w] for w in words if w in months and (w != "may" or has_digit)), None)
    year_m = _YEAR.search(text)
    day_m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", text)
    if month is not None:
        year = int(year_m.group(0)) if year_m else _infer_year(month, base, future)
        if year is None:
            return None
        if day_m and (not year_m or day_m.start() != year_m.start()):
            return _safe(year, month, int(day_m.group(1)), "day", "absolute-day")
        return _safe(year, month, 1, "month", "absolute-month")
    decade = re.fullmatch(r"(\w+ )?(the )?((?:1[89]|20)\d)0s", text)
    if decade:  # no decade precision exists, so the decade's first year stands for it
        return _Resolved(date(int(decade.group(3)) * 10, 1, 1), "year", "decade")
    if year_m and re.fullmatch(r"(\w+ )?(?:1[89]|20)\d\d", text):
        since = words[0] in load_data("dates")["since_words"]
        return _Resolved(
            date(int(year_m.group(0)), 1, 1), "year", "since-year" if since else "year"
        )
    return None


def _infer_year(month: int, base: date | None, future: bool) -> int | None:
    """Year of a month named without one: past tense looks back, future looks ahead."""
    if base is None:
        return None
    if future and month < base.month:
        return base.year + 1
    if not future and month > base.month:
        return base.year - 1
    return base.year


def _safe(year: int, month: int, day: int, precision: DateP, rule: str) -> _Resolved | None:
    try:
        return _Resolved(date(year, month, day), precision, rule)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class _RelativeRule:
    """One row of ``dates.yaml``'s ``relative`` table."""

    pattern: re.Pattern[str]
    unit: str
    offset: int | None  # None: the offset is the number the pattern captured, times ``sign``
    sign: int
    precision: DateP


def _relative(text: str, base: date) -> _Resolved | None:
    """Expressions from the data file: "yesterday", "last week", "earlier this year", ..."""
    for rule in _relative_rules():
        match = rule.pattern.fullmatch(text)
        if match is None:
            continue
        offset = rule.offset
        if offset is None:
            number = next((g for g in match.groupdict().values() if g), None)
            count = _small_number(number) if number else None
            offset = count * rule.sign if count is not None else None
        if offset is None:
            return None
        day = shift(base, rule.unit, offset)
        return _Resolved(day, rule.precision, f"relative:{rule.unit}")
    return None


@lru_cache(maxsize=1)
def _relative_rules() -> tuple[_RelativeRule, ...]:
    rows = load_data("dates")["relative"]
    return tuple(
        _RelativeRule(
            re.compile(row["pattern"]),
            str(row["unit"]),
            int(row["offset"]) if "offset" in row else None,
            int(row.get("sign", 1)),
            row["precision"],
        )
        for row in rows
    )


def _small_number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    value = load_data("quantities")["number_words"].get(word)
    return int(value) if isinstance(value, int | float) and value >= 1 else None


def shift(base: date, unit: str, offset: int) -> date:
    """``base`` moved by ``offset`` days, weeks (to the week's Monday), months or years."""
    if unit == "day":
        return base + timedelta(days=offset)
    if unit == "week":
        monday = base - timedelta(days=base.weekday())
        return monday + timedelta(weeks=offset)
    if unit == "month":
        index = base.year * 12 + base.month - 1 + offset
        return date(index // 12, index % 12 + 1, 1)
    return date(base.year + offset, 1, 1)


def _weekday(text: str, base: date, future: bool) -> _Resolved | None:
    """Weekday names ("on Wednesday", "last Friday", "next Monday") resolved by tense.

    Past: the named day on or before ``base`` (a story dated Wednesday saying "on Wednesday"
    means that day); future or "next": the first such day after ``base``.
    """
    weekdays = load_data("dates")["weekdays"]
    words = text.split()
    names = [w for w in words if w in weekdays]
    if len(names) != 1:
        return None
    target = weekdays[names[0]]
    if "next" in words or (future and "last" not in words):
        delta = (target - base.weekday()) % 7 or 7
        return _Resolved(base + timedelta(days=delta), "day", "weekday-next")
    delta = (base.weekday() - target) % 7
    if "last" in words and delta == 0:
        delta = 7
    return _Resolved(base - timedelta(days=delta), "day", "weekday-last")
