"""Golden files: every fixture article's full cleaned record, reviewed once by eye.

Any change in what the cleaner keeps, drops or extracts shows up as a diff here. After an
intended change, regenerate with ``TIDINGS_UPDATE_GOLDEN=1 pytest tests/clean`` and review
the diff of ``tests/clean/golden/`` before committing.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import pytest

from tidings.clean import clean_steps
from tidings.pipeline.base import Pipeline
from tidings.records import RawDocument, to_dict

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
GOLDEN = Path(__file__).resolve().parent / "golden"


@lru_cache(maxsize=1)
def golden_records() -> dict[str, dict[str, object]]:
    docs = [
        RawDocument(origin=p.name, format="text", content=p.read_text("utf-8"))
        for p in sorted(FIXTURES.glob("*.txt"))
    ]
    return {r.origin: to_dict(r) for r in Pipeline(clean_steps()).run(docs)}


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_fixture_matches_golden(name: str) -> None:
    record = golden_records()[name]
    path = GOLDEN / f"{Path(name).stem}.json"
    if os.environ.get("TIDINGS_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert record == json.loads(path.read_text("utf-8"))

