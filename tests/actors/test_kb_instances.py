"""``KnowledgeBase.load()`` gives each caller its own instance: one caller changing its
knowledge base never changes what another resolves."""

from __future__ import annotations

from tidings.actors.kb import KnowledgeBase


def test_each_load_is_a_new_instance_and_changes_stay_local() -> None:
    first, second = KnowledgeBase.load(), KnowledgeBase.load()
    assert first is not second
    assert first.countries.keys() == second.countries.keys()
    first.countries.pop("CUB")
    assert "CUB" in second.countries and "CUB" in KnowledgeBase.load().countries
