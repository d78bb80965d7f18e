"""Checks on the shipped people knowledge base (src/tidings/data/kb/people.yaml).

The file is hand-written data, so these tests guard its schema (what the actor
resolver relies on), its internal consistency (one head of state per country
at a time) and a few well-known facts that would reveal a slipped date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import Any

import pytest
import yaml

OFFICES = frozenset(
    {
        "head_of_state",
        "head_of_government",
        "foreign_minister",
        "deputy_head_of_government",
        "defence_minister",
        "other",
    }
)
SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "IGO", "OPP", "BUS"})
PERSON_KEYS = frozenset({"id", "name", "aliases", "country", "roles"})
ROLE_KEYS = frozenset({"office", "title", "country", "sector", "start", "end", "note", "org"})


def codes(text: str) -> frozenset[str]:
    """Whitespace-separated codes as a set (keeps long code lists readable)."""
    return frozenset(text.split())


ID_PATTERN = re.compile(r"^[a-z]{3}\.[a-z0-9]+(?:-[a-z0-9]+)*$")
# Pseudo-countries used by the knowledge base for international bodies.
PSEUDO_COUNTRIES = frozenset({"IGO", "NGO"})
# ISO 3166-1 alpha-3 codes (officially assigned) plus XKX, the code in common use for Kosovo.
ISO3 = codes(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD
    BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR
    COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH
    ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL
    GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR
    JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR
    MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL
    NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY
    PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP
    SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
    UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE XKX
    """
)
# Countries whose head of state the knowledge base must cover from 2000 to the data cutoff.
REQUIRED_HEAD_OF_STATE = sorted(
    codes(
        "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN MEX RUS SAU ZAF KOR TUR GBR USA "
        "ATG BHS BRB BLZ BOL CHL COL CRI CUB DMA DOM ECU SLV GRD GTM GUY HTI HND JAM NIC PAN PRY "
        "PER KNA LCA VCT SUR TTO URY VEN PRK VNM LAO UKR IRN ISR BLR SYR PAK DNK GRC"
    )
)
# Start of coverage and last day the data is vouched for (see the file header).
COVERAGE_START = dt.date(2000, 1, 1)
DATA_CUTOFF = dt.date(2025, 6, 30)


