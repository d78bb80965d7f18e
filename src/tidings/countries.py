"""Country arguments as people write them: an ISO 3166-1 alpha-3 code in any case (``cub``,
``CUB``) or a name the knowledge base knows (``Cuba``, ``Republic of Cuba``). One parser for
the CLI, the Python API and the web, so they accept and refuse the same things."""

from __future__ import annotations

import difflib

from tidings.actors.kb import KnowledgeBase
from tidings.errors import Errors, UsageError


def parse_country(value: str, kb: KnowledgeBase | None = None) -> str:
    """The ISO3 code ``value`` stands for; ``UsageError`` (with close matches) when none."""
    kb = kb or KnowledgeBase.load()
    text = " ".join(value.split())
    if text.upper() in kb.countries:
        return text.upper()
    for entry in kb.lookup(text):
        if entry.kind == "country":
            return entry.ref
    raise UsageError(Errors.E003.format(value=value[:40], hint=_suggestions(value, kb)))


def _suggestions(value: str, kb: KnowledgeBase) -> str:
    """The closest country names to ``value``, as a hint for the refusal."""
    names = {c.name: c.iso3 for c in kb.countries.values()}
    close = difflib.get_close_matches(value.strip().title(), list(names), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(f'{n} ({names[n]})' for n in close)}?" if close else ""


def parse_dyad(value: str, kb: KnowledgeBase | None = None) -> tuple[str, str]:
    """``"RUS-CUB"``, ``"russia-cuba"`` or ``"Guinea-Bissau-Senegal"`` as two ISO3 codes: the
    first ``-`` that leaves a country on both sides splits it."""
    kb = kb or KnowledgeBase.load()
    parts = value.split("-")
    for cut in range(1, len(parts)):
        try:
            return (parse_country("-".join(parts[:cut]), kb),
                    parse_country("-".join(parts[cut:]), kb))
        except UsageError:
            continue
    raise UsageError(Errors.E004.format(value=value[:60]))
