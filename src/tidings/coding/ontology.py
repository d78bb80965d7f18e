"""The PLOVER ontology as data: event types, their modes and contexts, each with the CAMEO
code it corresponds to, a Goldstein-style intensity and the quad class (``data/ontology``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from tidings.errors import Errors, OntologyError

QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                4: "material conflict"}


@dataclass(frozen=True)
class Mode:
    name: str
    cameo: str | None
    intensity: float | None
    description: str = ""


# How the rule coder treats a type (the ``coding`` flags of the data file, explained there).
CODING_FLAGS = frozenset({"symmetric", "other-side-in-sentence", "target-at-location",
                          "target-article-focus", "target-only-without-candidate",
                          "target-only-for-verbs", "complement-is-content",
                          "object-is-content"})


@dataclass(frozen=True)
class EventType:
    name: str
    quad_class: int
    cameo_root: str
    intensity: float
    modes: dict[str, Mode] = field(default_factory=dict)
    target_optional: str | None = None
    source_optional: str | None = None  # why an agentless passive may have no source
    description: str = ""
    symmetric: bool = False
    other_side_in_sentence: bool = False
    target_at_location: bool = False
    target_article_focus: bool = False
    target_only_without_candidate: bool = False
    target_only_for_verbs: bool = False
    complement_is_content: bool = False
    object_is_content: bool = False
    planned_as: str | None = None
    negated_as: str | None = None


@dataclass(frozen=True)
class Ontology:
    version: str
    types: dict[str, EventType]
    contexts: dict[str, str]

    def describe(self, type_: str, mode: str | None) -> tuple[str, int, float]:
        """(CAMEO code, quad class, intensity) of a type, mode-specific where the mode says."""
        et = self.types[type_]
        m = et.modes.get(mode) if mode else None
        cameo = m.cameo if m and m.cameo else et.cameo_root
        intensity = m.intensity if m and m.intensity is not None else et.intensity
        return cameo, et.quad_class, intensity


def intent_type(type_: str, factuality: str) -> str:
    """The PLOVER type of an event given its factuality (planned help → AGREE, planned
    sanctions, force or protest → THREATEN, refused cooperation → REJECT; others unchanged).

    PLOVER and CAMEO code a promise to cooperate as AGREE (CAMEO 03, "express intent to
    ...") and a stated intention of coercion or force as THREATEN (CAMEO 13). Tidings keeps
    the type of the act itself and marks its factuality; this gives the PLOVER reading for
    exports and for scoring against PLOVER-coded gold data (the types' ``planned_as`` and
    ``negated_as`` in the data file)."""
    et = load_ontology().types.get(type_)
    if et is None:
        return type_
    if factuality == "planned" and et.planned_as:
        return et.planned_as
    if factuality == "negated" and et.negated_as:
        return et.negated_as  # "declined to resign", "would not meet the demands"
    return type_


def _type(name: str, raw: dict[str, Any]) -> EventType:
    quad = int(raw["quad_class"])
    if quad not in QUAD_CLASSES:
        raise OntologyError(Errors.E206.format(name=name, quad=quad))
    modes = {m: Mode(m, v.get("cameo"), v.get("intensity"), v.get("description", ""))
             for m, v in (raw.get("modes") or {}).items()}
    flags = set(raw.get("coding") or ())
    if flags - CODING_FLAGS:
        raise OntologyError(Errors.E207.format(name=name, flags=sorted(flags - CODING_FLAGS)))
    return EventType(name=name, quad_class=quad, cameo_root=str(raw["cameo"]),
                     intensity=float(raw["intensity"]), modes=modes,
                     target_optional=raw.get("target_optional"),
                     source_optional=raw.get("source_optional"),
                     description=raw.get("description", ""),
                     **{f.replace("-", "_"): True for f in flags},
                     planned_as=raw.get("planned_as"), negated_as=raw.get("negated_as"))


def parse_ontology(data: dict[str, Any]) -> Ontology:
    try:
        types = {name: _type(name, raw) for name, raw in data["types"].items()}
        for et in types.values():
            for reading in (et.planned_as, et.negated_as):
                if reading is not None and reading not in types:
                    raise OntologyError(Errors.E208.format(name=et.name, reading=reading))
        return Ontology(version=str(data["version"]), types=types,
                        contexts=dict(data.get("contexts") or {}))
    except (KeyError, TypeError, ValueError) as exc:
        raise OntologyError(Errors.E209.format(error=repr(exc))) from exc


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """The shipped PLOVER ontology."""
    path = resources.files("tidings") / "data" / "ontology" / "plover.yaml"
    return parse_ontology(yaml.safe_load(path.read_text(encoding="utf-8")))
