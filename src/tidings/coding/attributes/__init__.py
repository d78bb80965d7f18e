"""Event attributes: factuality, date, quantities and money, location.

The event coder calls one function per attribute with the trigger token of an event and the
spaCy sentence it sits in; each returns a typed value plus the rule that decided it, so
``--explain`` can say why. Cue words, date patterns and currency tables live in
``tidings/data/attributes/*.yaml`` (see ``docs/attributes.md``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from tidings.errors import Errors, OntologyError


@lru_cache(maxsize=8)
def load_data(name: str) -> dict[str, Any]:
    """Parsed ``data/attributes/<name>.yaml`` (cached: the tables never change in a process)."""
    text = (
        resources.files("tidings")
        .joinpath("data", "attributes", f"{name}.yaml")
        .read_text(encoding="utf-8")
    )
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise OntologyError(Errors.E214.format(name=name))
    return data


def clause_head(token: Any) -> Any:
    """The verb heading the clause of ``token`` (itself if a verb), or the sentence root.

    Walks up the parse through non-verbs, so a noun trigger ("the loan") reaches the verb
    that governs it ("approved the loan").
    """
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current