@lru_cache(maxsize=1)
def load_people_file() -> dict[str, Any]:
    """Parse the shipped people.yaml once per test session."""
    text = resources.files("tidings").joinpath("data/kb/people.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def people() -> list[dict[str, Any]]:
    """The list of person entries."""
    entries = load_people_file()["people"]
    assert isinstance(entries, list)
    return entries


def parse_date(value: object, *, end: bool = False) -> dt.date:
    """Read a role date: a YAML date, or a 'YYYY-MM' / 'YYYY' string.

    Partial dates are read as the first day of their period for a start and the
    last day for an end, so that a partial date never claims more precision.
    """
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = int(text[:4]), int(text[5:])
        if not end:
            return dt.date(year, month, 1)
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    return dt.date.fromisoformat(text)


def role_span(role: dict[str, Any]) -> tuple[dt.date, dt.date]:
    """(start, end) of a role; an open role ends far in the future."""
    start = parse_date(role["start"])
    end = dt.date.max if role["end"] is None else parse_date(role["end"], end=True)
    return start, end


def holders(country: str, office: str, day: dt.date, *, acting: bool = True) -> set[str]:
    """Names of the people holding `office` for `country` on `day`."""
    found = set()
    for person in people():
        for role in person["roles"]:
            if role["country"] != country or role["office"] != office:
                continue
            if not acting and role.get("note") == "acting":
                continue
            start, end = role_span(role)
            if start <= day < end or (start == day == end):
                found.add(person["name"])
    return found


def test_header_fields() -> None:
    data = load_people_file()
    assert re.fullmatch(r"\d{4}\.\d{2}\.\d+", data["version"])
    assert data["kind"] == "people"
    assert set(data) == {"version", "kind", "people"}


def test_ids_unique_and_well_formed() -> None:
    ids = [person["id"] for person in people()]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []
    bad = [i for i in ids if not ID_PATTERN.match(i)]
    assert bad == []
    mismatched = [p["id"] for p in people() if not p["id"].startswith(p["country"].lower() + ".")]
    assert mismatched == []


def test_person_schema() -> None:
    for person in people():
        assert set(person) == PERSON_KEYS, person["id"]
        assert isinstance(person["name"], str) and person["name"].strip(), person["id"]
        assert person["country"] in ISO3, person["id"]
        aliases = person["aliases"]
        assert isinstance(aliases, list), person["id"]
        assert all(isinstance(a, str) and a.strip() for a in aliases), person["id"]
        assert len(set(aliases)) == len(aliases), person["id"]
        assert person["name"] not in aliases, person["id"]
        # Bare surnames are derived by the resolver; listing them invites false matches.
        surname = person["name"].split()[-1]
        assert surname not in aliases, person["id"]
        assert person["roles"], person["id"]


def test_role_schema() -> None:
    for person in people():
        for role in person["roles"]:
            where = f"{person['id']} {role.get('title')}"
            assert {"office", "title", "country", "sector", "start", "end"} <= set(role), where
            assert set(role) <= ROLE_KEYS, where
            assert role["office"] in OFFICES, where
            assert role["sector"] in SECTORS, where
            assert role["country"] in ISO3 | PSEUDO_COUNTRIES, where
            assert ("org" in role) == (role["country"] in PSEUDO_COUNTRIES), where
            assert role.get("note", "acting") == "acting", where
            assert isinstance(role["title"], str) and role["title"].strip(), where


def test_dates_parse_and_are_ordered() -> None:
    for person in people():
        for role in person["roles"]:
            start, end = role_span(role)
            assert start <= end, f"{person['id']} {role['title']} {start} > {end}"
            assert start <= DATA_CUTOFF + dt.timedelta(days=400), person["id"]


def test_partial_dates_read_conservatively() -> None:
    assert parse_date("2019-12") == dt.date(2019, 12, 1)
    assert parse_date("2019-12", end=True) == dt.date(2019, 12, 31)
    assert parse_date("2020-02", end=True) == dt.date(2020, 2, 29)
    assert parse_date("2004", end=True) == dt.date(2004, 12, 31)
    assert parse_date(dt.date(2018, 4, 19)) == dt.date(2018, 4, 19)


def overlaps(office: str) -> list[str]:
    """Pairs of roles of the same office and country that overlap.

    A handover known only to the month ("2022-09" ends one role and starts the
    next) is not an overlap, so here a partial end date is read as the first
    day of its period.
    """
    spans: dict[str, list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    for person in people():
        for role in person["roles"]:
            if role["office"] == office:
                start = parse_date(role["start"])
                end = dt.date.max if role["end"] is None else parse_date(role["end"])
                spans[role["country"]].append((start, end, person["id"]))
    found = []
    for country, items in spans.items():
        items.sort()
        for (s1, e1, a), (s2, _e2, b) in zip(items, items[1:], strict=False):
            if s2 < e1 and a != b:
                found.append(f"{country}: {a} ({s1}..{e1}) overlaps {b} (from {s2})")
    return found


def test_one_head_of_state_per_country_at_a_time() -> None:
    assert overlaps("head_of_state") == []


def test_one_head_of_government_per_country_at_a_time() -> None:
    assert overlaps("head_of_government") == []


def test_one_foreign_minister_per_country_at_a_time() -> None:
    assert overlaps("foreign_minister") == []


# Periods in which a country really had no individual head of state.
VACANT_HEAD_OF_STATE = {
    # After Jovenel Moise's assassination: prime ministers, then a collective
    # Transitional Presidential Council (2024-04-25 on).
    "HTI": (dt.date(2021, 7, 7), DATA_CUTOFF),
    # Between Assad's fall and al-Sharaa's appointment as president.
    "SYR": (dt.date(2024, 12, 8), dt.date(2025, 1, 29)),
}


@pytest.mark.parametrize("country", REQUIRED_HEAD_OF_STATE)
def test_head_of_state_covered_2000_to_cutoff(country: str) -> None:
    vacant_from, vacant_to = VACANT_HEAD_OF_STATE.get(country, (dt.date.max, dt.date.max))
    day = COVERAGE_START
    gaps = []
    while day <= DATA_CUTOFF:
        if vacant_from <= day <= vacant_to:
            day += dt.timedelta(days=30)
            continue
        if not holders(country, "head_of_state", day):
            gaps.append(day)
        day += dt.timedelta(days=30)
    assert gaps == []


@pytest.mark.parametrize(
    ("country", "office", "day", "expected"),
    [
        ("USA", "head_of_state", "2015-06-01", "Barack Obama"),
        ("USA", "head_of_government", "2015-06-01", "Barack Obama"),
        ("USA", "head_of_state", "2021-06-01", "Joe Biden"),
        ("CUB", "head_of_state", "2015-06-01", "Raúl Castro"),
        ("CUB", "head_of_state", "2021-10-14", "Miguel Díaz-Canel"),
        ("CUB", "head_of_state", "2005-01-01", "Fidel Castro"),
        ("CUB", "head_of_government", "2021-10-14", "Manuel Marrero Cruz"),
        ("RUS", "foreign_minister", "2018-11-01", "Sergey Lavrov"),
        ("RUS", "head_of_state", "2010-01-01", "Dmitry Medvedev"),
        ("RUS", "head_of_government", "2010-01-01", "Vladimir Putin"),
        ("CHN", "head_of_state", "2018-11-01", "Xi Jinping"),
        ("GBR", "head_of_state", "2023-01-01", "Charles III"),
        ("CAN", "head_of_state", "2010-01-01", "Elizabeth II"),
        ("GBR", "head_of_government", "2022-10-01", "Liz Truss"),
        ("BRA", "head_of_state", "2016-06-15", "Michel Temer"),
        ("VNM", "head_of_state", "2018-11-01", "Nguyễn Phú Trọng"),
        ("PRK", "head_of_state", "2018-11-01", "Kim Jong Un"),
        ("SAU", "head_of_government", "2023-01-01", "Mohammed bin Salman"),
        ("SAU", "head_of_state", "2023-01-01", "Salman bin Abdulaziz"),
        ("MEX", "head_of_state", "2020-01-01", "Andrés Manuel López Obrador"),
        ("VEN", "head_of_state", "2020-01-01", "Nicolás Maduro"),
        ("KOR", "head_of_state", "2025-01-15", "Choi Sang-mok"),
        ("DEU", "head_of_government", "2023-01-01", "Olaf Scholz"),
        ("IND", "head_of_government", "2015-06-01", "Narendra Modi"),
        ("TUR", "head_of_government", "2020-01-01", "Recep Tayyip Erdoğan"),
    ],
)
def test_known_office_holders(country: str, office: str, day: str, expected: str) -> None:
    assert holders(country, office, dt.date.fromisoformat(day)) == {expected}


def test_deputy_prime_ministers_and_later_roles() -> None:
    assert "Yury Borisov" in holders("RUS", "deputy_head_of_government", dt.date(2019, 6, 1))
    assert "Yury Borisov" not in holders("RUS", "deputy_head_of_government", dt.date(2023, 6, 1))
    assert "Dmitry Peskov" in holders("RUS", "other", dt.date(2021, 10, 14))


def test_person_with_several_roles_keeps_one_entry() -> None:
    putin = [p for p in people() if p["name"] == "Vladimir Putin"]
    assert len(putin) == 1
    offices = [(r["office"], str(r["start"])) for r in putin[0]["roles"]]
    assert ("head_of_state", "2000-05-07") in offices
    assert ("head_of_government", "2008-05-08") in offices
    assert ("head_of_state", "2012-05-07") in offices


def test_international_officials_name_their_organization() -> None:
    on_day = dt.date(2020, 1, 1)
    un_heads = [
        p["name"]
        for p in people()
        for r in p["roles"]
        if r.get("org") == "igo.un"
        and r["title"].startswith("Secretary-General")
        and role_span(r)[0] <= on_day < role_span(r)[1]
    ]
    assert un_heads == ["António Guterres"]
