"""KnowledgeBase.names_an_actor: the unparsed check the sentence filter keeps context by."""

from __future__ import annotations

import pytest

from tidings.actors.kb import KnowledgeBase


def words(sentence: str) -> list[str]:
    return sentence.split(" ")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def test_a_country_or_its_people_named_anywhere_in_the_sentence(kb: KnowledgeBase) -> None:
    assert kb.names_an_actor(words("Fishing boats left the harbour in Norway on Monday ."))
    assert kb.names_an_actor(words("The Chilean fleet stayed in port ."))
    assert kb.names_an_actor(words("Talks are planned in The Hague ."))


def test_no_capitalised_name_of_the_kb_no_actor(kb: KnowledgeBase) -> None:
    assert not kb.names_an_actor(words("The weather was mild and rain fell ."))
    assert not kb.names_an_actor(words("the norwegian fleet stayed in port ."))
    assert not kb.names_an_actor([])
