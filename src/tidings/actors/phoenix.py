"""Import Phoenix/PETRARCH (TABARI-format) actor dictionaries into Tidings KB files.

The format, as the PETRARCH-2 documentation describes it::

    HAMID_KARZAI_  # comment
    +KARZAI_                       synonyms, one per line, starting with "+"
    +PRESIDENT_KARZAI_
        [AFGGOV 011222-140101]     codes, optionally restricted to a date range:
        [AFGELI >060731]           ">yymmdd" from, "<yymmdd" until, "a-b" between
    THE_UNITED_NATIONS_ [IGOUNO]   a code may also follow the name on its line

Words are joined by underscores. An entry with a dated code, or with several codes, is a
person (one role per code; a code without dates is a role with no start); an entry with one
undated code of more than three letters is an organization (country = the code's first
three letters, sector = the next three); a bare country code ("AFGHANISTAN_ [AFG]") is left
to the shipped country table, which already holds names, demonyms and capitals, and counted.
The output is two KB files (``kind: people`` and ``kind: organizations``) usable with
``--kb``; ids are ``phoenix.<name>`` so they never replace shipped entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.actors.names import fold

CODE = re.compile(r"\[([A-Z0-9\-]{3,})(?:\s+([<>]?\d{6}(?:-\d{6})?))?\]")
INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC"}


@dataclass
class PhoenixEntry:
    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # code, from, to


@dataclass
class ImportResult:
    people: list[dict[str, Any]]
    organizations: list[dict[str, Any]]
    country_entries: int
    skipped: list[str]


def _words(token: str) -> str:
    return " ".join(w for w in token.strip().strip("+").split("_") if w).title()


def _date(yymmdd: str) -> str:
    yy, mm, dd = int(yymmdd[:2]), yymmdd[2:4], yymmdd[4:6]
    year = 1900 + yy if yy >= 50 else 2000 + yy
    return f"{year}-{mm}-{dd}"


def _range(spec: str | None) -> tuple[str | None, str | None]:
    if not spec:
        return None, None
    if spec.startswith(">"):
        return _date(spec[1:]), None
    if spec.startswith("<"):
        return None, _date(spec[1:])
    start, _, end = spec.partition("-")
    return _date(start), _date(end)


def parse(lines: Iterator[str]) -> Iterator[PhoenixEntry]:
    """Entries of a Phoenix actor file, comments and blank lines ignored."""
    current: PhoenixEntry | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = [(c, *_range(spec)) for c, spec in CODE.findall(line)]
        text = CODE.sub("", line).strip()
        if raw[:1] in (" ", "\t") and not text:
            if current is not None:
                current.codes.extend(codes)
            continue
        if text.startswith("+"):
            if current is not None:
                current.synonyms.append(_words(text))
                current.codes.extend(codes)
            continue
        if current is not None:
            yield current
        current = PhoenixEntry(name=_words(text), codes=list(codes))
    if current is not None:
        yield current


def _slug(name: str) -> str:
    return "phoenix." + re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def convert(entries: Iterator[PhoenixEntry]) -> ImportResult:
    result = ImportResult([], [], 0, [])
    for e in entries:
        if not e.codes:
            result.skipped.append(f"{e.name}: no code")
            continue
        aliases = sorted({s for s in e.synonyms if s and s != e.name})
        dated = any(start or end for _, start, end in e.codes)
        if not dated and len(e.codes) == 1:
            code = e.codes[0][0]
            if len(code) == 3 and code not in INTERNATIONAL:
                result.country_entries += 1
                continue
            result.organizations.append({
                "id": _slug(e.name), "name": e.name, "aliases": aliases,
                "country": code[:3], "sector": code[3:6] or None,
                "code": code[3:] or None})
            continue
        roles = [{"office": "other", "title": f"Phoenix {code}", "country": code[:3],
                  "sector": code[3:6] or "GOV", "start": start or "1900-01-01", "end": end}
                 for code, start, end in e.codes if code[:3] != "---"]
        if not roles:
            result.skipped.append(f"{e.name}: no usable code")
            continue
        result.people.append({"id": _slug(e.name), "name": e.name, "aliases": aliases,
                              "country": roles[0]["country"], "roles": roles})
    return result


def import_files(paths: list[Path]) -> ImportResult:
    total = ImportResult([], [], 0, [])
    for path in paths:
        with path.open(encoding="utf-8", errors="replace") as handle:
            part = convert(parse(iter(handle)))
        total.people += part.people
        total.organizations += part.organizations
        total.country_entries += part.country_entries
        total.skipped += part.skipped
    return total
