"""Parsing only the sentences that can hold an event codes the same events as parsing
everything (own fixture articles; the Reuters comparison is benchmarks/sentence_filter.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tidings.annotate import annotate
from tidings.flows.code import make_step
from tidings.flows.read import read_articles
from tidings.records import Article, CodedArticle, to_dict

pytestmark = pytest.mark.model
FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(scope="module")
def steps() -> tuple[Any, Any]:
    full = make_step(skip_sentences=False)
    return full, make_step(nlp=full.nlp)


def _coded(step: Any, path: Path) -> list[CodedArticle]:
    articles = [a for a in read_articles([path]) if isinstance(a, Article)]
    return [c for c in step.run(articles) if isinstance(c, CodedArticle)]


def _events(coded: list[CodedArticle]) -> list[dict[str, Any]]:
    return [to_dict(e) for c in coded for e in c.events]


@pytest.mark.parametrize("path", [*sorted((FIXTURES / "articles").glob("*.txt")),
                                  FIXTURES / "skipping" / "01_harbour_aid_background.txt"],
                         ids=lambda p: p.name)
def test_skipping_sentences_codes_the_same_events(steps: tuple[Any, Any], path: Path) -> None:
    full, fast = steps
    assert _events(_coded(fast, path)) == _events(_coded(full, path))


def test_skipped_sentences_are_counted_and_not_listed(steps: tuple[Any, Any]) -> None:
    full, fast = steps
    path = FIXTURES / "skipping" / "01_harbour_aid_background.txt"
    (all_,), (kept,) = _coded(full, path), _coded(fast, path)
    assert all_.skipped_sentences == 0
    assert kept.skipped_sentences > 0
    assert len(kept.sentences) + kept.skipped_sentences == len(all_.sentences)
    # Offsets still point into the article's text, and kept sentences are the full run's.
    assert {(s.start, s.end) for s in kept.sentences} <= {(s.start, s.end)
                                                          for s in all_.sentences}
    assert all(kept.article.text[s.start:s.end] == s.text
               for s in kept.sentences if s.kind == "body")


def test_a_skipped_sentence_still_counts_in_the_previous_dyad_window(
        steps: tuple[Any, Any]) -> None:
    # A symmetric event with no actor borrows the dyad of the previous two sentences; the
    # window counts skipped sentences too, so "We have agreed" does not reach back to the
    # meeting three sentences before it once the two between are skipped.
    full, fast = steps
    path = FIXTURES / "skipping" / "02_border_talks_quotes.txt"
    assert _events(_coded(fast, path)) == _events(_coded(full, path))


def test_positions_count_the_skipped_sentences(steps: tuple[Any, Any]) -> None:
    full, fast = steps
    path = FIXTURES / "skipping" / "01_harbour_aid_background.txt"
    articles = [a for a in read_articles([path]) if isinstance(a, Article)]
    (all_,), (kept,) = (list(annotate(s.nlp, articles, keep=s.keep)) for s in (full, fast))
    assert all_.positions == list(range(len(all_.sentences)))
    # Each kept sentence stands where the full parse puts the sentence of the same offsets.
    where = {(s.kind, s.start): n for n, s in enumerate(all_.sentences)}
    assert [kept.position(s.index) for s in kept.sentences] \
        == [where[(s.kind, s.start)] for s in kept.sentences]
    assert kept.positions != list(range(len(kept.sentences)))


def test_the_run_summary_counts_the_skipped_sentences() -> None:
    from typer.testing import CliRunner

    from tidings.cli import load_commands

    path = FIXTURES / "skipping" / "01_harbour_aid_background.txt"
    result = CliRunner().invoke(load_commands(), ["code", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stderr[result.stderr.index("{"):])["summary"]
    assert summary["sentences_skipped"] > 0 and summary["events"] > 0


def test_the_trigger_check_holds_where_a_reading_of_the_lexicon_could_apply(
        steps: tuple[Any, Any]) -> None:
    _, fast = steps
    assert fast.coder.could_code(fast.nlp("Norway sent aid to the flooded islands."))
    assert fast.coder.could_code(fast.nlp("The council said the mayor must resign."))
    # "said" and "should" pass the filter's surface check, but "should" is not in a clause
    # under the speech verb: no trigger.
    quiet = fast.nlp("She said that, and he should know.")
    assert fast.keep.keeps(quiet) and not fast.coder.could_code(quiet)


def test_an_article_without_a_possible_trigger_gets_no_entities_or_actors(
        steps: tuple[Any, Any]) -> None:
    full, fast = steps
    text = "She said that, and he should know. The harbour was quiet in the evening."
    article = Article(doc_id=Article.make_id(text), text=text)
    (all_,), (kept,) = ([c for c in s.run([article]) if isinstance(c, CodedArticle)]
                        for s in (full, fast))
    assert all_.events == kept.events == []
    assert kept.sentences == [] and kept.mentions == []
    assert kept.skipped_sentences == len(all_.sentences) == 2
