"""Header metadata from scraped text: publication date, byline, breadcrumb section, outlet.

Each parser looks at one line and answers ``None`` when the line is not what it looks for, so
the chrome classifier can ask them in turn and keep the value it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlparse

from tidings.clean.chrome_rules import ChromeRules, prefix_regex

MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december"
)
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?(?:\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2}))?$", re.I)
_HAS_MONTH = re.compile(rf"\b(?:{MONTHS})\b\.?", re.I)
_HAS_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_NUMERIC_DATE = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}\b")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.-]*|de|da|del|della|dos|du|la|le|van|von|der|den|bin|al|el|y|and|&)$")
_BREADCRUMB_SEP = re.compile(r"\s+(?:>|»|›|/|\\)\s+")
_WORD = re.compile(r"\w+")


def parse_date_line(line: str, rules: ChromeRules) -> str | None:
    """ISO date (or datetime, when a time is given) if the line is just a date, else ``None``
    (``""`` for a bare "Published"/"Posted on" label).

    "Published 1 November 2018" -> "2018-11-01"; "2021-10-14 00:22:29" -> "2021-10-14T00:22:29".
    A sentence that merely mentions a date is not a date line.
    """
    prefix = prefix_regex(rules.date_prefixes).match(line.strip())
    rest = line.strip()[prefix.end():] if prefix else line.strip()
    rest = rest.strip(" -|,")
    if prefix and re.fullmatch(r"(?:on|at)?", rest, re.I):
        return ""  # "Posted on" whose date the page rendered elsewhere (or not at all)
    if not rest or len(rest.split()) > 9 or rest.endswith("."):
        return None
    iso = _ISO.match(rest)
    if iso:
        return f"{iso.group(1)}T{_pad_time(iso.group(2))}" if iso.group(2) else iso.group(1)
    if not ((_HAS_MONTH.search(rest) and _HAS_YEAR.search(rest)) or _NUMERIC_DATE.match(rest)):
        return None
    if len(_HAS_MONTH.sub("", _TIME.sub("", rest)).split()) > 6:
        return None
    return _dateparse(rest)


def _pad_time(value: str) -> str:
    parts = value.split(":")
    parts = [p.zfill(2) for p in parts] + ["00"] * (3 - len(parts))
    return ":".join(parts)


@lru_cache(maxsize=4096)
def _dateparse(text: str) -> str | None:
    import dateparser  # slow to import; only needed when a header holds a written-out date

    found = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    if not isinstance(found, datetime):
        return None
    if _TIME.search(text):
        return found.replace(microsecond=0).isoformat()
    return found.date().isoformat()


def parse_byline(line: str, rules: ChromeRules) -> tuple[str, bool] | None:
    """``(name, is_author)`` for a byline such as "By Jane Roe" or "Edited by John Doe".

    ``is_author`` is False for editors, translators and reporting credits, which are dropped
    as bylines but do not name the article's author.
    """
    stripped = " ".join(line.split())
    for prefixes, is_author in ((rules.byline_other_prefixes, False), (rules.byline_author_prefixes, True)):
        match = prefix_regex(prefixes).match(stripped)
        if match:
            name = _name_part(stripped[match.end():])
            return (name, is_author) if name else None
    return None


def _name_part(rest: str) -> str | None:
    """The person (or people) named at the start of ``rest``, before any ", Agency" or "|"."""
    head = re.split(r"\s*[,|(–—]\s*|\s+-\s+", rest, maxsplit=1)[0].strip(" .")
    tokens = head.split()
    if not 1 <= len(tokens) <= 8 or not tokens[0][:1].isupper():
        return None
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return None
    return head


def parse_breadcrumb(line: str) -> list[str] | None:
    """The segments of a section path like "News > Latin America", or ``None``."""
    stripped = " ".join(line.split()).strip(" >»›")
    parts = _BREADCRUMB_SEP.split(stripped)
    if len(parts) < 2 or stripped.endswith((".", "?", "!")) or any(c in stripped for c in "():"):
        return None
    if any(not p or len(p.split()) > 4 or not _WORD.search(p) for p in parts):
        return None
    if any(p[:1].islower() for p in parts):
        return None
    return parts


def source_name_from_url(url: str | None) -> str | None:
    """The outlet's domain ("www.telesurenglish.net/..." -> "telesurenglish.net")."""
    if not url:
        return None
    host = urlparse(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    return host.removeprefix("www.")


@dataclass(frozen=True, slots=True)
class Dateline:
    """The opening of a wire story: where it was filed, when, and by which agency."""

    text: str  # as written, separator included ("LIMA, June 2 (Reuters) -")
    place: str  # as written ("LIMA"); metadata, never an actor
    date: str | None  # ISO date when the dateline names a year
    agency: str | None


_PLACE_WORD = r"[A-ZÀ-Þ][\w.'’-]*"
_DAY_MONTH = (rf"(?:(?i:{MONTHS})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?i:{MONTHS})\.?)"
              r"(?:,?\s+(?:19|20)\d{2})?")
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE_WORD}(?:[ -]{_PLACE_WORD}){{0,3}})"
    rf"(?:,\s*(?P<region>{_PLACE_WORD}(?: {_PLACE_WORD})?))?"
    rf"(?:,\s*(?P<date>{_DAY_MONTH}))?"
    r"\s*(?:\((?P<agency>[A-Z][\w .&/-]{1,30})\))?"
    r"\s*(?P<sep>—|–|--|-|:)\s+(?=\S)")
