"""``tidings code`` and ``tidings actors`` on the fixture articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import load_commands

pytestmark = pytest.mark.model
FIXTURES = Path(__file__).parents[1] / "fixtures" / "articles"
runner = CliRunner()


def test_code_prints_one_traceable_event_per_line_with_explanations() -> None:
    result = runner.invoke(load_commands(), ["code", str(FIXTURES / "03_mexico_cuba_aid.txt"),
                                             "--format", "jsonl", "--explain", "-q"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    aid = [e for e in events if e["type"] == "AID"]
    assert aid and aid[0]["source"]["country"] == "MEX" and aid[0]["target"]["country"] == "CUB"
    for e in events:
        assert e["evidence"]["trigger"] and e["evidence"]["rule"].startswith("lexicon:")
        assert e["explain"]["lexicon_entry"] and e["explain"]["source"]["rule"]


def test_code_table_and_rejects(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    result = runner.invoke(load_commands(), ["code", str(FIXTURES / "01_china_vietnam_state_visit.txt"),
                                             str(empty), "--format", "table",
                                             "--rejects", str(rejects)])
    assert result.exit_code == 0, result.output
    assert "CONSULT" in result.stdout
    assert json.loads(rejects.read_text(encoding="utf-8").splitlines()[0])["reason"] == "empty"


def test_actors_lists_mentions_with_their_evidence() -> None:
    result = runner.invoke(load_commands(), ["actors", str(FIXTURES / "01_china_vietnam_state_visit.txt"),
                                             "--format", "jsonl", "-q"])
    assert result.exit_code == 0, result.output
    mentions = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert {"CHN", "VNM"} <= {m["actor"]["country"] for m in mentions}
    assert all(m["rule"] and m["end"] > m["start"] for m in mentions)


def test_code_with_a_bad_format_is_a_usage_error() -> None:
    result = runner.invoke(load_commands(), ["code", str(FIXTURES), "--format", "xml"])
    assert result.exit_code == 2


def _run_code(*extra: str) -> tuple[set[str], int]:
    result = runner.invoke(load_commands(), ["code", str(FIXTURES), "--format", "jsonl", *extra])
    assert result.exit_code == 0, result.output
    ids = {json.loads(line)["event_id"] for line in result.stdout.splitlines()
           if line.startswith("{")}
    summary = json.loads(result.stderr[result.stderr.index("{"):])["summary"]
    skipped = summary["sentences_skipped"]
    return ids, skipped


def test_parse_all_parses_every_sentence_and_loses_no_event() -> None:
    default_ids, default_skipped = _run_code()
    all_ids, all_skipped = _run_code("--parse-all")
    assert default_skipped > 0 and all_skipped == 0
    assert default_ids <= all_ids


def test_explain_says_which_coder_a_hybrid_event_came_from() -> None:
    from tidings.cli.code import explain
    from tidings.records import ActorRef, Event, Evidence

    def event(rule: str) -> Event:
        ev = Evidence(sentence="Pickets blocked the depot.", start=0, end=26,
                      trigger="blocked", rule=rule, trigger_start=8)
        return Event(event_id="e", doc_id="d", type="PROTEST", evidence=ev, target=None,
                     source=ActorRef("Pickets", start=0, end=7))

    agreed = explain(event("lexicon:protest.verb.block|roles:agent|source:subj|target:-"
                           "|hybrid:agreed|agreed:model 0.712"), [])
    assert (agreed["hybrid"], agreed["model_agreed"]) == ("agreed", "model 0.712")
    recoded = explain(event("model:m/2|roles:learned|source:mention 0.800|target:none"
                            "|types:PROTEST 0.700>none 0.200|score:0.61|hybrid:recoded"
                            "|rules:COERCE 0.600 lexicon:coerce.verb.block"), [])
    assert recoded["hybrid"] == "recoded" and recoded["type_scores"].startswith("PROTEST")
    assert recoded["rules_recoded"] == "COERCE 0.600 lexicon:coerce.verb.block"
    assert "hybrid" not in explain(event("lexicon:protest.verb.block|roles:agent"), [])
