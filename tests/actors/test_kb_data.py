"""Checks on the shipped country and organization knowledge base.

`src/tidings/data/kb/countries.yaml` and `organizations.yaml` are hand-written
data the actor resolver loads. These tests guard the agreed schema, the
coverage promised in the file headers (every UN member plus five observers or
disputed states), the absence of names that two entries both claim (which
would make the resolver pick at random), and a list of forms that real news
writes and the resolver must find.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from importlib import resources
from typing import Any

import pytest
import yaml
from unidecode import unidecode


def words(text: str) -> frozenset[str]:
    """Whitespace-separated words as a set (keeps long code lists readable)."""
    return frozenset(text.split())


VERSION = re.compile(r"^\d{4}\.\d{2}\.\d+$")
SECTORS = words("GOV MIL COP JUD LEG OPP REB BUS MED EDU NGO IGO REL CVL JRN LAB HLH CRM")
COUNTRY_KEYS = words(
    "iso3 iso2 name official aliases demonyms capital metonyms descriptors region un_member"
)
ORG_KEYS = words("id name aliases country code sector kind")
ORG_ID = re.compile(r"^[a-z]{3}\.[a-z0-9]+(?:-[a-z0-9]+)*$")
# Pseudo-countries for bodies that belong to no single state (IMG: Phoenix's
# "international militarized group", for Islamic State, al-Qaeda and branches).
PSEUDO_COUNTRIES = frozenset({"IGO", "NGO", "MNC", "IMG"})
M49_SUBREGIONS = frozenset(
    """Northern Africa|Eastern Africa|Middle Africa|Southern Africa|Western Africa|Caribbean|
    Central America|South America|Northern America|Central Asia|Eastern Asia|South-eastern Asia|
    Southern Asia|Western Asia|Eastern Europe|Northern Europe|Southern Europe|Western Europe|
    Australia and New Zealand|Melanesia|Micronesia|Polynesia""".replace("\n    ", "").split("|")
)
UN_MEMBERS = words(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
    BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE
    DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM
    GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR PRK KOR KWT
    KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO
    MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL
    POL PRT QAT ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF
    SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR
    USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """
)
NON_MEMBERS = frozenset({"TWN", "XKX", "PSE", "ESH", "VAT"})
# Codes not in ISO 3166-1 but in common use (Kosovo: EU, IMF, World Bank).
USER_ASSIGNED = {"XKX": "XK"}
# Demonyms that news really uses for two countries; the resolver decides by context.
SHARED_DEMONYMS = {
    "congolese": {"COD", "COG"},
    "dominican": {"DMA", "DOM"},
    "dominicans": {"DMA", "DOM"},
}
# Capitals deliberately not used as metonyms (see the header of countries.yaml):
# Brussels mostly means the EU; Victoria and Male are common words once folded.
CAPITAL_NOT_METONYM = frozenset({"BEL", "SYC", "MDV"})


def kb_text(name: str) -> str:
    """Raw text of a shipped knowledge-base file."""
    return resources.files("tidings").joinpath(f"data/kb/{name}").read_text("utf-8")


@cache
def load(name: str) -> dict[str, Any]:
    """Parsed shipped knowledge-base file (cached: the files are large)."""
    data = yaml.safe_load(kb_text(name))
    assert isinstance(data, dict)
    return data


def countries() -> list[dict[str, Any]]:
    return list(load("countries.yaml")["countries"])


def organizations() -> list[dict[str, Any]]:
    return list(load("organizations.yaml")["organizations"])


def key(text: str) -> str:
    """Matching key: the folding the resolver applies (case, diacritics, dots, leading 'the')."""
    folded = unidecode(text.replace("\u2019", "'")).casefold().replace(".", "")
    folded = " ".join(folded.split())
    return folded.removeprefix("the ")


