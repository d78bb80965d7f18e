"""Filter values checked before they reach SQL: an unknown country, event type, date or
choice is refused with a Tidings error naming what is valid, never a raw DuckDB error.
Countries go through ``tidings.countries`` (ISO3 in any case, or a name)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from tidings.coding.ontology import load_ontology
from tidings.countries import parse_country
from tidings.errors import Errors, UsageError

FACTUALITY = ("asserted", "negated", "planned", "possible")
QUAD_CLASSES = (1, 2, 3, 4)


def country(value: str | None) -> str | None:
    """``cub``, ``CUB`` or ``Cuba`` → ``CUB``."""
    if value is None:
        return None
    if value.upper() in iso3_codes():  # the common case, without loading the whole KB
        return value.upper()
    return parse_country(value)


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """The ISO3 codes the knowledge base knows. Read once: every ``EventFilter`` (a web page
    builds several) checks its countries, and a knowledge-base load costs ~25 ms."""
    from tidings.actors.kb import KnowledgeBase

    return frozenset(KnowledgeBase.load().countries)


def event_type(value: str | None) -> str | None:
    """A PLOVER type in any case (``aid`` → ``AID``), or a CAMEO code (imported GDELT rows)."""
    if value is None:
        return None
    types = load_ontology().types
    if value.upper() in types:
        return value.upper()
    if value.isdigit() and len(value) <= 4:
        return value
    raise UsageError(Errors.E001.format(what="event type", value=value[:40],
                                        choices=", ".join(sorted(types))))


def iso_date(value: str | None) -> str | None:
    """A calendar day written ``YYYY-MM-DD``."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise UsageError(Errors.E005.format(value=value[:40]))


def choice(what: str, value: str | None, choices: Sequence[str]) -> str | None:
    """``value`` if it is one of ``choices`` (any case)."""
    if value is None:
        return None
    for option in choices:
        if value.casefold() == option.casefold():
            return option
    raise UsageError(Errors.E001.format(what=what, value=value[:40], choices=", ".join(choices)))


def quad_class(value: int | None) -> int | None:
    if value is not None and value not in QUAD_CLASSES:
        raise UsageError(Errors.E001.format(what="quad class", value=value,
                                            choices=", ".join(map(str, QUAD_CLASSES))))
    return value
