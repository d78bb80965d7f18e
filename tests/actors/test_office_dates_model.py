"""An office named without a person ("the Japanese prime minister") is its holder on the
article's date: the published date, else the first date the text writes in full; with no
date at all the phrase stays a role (country and sector), never a guessed person."""

from __future__ import annotations

import pytest

from tidings.records import Article, Mention

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def resolve():
    from tidings.flows.code import make_step

    step = make_step(events=False)

    def run(text: str, published: str | None) -> dict[str, Mention]:
        (coded,) = list(step.run([Article(doc_id="t", text=text, published=published)]))
        return {m.text: m for m in coded.mentions if m.actor}

    return run


SENTENCE = "The Japanese Prime Minister praised India's space programme."


@pytest.mark.parametrize("published, holder", [
    ("2023-05-03", "Fumio Kishida"), ("2025-11-20", "Sanae Takaichi"),
    ("2020-06-01", "Shinzo Abe")])
def test_the_holder_on_the_published_date(resolve, published: str, holder: str) -> None:
    mention = resolve(SENTENCE, published)["The Japanese Prime Minister"]
    assert mention.actor.name == holder and mention.actor.country == "JPN"
    assert mention.rule == "kb.person.dated-role" and published in mention.evidence


def test_an_undated_article_is_dated_by_the_first_full_date_in_its_text(resolve) -> None:
    text = f"Tokyo held a summit on 12 March 2023. {SENTENCE}"
    assert resolve(text, None)["The Japanese Prime Minister"].actor.name == "Fumio Kishida"


def test_without_any_date_the_office_stays_a_role(resolve) -> None:
    actor = resolve(SENTENCE, None)["The Japanese Prime Minister"].actor
    assert (actor.country, actor.sector, actor.entity_id) == ("JPN", "GOV", None)