def metonym_parts(item: Any) -> tuple[str, str]:
    """(name, sector) of a metonym written as a plain string (GOV) or {name, sector}."""
    if isinstance(item, str):
        return item, "GOV"
    return item["name"], item["sector"]


@cache
def country_names() -> dict[str, set[tuple[str, str | None]]]:
    """Every name a country answers to -> {(iso3, sector)}; sector None for the country itself."""
    index: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for c in countries():
        for text in [c["name"], c["official"], *c["aliases"]]:
            index[key(text)].add((c["iso3"], None))
        for item in c["metonyms"]:
            name, sector = metonym_parts(item)
            index[key(name)].add((c["iso3"], sector))
    return dict(index)


def country_by_name(text: str) -> set[tuple[str, str | None]]:
    return country_names().get(key(text), set())


# --- countries: file and schema -------------------------------------------


@pytest.mark.parametrize("name,kind", [("countries.yaml", "countries"),
                                       ("organizations.yaml", "organizations")])
def test_header(name: str, kind: str) -> None:
    data = load(name)
    assert VERSION.match(data["version"]), data["version"]
    assert data["kind"] == kind
    assert kb_text(name).lstrip().startswith("#"), "the file should open with its documentation"


def test_country_schema() -> None:
    for c in countries():
        assert set(c) == COUNTRY_KEYS, (c.get("iso3"), set(c) ^ COUNTRY_KEYS)
        assert re.fullmatch(r"[A-Z]{3}", c["iso3"]) and re.fullmatch(r"[A-Z]{2}", c["iso2"])
        for field in ("name", "official", "capital", "region"):
            assert isinstance(c[field], str) and c[field].strip() == c[field] != "", (c["iso3"], field)
        for field in ("aliases", "demonyms", "descriptors"):
            assert isinstance(c[field], list), (c["iso3"], field)
            assert all(isinstance(x, str) and x.strip() == x != "" for x in c[field])
            assert len({x.casefold() for x in c[field]}) == len(c[field]), (c["iso3"], field)
        assert isinstance(c["un_member"], bool)
        for item in c["metonyms"]:
            if not isinstance(item, str):
                assert set(item) == {"name", "sector"}, (c["iso3"], item)
                assert item["sector"] in SECTORS - {"GOV"}, (c["iso3"], item)


def test_codes_unique_and_valid_iso() -> None:
    pycountry = pytest.importorskip("pycountry")
    rows = countries()
    assert len({c["iso3"] for c in rows}) == len(rows)
    assert len({c["iso2"] for c in rows}) == len(rows)
    for c in rows:
        if c["iso3"] in USER_ASSIGNED:
            assert c["iso2"] == USER_ASSIGNED[c["iso3"]]
            assert pycountry.countries.get(alpha_3=c["iso3"]) is None
            continue
        official = pycountry.countries.get(alpha_3=c["iso3"])
        assert official is not None, c["iso3"]
        assert official.alpha_2 == c["iso2"], c["iso3"]


def test_every_un_member_and_the_five_others() -> None:
    assert len(UN_MEMBERS) == 193
    members = {c["iso3"] for c in countries() if c["un_member"]}
    others = {c["iso3"] for c in countries() if not c["un_member"]}
    assert members == UN_MEMBERS
    assert others == NON_MEMBERS


def test_regions_are_m49_and_table_covers_them() -> None:
    table = load("countries.yaml")["regions"]
    assert set(table) == M49_SUBREGIONS
    for region, descriptors in table.items():
        assert all(d.startswith("the ") for d in descriptors), region
    assert {c["region"] for c in countries()} <= M49_SUBREGIONS


# --- countries: content ---------------------------------------------------


def test_every_country_has_demonyms_and_its_capital_as_metonym() -> None:
    for c in countries():
        assert c["demonyms"], c["iso3"]
        names = {key(metonym_parts(m)[0]) for m in c["metonyms"]}
        if c["iso3"] in CAPITAL_NOT_METONYM:
            assert key(c["capital"]) not in names, c["iso3"]
        else:
            assert key(c["capital"]) in names, (c["iso3"], c["capital"])


