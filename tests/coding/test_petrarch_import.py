"""The PETRARCH-2 verb-dictionary importer on a small dictionary written for this test, and the
shipped imported entries' place behind the hand-written lexicon."""

from __future__ import annotations

import pytest

from tidings.coding.lexicon import load_lexicon
from tidings.coding.ontology import load_ontology
from tidings.coding.petrarch import convert, load_cameo_table, parse_verb_dictionary

TABLE = """\
# code: TYPE, mode, context # label
04: CONSULT
042: CONSULT, visit,   # Make a visit
19: ASSAULT
190: ASSAULT, ,  military # Use conventional force
07: AID
073: AID,  , humanitarian # Provide humanitarian aid
"""

VERBS = """\
&RELIEF_GOODS
+FOOD
+MEDICINE_

####### VERB PATTERNS #######

---  SHELL   [190]  ---
SHELL
BOMBARD
POUND  [190]
- * (TO BORDER)                  [042]   # SHELL
- * &RELIEF_GOODS                [073]   # BOMBARD
- &MILITARY * VILLAGE            [190]   # SHELL
- * TOWN                         [---]   # SHELL
- * STATEMENT                    [010]   # SHELL
"""


def _report():  # type: ignore[no-untyped-def]
    return convert(VERBS, load_cameo_table(TABLE), load_ontology(), {"ASSAULT": "agent-patient"})


def test_dictionary_blocks_and_synonym_sets_are_read() -> None:
    synsets, blocks = parse_verb_dictionary(VERBS)
    assert synsets == {"&RELIEF_GOODS": ["FOOD", "MEDICINE_"]}
    (block,) = blocks
    assert (block.head, block.code) == ("SHELL", "190")
    assert [v for v, _ in block.verbs] == ["SHELL", "BOMBARD", "POUND"]


def test_verbs_and_patterns_become_entries_with_plover_types() -> None:
    entries = _report().entries
    bare = {e["lemma"]: e for e in entries if "with" not in e}
    assert bare["shell"]["type"] == "ASSAULT" and bare["shell"]["contexts"] == ["military"]
    assert bare["pound"]["type"] == "ASSAULT"  # a synonym with a code of its own
    assert "bombard" not in bare  # a bare synonym does not inherit the block's code
    visit = bare["shell to border"]  # a prepositional phrase: required dependents
    assert (visit["type"], visit["mode"]) == ("CONSULT", "visit")
    (aid,) = [e for e in entries if "with" in e]  # an object word, from a synonym set
    assert (aid["lemma"], aid["type"], aid["with"]) == ("bombard", "AID", ["food", "medicine"])


def test_what_does_not_convert_is_counted_with_its_reason() -> None:
    skipped = _report().skipped
    assert skipped["words before the verb (subject side)"] == 1
    assert skipped["pattern marks a use that is no event ([---])"] == 1
    assert skipped["CAMEO 01 has no PLOVER type"] == 1
    assert skipped["synonym without a code of its own"] == 1


def test_hand_written_entries_keep_priority_over_imported_ones() -> None:
    hand = load_lexicon(imported=False)
    both = load_lexicon()
    hand_keys = {(t.lemma, t.pos) for t in hand.entries}
    imported = [t for t in both.entries if t.id.startswith("petrarch.")]
    assert imported, "the shipped imported lexicon is loaded"
    # on a hand-written lemma only a specific pattern comes in, as a fallback reading
    on_hand = [t for t in imported if (t.lemma, t.pos) in hand_keys]
    assert on_hand and all(t.fallback and t.specificity for t in on_hand)
    assert not [t for t in imported if t.fallback and (t.lemma, t.pos) not in hand_keys]
    assert len(both.entries) == len(hand.entries) + len(imported)


@pytest.mark.model
def test_a_fallback_reading_codes_only_where_the_hand_written_one_finds_nothing(
        code_text) -> None:
    # "cancel" with "visit" is PETRARCH-2's 161 (reduce relations): no hand-written
    # reading of "cancel" takes a visit
    events = code_text("Chile cancelled a planned visit to Peru.").events
    assert {(e.type, e.source.country if e.source else None,
             e.target.country if e.target else None) for e in events} == {
        ("SANCTION", "CHL", "PER")}
    assert events[0].evidence.rule.startswith("lexicon:petrarch.161.cancel")
    # the hand-written "meet" keeps the meeting
    events = code_text("Chile met Peru on Monday.").events
    assert {e.evidence.rule.split("|")[0] for e in events} == {"lexicon:consult.meet.verb"}


def test_checking_an_import_does_not_change_the_coders_lexicon(tmp_path, monkeypatch) -> None:
    """`lexicon import-petrarch` loads its output as a plain extra file (no hand-written
    priority); written to the shipped path, that lists the same file names and bytes as the
    coder's own load, which must still get its own, filtered, lexicon from the cache."""
    from importlib import resources

    from tidings.coding import lexicon

    monkeypatch.setenv("TIDINGS_CACHE_DIR", str(tmp_path))
    shipped = resources.files("tidings") / "data" / "lexicon" / "imported" / \
        "petrarch-cameo2.yaml"
    lexicon._load.cache_clear()
    plain = load_lexicon([str(shipped)], imported=False)
    lexicon._load.cache_clear()
    coder = load_lexicon()
    lexicon._load.cache_clear()
    hand = {(t.lemma, t.pos) for t in load_lexicon(imported=False).entries}
    assert any(t.id.startswith("petrarch.") and (t.lemma, t.pos) in hand and not t.fallback
               for t in plain.entries)
    assert not any(t.id.startswith("petrarch.") and (t.lemma, t.pos) in hand
                   and not t.fallback for t in coder.entries)


def test_a_code_for_the_passive_reading_only_makes_the_subject_the_target() -> None:
    # "[:190]": PETRARCH codes the pattern only with the subject as the one who suffers
    verbs = ("####### VERB PATTERNS #######\n\n---  PERISH   [190]  ---\nPERISH\n"
             "- * (IN RAID)                  [:190]   # PERISH\n"
             "- * (IN FIGHTING)              [190:190]   # PERISH\n")
    entries = convert(verbs, load_cameo_table(TABLE), load_ontology(),
                      {"ASSAULT": "agent-patient"}).entries
    roles = {e["lemma"]: (e["roles"], e["cameo"]) for e in entries}
    assert roles["perish in raid"] == ("recipient-subject", "190")
    assert roles["perish in fighting"] == ("agent-patient", "190")
