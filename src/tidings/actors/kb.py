"""The actor knowledge base: countries, organizations, people with dated roles, sector terms
and places, loaded from versioned YAML files and indexed once for cheap lookups.

Shipped files live in ``tidings/data/kb/``; users overlay their own files of the same kinds
(``--kb extra.yaml``): an entry with the same id (iso3 for countries) replaces the shipped one.
The formats are documented in ``docs/knowledge-base.md`` and in each file's header.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tidings.actors.names import fold, fold_person, surname_keys
from tidings.cache import cached
from tidings.errors import Errors, KnowledgeBaseError

KINDS = ("countries", "organizations", "people", "sectors", "places")
OFFICES = ("head_of_state", "head_of_government", "foreign_minister",
           "deputy_head_of_government", "defence_minister", "other")


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    official: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    metonyms: tuple[tuple[str, str], ...] = ()  # (name, sector)
    descriptors: tuple[str, ...] = ()
    region: str | None = None


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    country: str
    sector: str | None
    aliases: tuple[str, ...] = ()
    code: str | None = None


@dataclass(frozen=True)
class Role:
    office: str
    title: str
    country: str
    sector: str
    start: str  # ISO date, padded to the earliest day when only month/year is known
    end: str | None  # padded to the latest day; None = still in office
    org: str | None = None
    note: str | None = None

    def active(self, on: str) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    country: str
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()

    def role_on(self, on: str | None) -> Role | None:
        """The role held on ``on`` (ISO date); without a date, the latest role."""
        if not self.roles:
            return None
        if on:
            active = [r for r in self.roles if r.active(on)]
            if active:
                return _most_senior(active)
            return None
        return max(self.roles, key=lambda r: r.start)


_SENIORITY = {o: i for i, o in enumerate(OFFICES)}


def _most_senior(roles: Sequence[Role]) -> Role:
    return min(roles, key=lambda r: _SENIORITY.get(r.office, len(OFFICES)))


@dataclass(frozen=True)
class NameEntry:
    """One way a KB entry can be written, after folding."""

    kind: str  # country | demonym | metonym | capital | organization | person | place
    ref: str  # iso3, organization id or person id
    sector: str | None
    text: str  # the name as written in the KB
    case_sensitive: bool = False  # short acronyms ("US", "UN") only match as written


@dataclass
class KnowledgeBase:
    """Indexed knowledge base. Build with :meth:`load`."""

    countries: dict[str, Country] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    sector_terms: dict[str, str] = field(default_factory=dict)  # folded role noun -> sector
    office_terms: dict[str, str] = field(default_factory=dict)  # folded title -> office
    places: dict[str, str] = field(default_factory=dict)  # folded place -> iso3
    regions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    names: dict[str, list[NameEntry]] = field(default_factory=dict)
    person_names: dict[str, list[str]] = field(default_factory=dict)
    surnames: dict[str, list[str]] = field(default_factory=dict)
    descriptors: dict[str, list[str]] = field(default_factory=dict)  # "the island" -> iso3s
    max_name_tokens: int = 1
    # Every word of a folded name or person name: a text with any other word names nothing,
    # which lets the resolver skip most of its n-gram look-ups.
    name_words: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, extra_paths: Sequence[str | Path] = ()) -> KnowledgeBase:
        """The shipped files overlaid with ``extra_paths`` (same id: the user's entry wins).

        Built once per set of file contents and kept compiled in the user's cache
        (``tidings.cache``: parsing the YAML took seconds, the cached KB loads in well under
        one); every call returns a new instance, so no caller can change another's."""
        sources = [*_shipped_paths(), *(Path(p) for p in extra_paths),
                   Path(__file__), Path(__file__).with_name("names.py")]
        return cached("kb", sources, lambda: _build(
            [*_shipped_docs(), *(_read(Path(p)) for p in extra_paths)]))

    @property
    def version(self) -> str:
        return ";".join(f"{k}={v}" for k, v in sorted(self.versions.items()))

    def country(self, iso3: str) -> Country | None:
        return self.countries.get(iso3)

    def place_country(self, name: str) -> str | None:
        """Country of a country, capital, metonym, city or region name (for event locations)."""
        key = fold(name)
        if key in self.places:
            return self.places[key]
        for entry in self.names.get(key, ()):
            if entry.kind in ("country", "capital", "metonym"):
                return entry.ref
        return None

    def office_holder(self, country: str, office: str, on: str | None) -> Person | None:
        """Who held ``office`` in ``country`` on date ``on`` (or most recently, without a date)."""
        best: tuple[str, Person] | None = None
        for person in self.people.values():
            for role in person.roles:
                if role.country != country or role.office != office:
                    continue
                if on and role.active(on):
                    return person
                if not on and (best is None or role.start > best[0]):
                    best = (role.start, person)
        return best[1] if best else None

    def people_by_surname(self, name: str, on: str | None) -> list[Person]:
        """People whose surname is ``name``; with a date, only those holding a role then."""
        found = [self.people[i] for i in self.surnames.get(fold_person(name), ())]
        if on:
            found = [p for p in found if p.role_on(on) is not None]
        return found

    def lookup(self, text: str) -> list[NameEntry]:
        """Entries a surface string can name; acronyms must match their exact case."""
        plain = _bare_name(text)
        return [e for e in self.names.get(fold(text), ())
                if not e.case_sensitive or _bare_name(e.text) == plain]

    def lookup_person(self, text: str) -> list[Person]:
        return [self.people[i] for i in self.person_names.get(fold_person(text), ())]

    def could_name(self, text: str) -> bool:
        """False when ``text`` holds a word that is in no name and no person's name: then no
        text containing it as a whole word can be looked up (``lookup``, ``lookup_person``)."""
        return all(w in self.name_words or fold_person(w) in self.name_words
                   for w in fold(text).split())

    def names_an_actor(self, words: Sequence[str]) -> bool:
        """Whether a run of ``words`` (a sentence's tokens, unparsed) starting with a capital is
        a name of the KB: a country, organization or person the resolver would find there."""
        for i, word in enumerate(words):
            if not word[:1].isupper():
                continue
            for end in range(i + 1, min(i + self.max_name_tokens, len(words)) + 1):
                if words[end - 1].lower() != "the" and not self.could_name(words[end - 1]):
                    break  # no longer run holds a name either ("the" is folded away)
                text = " ".join(words[i:end])
                # a city or region only places an actor; it names none
                if any(e.kind != "place" for e in self.lookup(text)) or self.lookup_person(text):
                    return True
        return False


# --- loading ---------------------------------------------------------------------------------


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        # libyaml's loader where installed: the shipped files parse six times faster
        data = yaml.load(path.read_text(encoding="utf-8"),  # noqa: S506 - a safe loader
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(Errors.E202.format(path=path, error=exc)) from exc
    if not isinstance(data, dict) or data.get("kind") not in KINDS:
        raise KnowledgeBaseError(Errors.E203.format(path=path, kinds=", ".join(KINDS)))
    return str(path), data


def _shipped_paths() -> list[Path]:
    base = resources.files("tidings") / "data" / "kb"
    return [Path(str(base / f"{kind}.yaml")) for kind in KINDS
            if (base / f"{kind}.yaml").is_file()]


@lru_cache(maxsize=1)
def _shipped_docs() -> tuple[tuple[str, dict[str, Any]], ...]:
    """The shipped files, parsed once per process (read only: ``_build`` copies from them)."""
    base = resources.files("tidings") / "data" / "kb"
    return tuple(_read(Path(str(base / f"{kind}.yaml"))) for kind in KINDS
                 if (base / f"{kind}.yaml").is_file())


def _build(docs: Iterable[tuple[str, dict[str, Any]]]) -> KnowledgeBase:
    kb = KnowledgeBase()
    for path, data in docs:
        kind = data["kind"]
        kb.versions[Path(path).name] = str(data.get("version", "?"))
        try:
            _LOADERS[kind](kb, data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise KnowledgeBaseError(Errors.E204.format(path=path, kind=kind,
                                                                error=repr(exc))) from exc
    _index(kb)
    kb.name_words = {w for key in (*kb.names, *kb.person_names) for w in key.split()}
    return kb


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or ()))


def _load_countries(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    for e in data.get("countries") or ():
        metonyms = tuple((m["name"], m.get("sector", "GOV")) if isinstance(m, dict) else (m, "GOV")
                         for m in e.get("metonyms") or ())
        kb.countries[e["iso3"]] = Country(
            iso3=e["iso3"], name=e["name"], official=e.get("official"),
            aliases=_strs(e.get("aliases")), demonyms=_strs(e.get("demonyms")),
            capital=e.get("capital"), metonyms=metonyms,
            descriptors=_strs(e.get("descriptors")), region=e.get("region"))
    for region, generic in (data.get("regions") or {}).items():
        kb.regions[region] = _strs(generic)


def _load_organizations(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    for e in data.get("organizations") or ():
        kb.organizations[e["id"]] = Organization(
            id=e["id"], name=e["name"], country=e["country"], sector=e.get("sector"),
            aliases=_strs(e.get("aliases")), code=e.get("code"))


def _iso(value: Any, *, end: bool) -> str:
    """A KB date (date, 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY') as a padded ISO day."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    parts = text.split("-")
    if len(parts) == 1:
        return f"{text}-12-31" if end else f"{text}-01-01"
    if len(parts) == 2:
        return f"{text}-31" if end else f"{text}-01"  # string comparison only: day 31 is fine
    dt.date.fromisoformat(text)  # validates
    return text


def _load_people(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    for e in data.get("people") or ():
        roles = []
        for r in e.get("roles") or ():
            if r["office"] not in OFFICES:
                raise KnowledgeBaseError(Errors.E205.format(where=e["id"], office=r["office"]))
            roles.append(Role(
                office=r["office"], title=str(r.get("title") or ""),
                country=r.get("country") or e["country"], sector=r.get("sector") or "GOV",
                start=_iso(r["start"], end=False),
                end=None if r.get("end") is None else _iso(r["end"], end=True),
                org=r.get("org"), note=r.get("note")))
        kb.people[e["id"]] = Person(id=e["id"], name=e["name"], country=e["country"],
                                    aliases=_strs(e.get("aliases")), roles=tuple(roles))


def _load_sectors(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    for term, sector in (data.get("terms") or {}).items():
        kb.sector_terms[fold(term)] = str(sector)
    for term, office in (data.get("offices") or {}).items():
        if office not in OFFICES:
            raise KnowledgeBaseError(Errors.E205.format(where=f"office term {term!r}",
                                                         office=office))
        kb.office_terms[fold(term)] = str(office)


def _load_places(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    for iso3, names in (data.get("places") or {}).items():
        for name in names:
            kb.places[fold(name)] = str(iso3)


_LOADERS = {"countries": _load_countries, "organizations": _load_organizations,
            "people": _load_people, "sectors": _load_sectors, "places": _load_places}


# --- indexing --------------------------------------------------------------------------------


def _bare_name(text: str) -> str:
    text = text.replace(".", "").strip()
    return text[4:] if text.lower().startswith("the ") else text


def _is_acronym(text: str) -> bool:
    plain = _bare_name(text)
    return len(plain) <= 5 and plain.isupper()


def _add(kb: KnowledgeBase, text: str, entry: NameEntry) -> None:
    key = fold(text)
    if not key:
        return
    entries = kb.names.setdefault(key, [])
    if entry not in entries:
        entries.append(entry)
    kb.max_name_tokens = max(kb.max_name_tokens, len(key.split()))


def _index_countries(kb: KnowledgeBase) -> None:
    for c in kb.countries.values():
        for name in (c.name, c.official or "", *c.aliases):
            _add(kb, name, NameEntry("country", c.iso3, None, name, _is_acronym(name)))
        for dem in c.demonyms:
            _add(kb, dem, NameEntry("demonym", c.iso3, None, dem))
        for name, sector in c.metonyms:
            kind = "capital" if name == c.capital else "metonym"
            _add(kb, name, NameEntry(kind, c.iso3, sector, name))
        if c.capital:
            _add(kb, c.capital, NameEntry("capital", c.iso3, "GOV", c.capital))
        for desc in (*c.descriptors, *kb.regions.get(c.region or "", ())):
            kb.descriptors.setdefault(fold(desc), []).append(c.iso3)


def _index(kb: KnowledgeBase) -> None:
    _index_countries(kb)
    # Cities and regions are matched like names so that "protesters in Aleppo" and "Darfur
    # rebels" get a country and "the West Bank" is no "bank"; the resolver never makes an
    # actor of a place alone.
    for key, iso3 in kb.places.items():
        _add(kb, key, NameEntry("place", iso3, None, key))
    for o in kb.organizations.values():
        for name in (o.name, *o.aliases):
            _add(kb, name, NameEntry("organization", o.id, o.sector, name, _is_acronym(name)))
    for p in kb.people.values():
        for name in (p.name, *p.aliases):
            ids = kb.person_names.setdefault(fold_person(name), [])
            if p.id not in ids:
                ids.append(p.id)
        for key in {k for n in (p.name, *p.aliases) for k in surname_keys(n)}:
            ids = kb.surnames.setdefault(key, [])
            if p.id not in ids:
                ids.append(p.id)
