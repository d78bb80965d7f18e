"""Reading and checking annotators' files: one JSON object per sentence, spans written as text.

An annotation line is ``{"sid": ..., "events": [...]}``; each event names its trigger, source
and target by their text in the sentence (``*_occ`` picks the n-th occurrence when the text
occurs more than once). This module turns them into :class:`EventLabel` records with offsets,
and reports every problem with the sentence id, so a batch is fixed before it is handed in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tidings.corpus.records import EventLabel, Span

FACTUALITY = ("asserted", "negated", "planned", "possible")
EXTRA_COUNTRIES = ("IGO",)  # intergovernmental organizations (UN, EU, NATO, OPEC...)
# Sectors of organizations themselves; the KB gives them per organization, not as role nouns.
EXTRA_SECTORS = ("IGO", "NGO")
EVENT_KEYS = {"type", "mode", "factuality", "trigger", "source", "target", "source_country",
              "source_sector", "target_country", "target_sector", "trigger_occ", "source_occ",
              "target_occ", "note"}


class AnnotationError(ValueError):
    """A problem in an annotation line, with the sentence id it belongs to."""


@dataclass(frozen=True)
class Vocabulary:
    """What labels may say: PLOVER types and our modes, country and sector codes."""

    modes: dict[str, frozenset[str]]  # type -> allowed mode names
    countries: frozenset[str]
    sectors: frozenset[str]

    @cached_property
    def types(self) -> frozenset[str]:
        return frozenset(self.modes)


def load_vocabulary() -> Vocabulary:
    data = resources.files("tidings") / "data"
    ontology = yaml.safe_load((data / "ontology" / "plover.yaml").read_text(encoding="utf-8"))
    modes = {name: frozenset((raw.get("modes") or {}).keys())
             for name, raw in ontology["types"].items()}
    countries = yaml.safe_load((data / "kb" / "countries.yaml").read_text(encoding="utf-8"))
    codes = {c["iso3"] for c in countries["countries"]} | set(EXTRA_COUNTRIES)
    sectors = yaml.safe_load((data / "kb" / "sectors.yaml").read_text(encoding="utf-8"))
    sector_codes = {v for v in sectors["terms"].values() if isinstance(v, str)} | set(EXTRA_SECTORS)
    return Vocabulary(modes, frozenset(codes), frozenset(sector_codes))


def locate(sentence: str, text: str, occurrence: int = 0) -> Span:
    """The ``occurrence``-th place of ``text`` in ``sentence``."""
    words = text.split()
    if not words:
        raise AnnotationError("empty span")
    # Annotators read sentences with whitespace folded (Reuters wraps lines mid-sentence), so
    # any run of whitespace in the span matches any run in the sentence.
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    found = list(pattern.finditer(sentence))
    # Occurrences count as substrings, but a match inside a word ("he" in "the") is never the
    # one meant: then the occurrence counts whole-word matches only.
    whole = [m for m in found if _word_bounded(sentence, m.start(), m.end())]
    if occurrence < len(found) and found[occurrence] in whole:
        match = found[occurrence]
    elif occurrence < len(whole):
        match = whole[occurrence]
    else:
        raise AnnotationError(f"span {text!r} (occurrence {occurrence}) not in the sentence "
                              "as whole words")
    return Span(match.group(0), match.start(), match.end())


def _word_bounded(sentence: str, start: int, end: int) -> bool:
    """No letter or digit continues the match on either side."""
    before = start > 0 and sentence[start - 1].isalnum() and sentence[start].isalnum()
    after = end < len(sentence) and sentence[end].isalnum() and sentence[end - 1].isalnum()
    return not (before or after)


def _code(raw: dict[str, Any], key: str, allowed: frozenset[str]) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if value not in allowed:
        raise AnnotationError(f"{key} {value!r} is not a known code")
    return str(value)


def _span(raw: dict[str, Any], key: str, sentence: str) -> Span | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise AnnotationError(f"{key} must be the span's text (a string) or null")
    return locate(sentence, value, int(raw.get(f"{key}_occ", 0)))


def parse_event(raw: dict[str, Any], sentence: str, vocab: Vocabulary) -> EventLabel:
    """One annotator event → a checked :class:`EventLabel` with offsets."""
    unknown = set(raw) - EVENT_KEYS
    if unknown:
        raise AnnotationError(f"unknown keys {sorted(unknown)}")
    type_ = raw.get("type")
    if type_ not in vocab.types:
        raise AnnotationError(f"type {type_!r} is not a PLOVER type ({', '.join(sorted(vocab.types))})")
    mode = raw.get("mode")
    if mode is not None and mode not in vocab.modes[type_]:
        raise AnnotationError(f"mode {mode!r} is not a mode of {type_} "
                              f"({', '.join(sorted(vocab.modes[type_])) or 'none'})")
    factuality = raw.get("factuality", "asserted")
    if factuality not in FACTUALITY:
        raise AnnotationError(f"factuality {factuality!r} not in {FACTUALITY}")
    trigger = _span(raw, "trigger", sentence)
    if trigger is None:
        raise AnnotationError("an event needs its trigger")
    source, target = _span(raw, "source", sentence), _span(raw, "target", sentence)
    if target is None and (raw.get("target_country") or raw.get("target_sector")):
        raise AnnotationError("target_country/target_sector given without a target")
    return EventLabel(
        type=type_, mode=mode, factuality=factuality, trigger=trigger, source=source,
        target=target, source_country=_code(raw, "source_country", vocab.countries),
        source_sector=_code(raw, "source_sector", vocab.sectors),
        target_country=_code(raw, "target_country", vocab.countries),
        target_sector=_code(raw, "target_sector", vocab.sectors))


def parse_events(raw: Any, sentence: str, vocab: Vocabulary) -> list[EventLabel]:
    if not isinstance(raw, list):
        raise AnnotationError("events must be a list ([] for a sentence with no event)")
    return [parse_event(e, sentence, vocab) for e in raw]


def read_annotation_lines(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of an annotation file, with the line number of each bad line."""
    found: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AnnotationError(f"{path.name}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(obj, dict) or "sid" not in obj:
            raise AnnotationError(f"{path.name}:{number}: each line is an object with a sid")
        found.append(obj)
    return found
