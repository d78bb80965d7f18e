"""Typed provenance renders to the one-line rule string, and the ontology's coding flags are
read from its data file."""

from __future__ import annotations

import pytest

from tidings.coding.ontology import OntologyError, intent_type, load_ontology, parse_ontology
from tidings.records import Evidence, Trace, to_dict


def test_trace_renders_the_rule_string_in_its_fixed_order() -> None:
    trace = Trace(entry="aid.send.verb", roles="agent-patient", source="subj",
                  target="fallback:sentence", factuality="default", date="on-weekday",
                  reported_by="say")
    assert trace.render() == ("lexicon:aid.send.verb|roles:agent-patient|source:subj"
                              "|target:fallback:sentence|factuality:default|date:on-weekday"
                              "|reported-by:say")
    assert trace.has_fallback() and not trace.is_carried()


def test_construction_trace_without_target_or_factuality() -> None:
    trace = Trace(entry="report-of-conflict", roles="speaker", source="subj>conjunct",
                  date="article-date", construction=True)
    assert trace.render() == ("construction:report-of-conflict|roles:speaker"
                              "|source:subj>conjunct|target:-|date:article-date")
    assert trace.is_carried() and not trace.has_fallback()


def test_json_record_keeps_the_string_not_the_trace() -> None:
    trace = Trace(entry="e", roles="r", source="subj", model="m", score=0.5)
    ev = Evidence(sentence="s", start=0, end=1, trigger="t", rule=trace.render(), trace=trace)
    d = to_dict(ev)
    assert "trace" not in d and d["rule"].endswith("|model:m|score:0.5")


def test_coding_flags_come_from_the_ontology_file() -> None:
    types = load_ontology().types
    assert types["AGREE"].symmetric and types["AGREE"].target_only_without_candidate
    assert types["ASSAULT"].target_at_location and not types["ASSAULT"].symmetric
    assert types["REQUEST"].complement_is_content
    assert intent_type("AID", "planned") == "AGREE"
    assert intent_type("ASSAULT", "planned") == "THREATEN"
    assert intent_type("AGREE", "negated") == "REJECT"
    assert intent_type("ACCUSE", "negated") == "ACCUSE"


def test_unknown_coding_flag_is_an_error() -> None:
    data = {"version": "1", "types": {"X": {"quad_class": 1, "cameo": "01", "intensity": 1,
                                            "coding": ["sideways"]}}}
    with pytest.raises(OntologyError):
        parse_ontology(data)
