"""Shared, session-scoped spaCy pipeline and coder for the model tests of coding and actors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tidings.records import Article, CodedArticle


@pytest.fixture(scope="session")
def code_text() -> Callable[..., CodedArticle]:
    from tidings.flows.code import make_step

    step = make_step()

    def run(text: str, published: str | None = "2021-10-20", title: str | None = None,
            captions: list[str] | None = None) -> CodedArticle:
        article = Article(doc_id=Article.make_id(text), text=text, published=published,
                          title=title, captions=captions or [])
        (coded,) = list(step.run([article]))
        assert isinstance(coded, CodedArticle), coded
        return coded

    return run

