"""Query and path parameters checked by hand, so a bad one is refused with HTTP 422 and a
sentence that names what was expected (FastAPI's own pattern errors read like regexes).
Countries go through ``tidings.countries``, the parser the CLI and the API use too."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest
from typing import Any

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from tidings.actors.kb import KnowledgeBase
from tidings.countries import parse_country, parse_dyad
from tidings.errors import UsageError
from tidings.store import checks

FACTUALITY = checks.FACTUALITY
PERIODS = ("month", "quarter", "year")
FORMATS = ("html", "json")


def country(kb: KnowledgeBase, value: str | None) -> str | None:
    """ISO3 in any case or a country name → ISO3."""
    if value is None:
        return None
    try:
        return parse_country(value, kb)
    except UsageError as exc:
        raise HTTPException(422, str(exc)) from exc


def dyad(kb: KnowledgeBase, value: str | None) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    try:
        return parse_dyad(value, kb)
    except UsageError as exc:
        raise HTTPException(422, str(exc)) from exc


def dyad_sides(kb: KnowledgeBase, values: list[str] | None) -> tuple[str | None, str | None]:
    """The filter bar's dyad: two fields, one country each (``dyad=Russia&dyad=Cuba``, what
    its form sends), or one value naming both (``dyad=RUS-CUB``, what links and older
    bookmarks carry). Empty fields are ignored; anything else is a 422 saying why."""
    given = [v for v in values or [] if v.strip()]
    if not given:
        return None, None
    if len(given) == 1:
        return dyad(kb, given[0])
    if len(given) == 2:
        return country(kb, given[0]), country(kb, given[1])
    raise HTTPException(422, f"a dyad is two countries; got {len(given)} values")


def side_pairs(kb: KnowledgeBase, firsts: list[str], seconds: list[str]
               ) -> list[tuple[str | None, str | None]]:
    """Dyads given as two fields each (``a=USA&b=Cuba&a=&b=``: a form's fields come in
    order, empty ones too): the i-th ``a`` with the i-th ``b``; a pair left empty is
    skipped, a half-filled one is a 422."""
    pairs: list[tuple[str | None, str | None]] = []
    for number, (one, other) in enumerate(zip_longest(firsts, seconds, fillvalue=""), 1):
        if not one.strip() and not other.strip():
            continue
        if not one.strip() or not other.strip():
            raise HTTPException(422, f"dyad {number} needs a country on both sides")
        pairs.append((country(kb, one), country(kb, other)))
    return pairs


def choice(name: str, value: str | None, choices: Sequence[str]) -> str | None:
    """``value`` if it is one of ``choices`` (case-insensitive), else a 422 listing them."""
    try:
        return checks.choice(name, value, choices)
    except UsageError as exc:
        raise HTTPException(422, str(exc)) from exc


def iso_date(name: str, value: str | None) -> str | None:
    """A calendar date written ``YYYY-MM-DD``."""
    try:
        return checks.iso_date(value)
    except UsageError as exc:
        raise HTTPException(422, f"{name}: {exc}") from exc


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's validation errors as one readable sentence (still HTTP 422)."""
    errors: list[dict[str, Any]] = list(exc.errors()) if isinstance(
        exc, RequestValidationError) else []
    parts = [f"{e['loc'][-1]}: {e['msg']} (got {str(e.get('input'))[:40]!r})"
             for e in errors if e.get("loc")]
    return JSONResponse({"detail": "; ".join(parts) or "invalid request"}, status_code=422)
