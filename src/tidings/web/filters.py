"""The shared filter bar: one set of query parameters that every list, chart, JSON twin and
export reads the same way, so a URL selects the same events whatever it shows them as."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query, Request

from tidings.store.queries import EventFilter
from tidings.web import params

Country = Annotated[str | None, Query(description="ISO3 code in any case, or a country name")]
Dyad = Annotated[list[str] | None, Query(description="a dyad: two countries, one per "
                                          "value (dyad=Russia&dyad=CUB), or joined by '-' in "
                                          "one (RUS-CUB, russia-cuba)")]
Day = Annotated[str | None, Query(description="YYYY-MM-DD")]


def event_filter(
    request: Request, country: Country = None, dyad: Dyad = None,
    type: Annotated[str | None, Query(description="a PLOVER event type")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="quad class 1-4")] = None,
    since: Day = None, until: Day = None,
    factuality: Annotated[str | None, Query(description=", ".join(params.FACTUALITY))] = None,
    text: Annotated[str | None, Query(max_length=200, description="words of the evidence")
                    ] = None,
    actor: Annotated[str | None, Query(max_length=200, description="words of an actor's "
                                                                   "mention or name")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    undated: Annotated[bool, Query(description="only events without a date")] = False,
    unknown_country: Annotated[bool, Query(description="only the events country-level "
                                           "views leave out: a side of unknown country")
                               ] = False,
    directed: Annotated[bool, Query(description="the dyad in its order only (source first)")
                        ] = False,
) -> EventFilter:
    """The filter bar's parameters as an ``EventFilter`` (a FastAPI dependency)."""
    kb = request.app.state.web.kb
    src, tgt = params.dyad_sides(kb, dyad)
    return EventFilter(country=params.country(kb, country), source_country=src,
                       target_country=tgt, undirected=bool(src) and not directed,
                       type=params.choice("event type", type, request.app.state.web.types),
                       quad_class=quad, date_from=params.iso_date("since", since),
                       date_to=params.iso_date("until", until),
                       factuality=params.choice("factuality", factuality, params.FACTUALITY),
                       text=text or None, actor=actor or None, min_confidence=min_confidence,
                       undated=undated, unknown_country=unknown_country)


def filter_pairs(flt: EventFilter) -> dict[str, str]:
    """``flt`` as the query parameters that select it (dyads as the pages take them)."""
    dyad = (f"{flt.source_country}-{flt.target_country}"
            if flt.source_country and flt.target_country else None)
    pairs = {"country": flt.country, "dyad": dyad, "type": flt.type, "quad": flt.quad_class,
             "since": flt.date_from, "until": flt.date_to, "factuality": flt.factuality,
             "text": flt.text, "actor": flt.actor, "min_confidence": flt.min_confidence,
             "undated": "true" if flt.undated else None,
             "unknown_country": "true" if flt.unknown_country else None,
             "directed": "true" if dyad and not flt.undirected else None}
    return {k: str(v) for k, v in pairs.items() if v is not None}


def filter_query(flt: EventFilter, **extra: str | int | None) -> str:
    """The query string selecting ``flt``, with ``extra`` parameters (``None`` drops one)."""
    pairs: dict[str, str | int] = dict(filter_pairs(flt))
    for key, value in extra.items():
        if value is None:
            pairs.pop(key, None)
        else:
            pairs[key] = value
    return urlencode(pairs)


def url_with(request: Request, **changes: str | int | None) -> str:
    """This page's URL with some query parameters changed (``None`` removes one): sort
    links, pages and downloads keep the filter the user chose."""
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    pairs += [(k, str(v)) for k, v in changes.items() if v is not None]
    return f"{request.url.path}?{urlencode(pairs)}" if pairs else request.url.path