def test_no_name_claimed_by_two_countries() -> None:
    clashes = {
        name: owners
        for name, owners in country_names().items()
        if len({iso3 for iso3, _ in owners}) > 1
    }
    assert clashes == {}


def test_demonyms_shared_only_where_documented() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for c in countries():
        for d in c["demonyms"]:
            owners[key(d)].add(c["iso3"])
    shared = {d: iso for d, iso in owners.items() if len(iso) > 1}
    assert shared == SHARED_DEMONYMS
    for demonym, iso in owners.items():
        named = {code for code, _ in country_names().get(demonym, set())}
        assert named <= iso, (demonym, "is a name of", named)


def test_descriptors_are_stand_ins_not_names() -> None:
    for c in countries():
        for d in c["descriptors"]:
            assert d.startswith("the ") or "'s " in d, (c["iso3"], d)
            assert key(d) not in country_names(), (c["iso3"], d, "is also a name")


@pytest.mark.parametrize(
    "text,iso3",
    [
        ("U.S.", "USA"), ("the States", "USA"), ("America", "USA"), ("USA", "USA"),
        ("Britain", "GBR"), ("Great Britain", "GBR"), ("the UK", "GBR"), ("U.K.", "GBR"),
        ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("Cote d’Ivoire", "CIV"),
        ("Burma", "MMR"), ("Czechia", "CZE"), ("Czech Republic", "CZE"),
        ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Swaziland", "SWZ"), ("Eswatini", "SWZ"),
        ("North Korea", "PRK"), ("DPRK", "PRK"), ("South Korea", "KOR"), ("ROK", "KOR"),
        ("Holland", "NLD"), ("DRC", "COD"), ("Congo-Brazzaville", "COG"), ("East Timor", "TLS"),
        ("Cape Verde", "CPV"), ("Macedonia", "MKD"), ("Vatican", "VAT"), ("Kosovo", "XKX"),
        ("Taiwan", "TWN"), ("Western Sahara", "ESH"), ("Palestine", "PSE"),
        ("UAE", "ARE"), ("Russian Federation", "RUS"), ("Viet Nam", "VNM"),
    ],
)
def test_news_forms_of_country_names(text: str, iso3: str) -> None:
    assert country_by_name(text) == {(iso3, None)}


@pytest.mark.parametrize(
    "text,iso3,sector",
    [
        ("the Kremlin", "RUS", "GOV"), ("the White House", "USA", "GOV"),
        ("the Pentagon", "USA", "MIL"), ("the State Department", "USA", "GOV"),
        ("Foggy Bottom", "USA", "GOV"), ("Capitol Hill", "USA", "LEG"), ("Congress", "USA", "LEG"),
        ("Whitehall", "GBR", "GOV"), ("Downing Street", "GBR", "GOV"), ("Number 10", "GBR", "GOV"),
        ("the Elysee", "FRA", "GOV"), ("the Élysée", "FRA", "GOV"),
        ("the Quai d'Orsay", "FRA", "GOV"), ("Zhongnanhai", "CHN", "GOV"),
        ("the Blue House", "KOR", "GOV"), ("Yongsan", "KOR", "GOV"),
        ("Casa Rosada", "ARG", "GOV"), ("Planalto", "BRA", "GOV"), ("Los Pinos", "MEX", "GOV"),
        ("Palacio Nacional", "MEX", "GOV"), ("Miraflores", "VEN", "GOV"),
        ("the Chancellery", "DEU", "GOV"), ("the Knesset", "ISR", "LEG"),
        ("the Duma", "RUS", "LEG"), ("Havana", "CUB", "GOV"), ("Washington", "USA", "GOV"),
        ("Moscow", "RUS", "GOV"), ("Beijing", "CHN", "GOV"), ("Kyiv", "UKR", "GOV"),
        ("Kiev", "UKR", "GOV"), ("Jerusalem", "ISR", "GOV"), ("Ramallah", "PSE", "GOV"),
    ],
)
def test_seats_of_power(text: str, iso3: str, sector: str) -> None:
    assert country_by_name(text) == {(iso3, sector)}


