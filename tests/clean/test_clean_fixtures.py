"""The whole cleaning stage on the fixture articles (scraped pages with their chrome)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tidings.clean import clean_steps
from tidings.pipeline.base import Pipeline
from tidings.records import Article, RawDocument, Reject

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
CHROME = [
    "Pinterest", "Telegram", "Linkedin", "WhatsApp", "MAKE A COMMENT", "captcha", "• Live",
    "Audio Only", "google plus", "RELATED:", "Post with no comments", "News > Latin America",
    "Commentaries", "Share this article", "Advertisement", "Leave a Reply", "Read also",
    "Skip to content", "You may also like", "Back to top", "Photo:", "Edited by", "Published ",
]


def raw_documents() -> list[RawDocument]:
    return [
        RawDocument(origin=p.name, format="text", content=p.read_text("utf-8"), source_path=str(p))
        for p in sorted(FIXTURES.glob("*.txt"))
    ]


@lru_cache(maxsize=1)
def cleaned() -> dict[str, Article | Reject]:
    return {r.origin: r for r in Pipeline(clean_steps()).run(raw_documents())}


def articles() -> list[Article]:
    return [r for r in cleaned().values() if isinstance(r, Article)]


def test_no_chrome_survives_in_any_body() -> None:
    for art in articles():
        for word in CHROME:
            assert word not in art.text, (art.origin, word)


def test_repeated_lead_appears_once() -> None:
    art = cleaned()["03_mexico_cuba_aid.txt"]
    assert isinstance(art, Article)
    assert art.text.count("A Mexican navy vessel docked in Havana") == 1
    assert art.text.startswith("A Mexican navy vessel docked in Havana")
    assert art.text.endswith("an oil depot in Matanzas.")
    assert len(art.text.split("\n\n")) == 5


def test_header_metadata() -> None:
    got = {
        a.origin: (a.title, a.published, a.author, a.section) for a in articles()
    }
    assert got["01_china_vietnam_state_visit.txt"] == (
        "Xi Jinping Arrives in Hanoi for State Visit, Signs Dozens of Deals",
        "2023-12-12T18:40:05", "Tomás Herrera", None,
    )
    assert got["03_mexico_cuba_aid.txt"] == (
        "Mexican Navy Ship Brings Food and Medicine to Cuba", "2023-02-17", None, "Latin America",
    )
    assert got["05_india_china_border_clash.txt"][:3] == (
        "India says 20 soldiers killed in border clash with China", "2020-06-17",
        "Rahul Menon and Priya Nair",
    )


def test_captions_kept_apart() -> None:
    art = cleaned()["03_mexico_cuba_aid.txt"]
    assert isinstance(art, Article)
    assert art.captions == ["Sailors unload aid in the port of Havana"]
    assert "Sailors unload" not in art.text


def test_near_duplicate_points_to_first_copy() -> None:
    first = cleaned()["01_china_vietnam_state_visit.txt"]
    copy = cleaned()["02_china_vietnam_state_visit_wire.txt"]
    assert isinstance(first, Article) and isinstance(copy, Article)
    assert first.duplicate_of is None
    assert (copy.duplicate_kind, copy.duplicate_of) == ("near", first.doc_id)
    others = [a for a in articles() if a.origin not in {first.origin, copy.origin}]
    assert all(a.duplicate_of is None for a in others)


def test_spanish_article_is_rejected() -> None:
    reject = cleaned()["07_mexico_cuba_ayuda_es.txt"]
    assert isinstance(reject, Reject) and reject.reason == "not-english"


def test_doc_ids_are_stable_across_runs() -> None:
    again = {r.origin: r for r in Pipeline(clean_steps()).run(raw_documents())}
    for art in articles():
        other = again[art.origin]
        assert isinstance(other, Article) and other.doc_id == art.doc_id
        assert other.doc_id == Article.make_id(other.text)


def test_empty_and_all_chrome_documents_become_rejects() -> None:
    docs = [
        RawDocument(origin="blank", format="text", content="  \n\n "),
        RawDocument(origin="chrome", format="text", content="Facebook\nTwitter\nMAKE A COMMENT\n"),
    ]
    out = list(Pipeline(clean_steps()).run(docs))
    assert [(r.origin, r.reason) for r in out if isinstance(r, Reject)] == [
        ("blank", "empty"), ("chrome", "no-body"),
    ]
