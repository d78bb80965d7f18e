"""Loaders for the public gold sets the accuracy benchmarks score against (read at run time
from the paths given on the command line; nothing of them is shipped).

- PLOVER gold-standard records (``PLOVER_GSR_CAMEO.txt``, a JSON list): one event per record
  with source/target actor lists (text, code, sector) and the sentence. Event names are from
  PLOVER drafts before 2021 and are mapped to the 2021 types (DEMAND → REQUEST, FIGHT →
  ASSAULT, DISAPPROVE and INVESTIGATE → ACCUSE).
- PETRARCH-2 validation records (``PETR2_GSR_validation.xml``): sentences with CAMEO event,
  source and target codes. The file is not well-formed XML (comment banners, unbalanced
  tags), so records are cut out with regular expressions. CAMEO codes map to PLOVER through
  ``CAMEO2PLOVER-2021.txt`` (longest matching code prefix).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

OLD_PLOVER = {"DEMAND": "REQUEST", "FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE",
              "INVESTIGATE": "ACCUSE"}
# CAMEO-era country codes that differ from ISO 3166 alpha-3.
CAMEO_COUNTRY = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "UKG": "GBR", "ROM": "ROU",
                 "GMY": "DEU", "GER": "DEU", "SER": "SRB", "BOS": "BIH", "KOS": "XKX"}
INTERNATIONAL = {"IGO", "NGO", "IMG", "ISM", "UNO", "MNC"}


@dataclass(frozen=True)
class GoldActor:
    text: str
    country: str | None  # ISO3, "IGO"/"NGO", or None when the gold leaves it open ("---")
    sector: str | None


@dataclass
class GoldEvent:
    type: str
    sources: list[GoldActor]
    targets: list[GoldActor]
    cameo: str | None = None


@dataclass
class GoldSentence:
    id: str
    text: str
    date: str | None
    events: list[GoldEvent] = field(default_factory=list)


def published(raw: str | None) -> str | None:
    """A gold sentence's date as an article date: ISO form of PETRARCH's YYYYMMDD; the
    PLOVER records' placeholder 2000-01-01 means unknown (so office holders are not judged
    by it)."""
    if raw in (None, "", "2000-01-01"):
        return None
    if raw and len(raw) == 8 and raw.isdigit():
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    return raw


def country_of(code: str | None) -> str | None:
    """ISO3 (or IGO/NGO) of a CAMEO/Phoenix actor code such as "USAGOV", "IGOUNO", "---LEG"."""
    if not code:
        return None
    head = code[:3].upper()
    if head == "---":
        return None
    if head in INTERNATIONAL:
        return "IGO" if head in ("IGO", "UNO") else head
    return CAMEO_COUNTRY.get(head, head)


def sector_of(code: str | None) -> str | None:
    if not code:
        return None
    s = code[:3].upper()
    return None if s in ("***", "") else s


def _actors(raw: object) -> list[GoldActor]:
    if not isinstance(raw, list):
        return []
    return [GoldActor(str(a.get("actorText", "")), country_of(a.get("code")),
                      sector_of(a.get("sector"))) for a in raw if isinstance(a, dict)]


def load_plover(path: Path) -> list[GoldSentence]:
    records = json.loads(path.read_text(encoding="utf-8"))
    by_text: dict[str, GoldSentence] = {}
    for r in records:
        if r.get("event") in (None, "DOCUMENT") or not r.get("text"):
            continue
        sent = by_text.setdefault(r["text"], GoldSentence(r["id"], r["text"], r.get("date")))
        sent.events.append(GoldEvent(OLD_PLOVER.get(r["event"], r["event"]),
                                     _actors(r.get("source")), _actors(r.get("target"))))
    return list(by_text.values())


def load_cameo_map(path: Path) -> dict[str, str]:
    """CAMEO code → PLOVER type, from lines like ``0841: RETREAT, release, legal # ...``."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            table[m.group(1)] = m.group(2)
    return table


def plover_type(cameo: str, table: dict[str, str]) -> str | None:
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in table:
            return table[cameo[:n]]
    return None


def load_petrarch(path: Path, cameo_map: dict[str, str]) -> tuple[list[GoldSentence], int]:
    """Sentences with their events (types mapped to PLOVER); also how many gold events had
    a CAMEO code PLOVER does not cover (statements, code 01)."""
    text = path.read_text(encoding="utf-8")
    out: list[GoldSentence] = []
    unmapped = 0
    for block in re.split(r"(?=<Sentence )", text)[1:]:
        head = re.match(r'<Sentence ([^>]*)>', block)
        body = re.search(r"<Text>(.*?)</Text>", block, re.S)
        if not head or not body:
            continue
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', head.group(1)))
        sent = GoldSentence(attrs.get("id", "?"), " ".join(body.group(1).split()),
                            attrs.get("date"))
        for coding in re.findall(r"<EventCoding ([^>]*)/?>", block):
            c = dict(re.findall(r'(\w+)="([^"]*)"', coding))
            if "eventcode" not in c:
                continue
            ptype = plover_type(c["eventcode"], cameo_map)
            if ptype is None:
                unmapped += 1
                continue
            src = GoldActor(c.get("sourcecode", ""), country_of(c.get("sourcecode")),
                            sector_of(c.get("sourcecode", "")[3:6]))
            tgt = GoldActor(c.get("targetcode", ""), country_of(c.get("targetcode")),
                            sector_of(c.get("targetcode", "")[3:6]))
            sent.events.append(GoldEvent(ptype, [src], [tgt] if c.get("targetcode") else [],
                                         cameo=c["eventcode"]))
        out.append(sent)
    return out, unmapped
