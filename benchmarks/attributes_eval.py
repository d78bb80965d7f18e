"""Accuracy of event attributes (factuality, date, quantity, money, location) per attribute.

Runs the attribute functions on hand-written cases (a YAML file, by default
``benchmarks/data/attributes_cases.yaml``) with the real spaCy pipeline and prints the share
of cases answered exactly right per attribute, plus each miss.

Example:
    python benchmarks/attributes_eval.py [CASES.yaml] [--model NAME]
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from tidings.annotate.models import DEFAULT_MODEL, load_model
from tidings.coding.attributes import dates, factuality, location, quantities

DEFAULT_CASES = Path(__file__).resolve().parent / "data" / "attributes_cases.yaml"


@dataclass(frozen=True)
class FakeKB:
    """Place → country table from the cases file, standing in for the actor KB."""

    places: dict[str, str]

    def place_country(self, name: str) -> str | None:
        return self.places.get(name)


def find_trigger(doc: Doc, text: str) -> Token:
    for token in doc:
        if token.text == text:
            return token
    raise ValueError(f"trigger {text!r} not in {doc.text!r}")


def answer(case: dict[str, Any], doc: Doc, kb: FakeKB) -> Any:
    """What the attribute function says, in the shape the cases file uses."""
    trigger = find_trigger(doc, case["trigger"])
    sentence = doc[:]
    kind = case["attribute"]
    if kind == "factuality":
        return factuality.classify(trigger)[0]
    if kind == "date":
        result = dates.event_date(sentence, trigger, case.get("published"))
        return [result.date, result.precision]
    if kind == "location":
        loc = location.extract(sentence, trigger, kb)
        return [loc.name, loc.country] if loc else None
    found, money = quantities.extract(sentence, trigger)
    if kind == "money":
        return [money.amount, money.currency] if money else None
    return [found[0].value, found[0].unit] if found else None


def same(got: Any, expected: Any) -> bool:
    if isinstance(got, list) and isinstance(expected, list) and len(got) == len(expected):
        return all(same(g, e) for g, e in zip(got, expected, strict=True))
    if isinstance(got, float) and isinstance(expected, int | float):
        return math.isclose(got, expected)
    return bool(got == expected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    data = yaml.safe_load(args.cases.read_text(encoding="utf-8"))
    nlp = load_model(args.model)
    kb = FakeKB(data.get("places", {}))
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for case in data["cases"]:
        got = answer(case, nlp(case["sentence"]), kb)
        total[case["attribute"]] += 1
        if same(got, case["expect"]):
            right[case["attribute"]] += 1
        else:
            print(
                f"MISS {case['attribute']}: {case['sentence']!r} [{case['trigger']}] "
                f"got {got} expected {case['expect']}"
            )
    print(f"\n{'attribute':<12}{'right':>7}{'cases':>7}{'accuracy':>10}")
    for kind in sorted(total):
        print(f"{kind:<12}{right[kind]:>7}{total[kind]:>7}{right[kind] / total[kind]:>10.2f}")
    overall = sum(right.values()) / sum(total.values())
    print(f"{'all':<12}{sum(right.values()):>7}{sum(total.values()):>7}{overall:>10.2f}")


if __name__ == "__main__":
    main()