# A sentence may open like a dateline ("In Geneva, 14 March: ..."): its first word tells.
_NOT_PLACES = frozenset({"in", "on", "at", "the", "by", "for", "from", "after", "before",
                         "during", "since", "until", "when", "while", "as", "but", "and"})


def parse_dateline(paragraph: str) -> Dateline | None:
    """The wire dateline that opens ``paragraph``, or ``None``.

    "NAIROBI, May 3, 2023 — ...", "LIMA, June 2 (Reuters) - ..." and "Geneva, 14 March: ..."
    are datelines; a place needs a date or an agency beside it, or to be written in
    capitals ("WASHINGTON - ..."), so an ordinary opening such as "Russia - a ..." is not.
    """
    match = _DATELINE.match(paragraph)
    if not match or match.group("place").split()[0].casefold() in _NOT_PLACES:
        return None
    place, date_text = match.group("place"), match.group("date")
    if not (date_text or match.group("agency") or (place.isupper() and len(place) > 2)):
        return None
    if not date_text and match.group("sep") == ":":
        return None  # "Moscow: the talks ..." is a headline style, not a dateline
    iso = _dateparse(date_text) if date_text and _HAS_YEAR.search(date_text) else None
    return Dateline(text=match.group(0).strip(), place=place, date=iso,
                    agency=match.group("agency"))


_KICKER = re.compile(r"^(?P<kicker>[A-ZÀ-Þ][\w.'’&-]*(?: [A-ZÀ-Þ][\w.'’&-]*){0,2}):\s+"
                     r"(?P<rest>[^\"“‘'].*\S.*)$")


def split_kicker(title: str) -> tuple[str | None, str]:
    """A headline's topic label and the headline proper: "Russia: Cuba's leader heads to
    Moscow" → ("Russia", "Cuba's leader heads to Moscow"). A quotation after the colon is
    the label's speaker talking ('Putin: "We will answer"') and stays whole; so does a
    headline whose rest is too short to stand alone."""
    match = _KICKER.match(title.strip())
    if not match or len(match.group("rest").split()) < 3:
        return None, title
    return match.group("kicker"), match.group("rest")


_FULL_DATE = re.compile(
    rf"\b(?:(?i:{MONTHS})\.?\s+\d{{1,2}},?\s+(?:19|20)\d{{2}}"
    rf"|\d{{1,2}}\s+(?i:{MONTHS})\.?,?\s+(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}-[01]\d-[0-3]\d)\b")
# The parts of a _FULL_DATE match: month day year, day month year, year-month-day.
_DATE_PARTS = re.compile(
    r"(?:(?P<m1>[a-z]+)\.?\s+(?P<d1>\d+),?\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d+)\s+(?P<m2>[a-z]+)\.?,?\s+(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d\d)-(?P<d3>\d\d))$", re.I)
_MONTH_NUMBERS = {name: n for n, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1)
    for name in names}


def first_full_date(text: str) -> str | None:
    """The first calendar date written in full in ``text`` ("May 3, 2023", "3 May 2023",
    "2023-05-03") as ISO, or ``None``: the date of an article that states none otherwise."""
    for match in _FULL_DATE.finditer(text):
        iso = _written_date(match.group(0)) or _dateparse(match.group(0))
        if iso:
            return iso[:10]
    return None


def _written_date(text: str) -> str | None:
    """A ``_FULL_DATE`` match as ISO, read by its parts: the answer ``_dateparse`` gives for
    a real date without importing dateparser (a second of start-up in a coding run whose
    first undated article would need it). None (ask dateparser) for anything else."""
    parts = _DATE_PARTS.match(text)
    if parts is None:
        return None
    got = {k[0]: v for k, v in parts.groupdict().items() if v is not None}
    month = int(got["m"]) if got["m"].isdigit() else _MONTH_NUMBERS.get(got["m"].lower())
    try:
        return date(int(got["y"]), month or 0, int(got["d"])).isoformat()
    except ValueError:
        return None
