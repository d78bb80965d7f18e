"""The shipped ontology and lexicon load, are consistent, and user files extend them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.coding.lexicon import load_lexicon, split_expression
from tidings.coding.ontology import OntologyError, load_ontology

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT"}


def test_ontology_has_the_sixteen_plover_types_with_cameo_quad_and_intensity() -> None:
    onto = load_ontology()
    assert set(onto.types) == PLOVER_TYPES
    assert onto.describe("AID", None) == ("07", 2, 7.0)
    cameo, quad, intensity = onto.describe("CONSULT", "visit")
    assert (cameo, quad) == ("042", 1) and 0 < intensity < 5
    assert all(t.quad_class in (3, 4) and t.intensity < 0
               for name, t in onto.types.items()
               if name in {"ACCUSE", "REJECT", "THREATEN", "SANCTION", "COERCE", "ASSAULT"})
    assert onto.types["PROTEST"].target_optional and not onto.types["AID"].target_optional


def test_lexicon_covers_every_type_with_hundreds_of_entries() -> None:
    lex = load_lexicon()
    assert len(lex.entries) > 800
    assert {t.type for t in lex.entries} == PLOVER_TYPES
    assert {"make", "sign", "hold"} <= lex.agent_light_verbs
    assert "receive" in lex.recipient_light_verbs
    assert "military" in lex.contexts_for({"troops"})


@pytest.mark.parametrize("text, pos, expected", [
    ("set up", "VERB", ("set", ("up",))),
    ("take to the streets", "VERB", ("take", ("to", "streets"))),
    ("state visit", "NOUN", ("visit", ("state",))),
    ("round of talks", "NOUN", ("round", ("of", "talks"))),
    ("visit", "NOUN", ("visit", ())),
])
def test_multi_word_expressions_split_into_head_and_required_words(text, pos, expected) -> None:
    assert split_expression(text, pos) == expected


def test_user_lexicon_adds_entries(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("version: '1'\nkind: lexicon\ntype: ASSAULT\n"
                     "groups:\n  - {pos: VERB, roles: agent-patient, lemmas: [torpedo]}\n",
                     encoding="utf-8")
    lex = load_lexicon([extra])
    assert [t.type for t in lex.lookup("torpedo", "VERB")] == ["ASSAULT"]
    assert not load_lexicon().lookup("torpedo", "VERB")


@pytest.mark.parametrize("body, message", [
    ("type: NOPE\ngroups:\n  - {lemmas: [x]}\n", "unknown type"),
    ("type: AID\ngroups:\n  - {lemmas: [x], roles: sideways}\n", "unknown role pattern"),
    ("type: AID\ngroups:\n  - {lemmas: [x], contexts: [astrology]}\n", "unknown context"),
    ("type: ASSAULT\ngroups:\n  - {lemmas: [x], mode: gentle}\n", "unknown mode"),
])
def test_bad_lexicon_entries_are_reported_with_file_and_reason(tmp_path: Path, body: str,
                                                               message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: '1'\nkind: lexicon\n" + body, encoding="utf-8")
    with pytest.raises(OntologyError, match=message):
        load_lexicon([bad])
