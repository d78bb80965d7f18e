"""Photo captions are kept apart from the body, without their credit."""

from __future__ import annotations

import pytest

from tidings.clean.captions import is_alt_text, parse_caption
from tidings.clean.chrome_rules import load_rules
from tidings.clean.cleaner import clean_document
from tidings.records import RawDocument

RULES = load_rules()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("The ministers shake hands. Photo: EFE", "The ministers shake hands."),
        ("The ministers shake hands | Photo: Reuters FILE", "The ministers shake hands"),
        ("Crowds at the border (Photo: AFP)", "Crowds at the border"),
        ("Photo: Xinhua", ""),
        ("File photo: AP", ""),
        ("She kept a photo of her son on the desk during the talks.", None),
    ],
)
def test_parse_caption(line: str, expected: str | None) -> None:
    assert parse_caption(line, RULES) == expected


def test_alt_text_repeats_the_caption_start() -> None:
    assert is_alt_text("• The ministers", "The ministers shake hands | Photo: EFE")
    assert not is_alt_text("Other words", "The ministers shake hands | Photo: EFE")


def test_captions_are_moved_out_of_the_body() -> None:
    body = "The foreign ministers of both countries met in Lima to discuss a border dispute on Friday."
    content = "\n\n".join([
        "Ministers Meet in Lima",
        "  • Ministers in Lima",
        "  Ministers in Lima on Friday | Photo: Andina",
        body,
        "Photo: Reuters",
    ])
    article = clean_document(RawDocument(origin="t", format="text", content=content))
    assert article.text == body
    assert article.captions == ["Ministers in Lima on Friday"]
    assert [d.reason for d in article.dropped if d.reason == "caption"] == ["caption"] * 3