@pytest.mark.parametrize(
    "demonym,iso3",
    [
        ("American", "USA"), ("British", "GBR"), ("Saudi", "SAU"), ("Emirati", "ARE"),
        ("Filipino", "PHL"), ("Philippine", "PHL"), ("Dutch", "NLD"), ("Swiss", "CHE"),
        ("Cuban", "CUB"), ("Russians", "RUS"), ("Ivorian", "CIV"), ("Kosovar", "XKX"),
        ("Sahrawi", "ESH"), ("Taiwanese", "TWN"), ("North Korean", "PRK"),
    ],
)
def test_demonyms(demonym: str, iso3: str) -> None:
    by_iso = {c["iso3"]: c for c in countries()}
    assert demonym in by_iso[iso3]["demonyms"]


def test_informal_demonyms_that_are_common_words_are_absent() -> None:
    all_demonyms = {key(d) for c in countries() for d in c["demonyms"]}
    assert not {"kiwi", "kiwis", "yank", "yankee", "pom", "aussie"} & all_demonyms


@pytest.mark.parametrize(
    "iso3,descriptor",
    [
        ("CUB", "the island"), ("CUB", "the archipelago"), ("PRK", "the hermit kingdom"),
        ("ISR", "the Jewish state"), ("IRN", "the Islamic republic"),
        ("RUS", "the Eurasian nation"), ("SAU", "the Gulf kingdom"), ("SAU", "the oil-rich kingdom"),
        ("CHN", "the Asian giant"), ("BOL", "the Andean nation"), ("SRB", "the Balkan state"),
        ("GTM", "the Central American nation"), ("VNM", "the Communist nation"),
    ],
)
def test_specific_descriptors(iso3: str, descriptor: str) -> None:
    by_iso = {c["iso3"]: c for c in countries()}
    assert descriptor in by_iso[iso3]["descriptors"]


# --- organizations --------------------------------------------------------


def test_organization_schema() -> None:
    iso3 = {c["iso3"] for c in countries()}
    for org in organizations():
        assert set(org) == ORG_KEYS, (org.get("id"), set(org) ^ ORG_KEYS)
        assert ORG_ID.match(org["id"]), org["id"]
        assert isinstance(org["name"], str) and org["name"].strip() == org["name"] != ""
        assert all(isinstance(a, str) and a.strip() == a != "" for a in org["aliases"])
        assert org["country"] in iso3 | PSEUDO_COUNTRIES, org["id"]
        assert org["code"] is None or re.fullmatch(r"[A-Z]{3}", org["code"]), org["id"]
        assert org["sector"] in SECTORS, org["id"]
        assert org["kind"] == "organization"


def test_organization_ids_and_names_unique() -> None:
    orgs = organizations()
    assert len({o["id"] for o in orgs}) == len(orgs)
    owners: dict[str, set[str]] = defaultdict(set)
    for org in orgs:
        for text in [org["name"], *org["aliases"]]:
            owners[key(text)].add(org["id"])
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_organizations_agree_with_country_metonyms() -> None:
    """A name in both files (the Duma, the Knesset) must mean the same actor in both."""
    for org in organizations():
        for text in [org["name"], *org["aliases"]]:
            for iso3, sector in country_by_name(text):
                assert (iso3, sector) == (org["country"], org["sector"]), (org["id"], text)


def test_organization_coverage() -> None:
    orgs = organizations()
    assert len(orgs) >= 250
    sectors = {o["sector"] for o in orgs}
    assert {"IGO", "NGO", "REB", "BUS", "MED", "LEG", "JUD", "MIL", "GOV"} <= sectors


