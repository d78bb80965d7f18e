"""Cleaned fixture articles through the real spaCy pipeline: title, body and captions apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.clean import clean_document

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "03_mexico_cuba_aid.txt"


@pytest.mark.model
def test_cleaned_article_parses_into_title_body_and_caption_sentences() -> None:
    from tidings.annotate import annotate
    from tidings.annotate.models import load_model
    from tidings.records import RawDocument

    doc = RawDocument(origin=FIXTURE.name, format="text", content=FIXTURE.read_text("utf-8"))
    article = clean_document(doc)
    [ann] = annotate(load_model(), [article])
    kinds = [s.kind for s in ann.sentences]
    assert kinds[0] == "title" and kinds[-1] == "caption"
    body = [s for s in ann.sentences if s.kind == "body"]
    assert len(body) >= 5
    assert all(article.text[s.start : s.end] == s.text for s in body)
    assert not any("RELATED" in s.text or "Comment" in s.text for s in ann.sentences)
    ents = {e.text for e in ann.body.ents}
    assert {"Havana", "Mexico"} & ents
