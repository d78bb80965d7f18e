"""Properties of the cleaner on arbitrary line mixes: nothing is lost silently, ids are stable."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tidings.clean.chrome_rules import DROP_REASONS
from tidings.clean.cleaner import clean_document
from tidings.errors import InputError
from tidings.records import Article, RawDocument

LINES = [
    "Facebook", "• Live", "News > Asia", "By Jane Roe", "Published 2 May 2021", "RELATED:",
    "Comments", "0", "Photo: Reuters", "The envoy arrived in Seoul. Photo: Yonhap", "Opinion",
    "The two ministers met in Seoul on Monday to discuss a new trade agreement and tariffs.",
    "They agreed to hold another round of talks in Tokyo before the end of the year.",
    "Officials said the talks were frank", "", "   ",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=14), st.sampled_from(["text", "html"]))
def test_every_line_is_kept_or_dropped_with_a_reason(lines: list[str], fmt: str) -> None:
    content = "\n".join(lines)
    try:
        article = clean_document(RawDocument(origin="p", format=fmt, content=content))
    except InputError as exc:
        assert exc.reason in {"empty", "no-body"}
        return
    assert article.doc_id == Article.make_id(article.text)
    assert all(d.reason in DROP_REASONS for d in article.dropped)
    accounted = [*article.text.split("\n\n"), *(d.text for d in article.dropped)]
    joined = " ".join(accounted)
    for line in lines:
        assert " ".join(line.split()) in joined
    again = clean_document(RawDocument(origin="q", format=fmt, content=content))
    assert again.doc_id == article.doc_id