@pytest.mark.parametrize(
    "text,country,sector,code",
    [
        ("U.N.", "IGO", "IGO", "UNO"), ("European Union", "IGO", "IGO", "EEC"),
        ("NATO", "IGO", "MIL", "NAT"), ("African Union", "IGO", "IGO", "AFU"),
        ("OAS", "IGO", "IGO", "OAS"), ("ASEAN", "IGO", "IGO", "ASN"), ("CELAC", "IGO", "IGO", None),
        ("ALBA", "IGO", "IGO", None), ("Mercosur", "IGO", "IGO", None), ("BRICS", "IGO", "IGO", None),
        ("SCO", "IGO", "IGO", None), ("OPEC", "IGO", "IGO", "OPC"), ("IMF", "IGO", "IGO", "IMF"),
        ("World Bank", "IGO", "IGO", "WBK"), ("WHO", "IGO", "HLH", "WHO"),
        ("WTO", "IGO", "IGO", "WTO"), ("ICC", "IGO", "JUD", "ICC"), ("ICJ", "IGO", "JUD", "ICJ"),
        ("IAEA", "IGO", "IGO", "IAE"), ("ICRC", "NGO", "NGO", "IRC"),
        ("Arab League", "IGO", "IGO", "ARL"), ("GCC", "IGO", "IGO", "GCC"),
        ("OSCE", "IGO", "IGO", "SCE"), ("CARICOM", "IGO", "IGO", None),
        ("ECOWAS", "IGO", "IGO", "WAS"), ("G7", "IGO", "IGO", "GOS"), ("G20", "IGO", "IGO", None),
        ("Amnesty International", "NGO", "NGO", "AMN"), ("Human Rights Watch", "NGO", "NGO", "HRW"),
        ("Doctors Without Borders", "NGO", "HLH", "MSF"), ("Hamas", "PSE", "REB", "HMS"),
        ("Hezbollah", "LBN", "REB", None), ("the Taliban", "AFG", "GOV", None),
        ("ISIS", "IMG", "REB", "ISI"), ("FARC", "COL", "REB", None), ("ELN", "COL", "REB", None),
        ("al-Shabaab", "SOM", "REB", "ALQ"), ("Houthis", "YEM", "REB", None),
        ("Gazprom", "RUS", "BUS", None), ("Rosneft", "RUS", "BUS", None),
        ("PDVSA", "VEN", "BUS", None), ("Pemex", "MEX", "BUS", None),
        ("Aramco", "SAU", "BUS", None), ("Huawei", "CHN", "BUS", None),
        ("the Biotechnology and Pharmaceutical Group of Cuba", "CUB", "BUS", None),
        ("BioCubaFarma", "CUB", "BUS", None),
        ("National Assembly of People's Power", "CUB", "LEG", None),
        ("the Duma", "RUS", "LEG", None), ("Prensa Latina", "CUB", "MED", None),
        ("TASS", "RUS", "MED", None), ("Xinhua", "CHN", "MED", None),
        ("Reuters", "GBR", "MED", None), ("Federal Reserve", "USA", "GOV", None),
    ],
)
def test_well_known_organizations(text: str, country: str, sector: str, code: str | None) -> None:
    matches = [o for o in organizations() if key(text) in {key(t) for t in [o["name"], *o["aliases"]]}]
    assert len(matches) == 1, text
    org = matches[0]
    assert (org["country"], org["sector"], org["code"]) == (country, sector, code)


def test_people_refer_to_known_organizations() -> None:
    """people.yaml roles name their organization by id (`org: igo.un`); the ids must exist."""
    ids = {o["id"] for o in organizations()}
    referenced = {
        role["org"]
        for person in load("people.yaml")["people"]
        for role in person["roles"]
        if role.get("org")
    }
    assert referenced, "people.yaml is expected to reference at least the UN and the EU"
    assert referenced <= ids, sorted(referenced - ids)
