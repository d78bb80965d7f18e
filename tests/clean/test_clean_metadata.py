"""Title, date, author and section from several header styles."""

from __future__ import annotations

import pytest

from tidings.clean.chrome_rules import load_rules
from tidings.clean.cleaner import clean_document
from tidings.clean.metadata import (
    parse_breadcrumb,
    parse_byline,
    parse_date_line,
    source_name_from_url,
)
from tidings.records import RawDocument

RULES = load_rules()
BODY = "The two presidents signed an agreement on energy cooperation during the visit on Monday."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published 1 November 2018", "2018-11-01"),
        ("2021-10-14 00:22:29", "2021-10-14T00:22:29"),
        ("2021-10-14", "2021-10-14"),
        ("Updated: March 5, 2024 14:30", "2024-03-05T14:30:00"),
        ("Posted on 12 Jan 2019", "2019-01-12"),
        ("In November 2018 the two leaders met in Moscow.", None),
        ("Opinion", None),
    ],
)
def test_date_lines(line: str, expected: str | None) -> None:
    assert parse_date_line(line, RULES) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By María Josefina Arce", ("María Josefina Arce", True)),
        ("Edited by Ed Smith", ("Ed Smith", False)),
        ("By JOHN ROE, Reuters", ("JOHN ROE", True)),
        ("Written by Ana de la Cruz | Caracas", ("Ana de la Cruz", True)),
        ("By the end of the week talks had stalled.", None),
    ],
)
def test_bylines(line: str, expected: tuple[str, bool] | None) -> None:
    assert parse_byline(line, RULES) == expected


def test_breadcrumbs_and_outlet() -> None:
    assert parse_breadcrumb("News > Latin America") == ["News", "Latin America"]
    assert parse_breadcrumb("Exports rose > imports fell sharply in May.") is None
    assert source_name_from_url("https://www.example-news.org/world/1234") == "example-news.org"
    assert source_name_from_url(None) is None


@pytest.mark.parametrize(
    ("header", "title", "published", "author", "section"),
    [
        (
            ["Leaders Meet in Hanoi", "Edited by Ed Smith", "2023-12-12 18:40:05", "Telegram", "By Jane Roe"],
            "Leaders Meet in Hanoi", "2023-12-12T18:40:05", "Jane Roe", None,
        ),
        (
            ["• Live", "World > Asia", "Leaders Meet in Hanoi", "Published 12 December 2023", "Opinion"],
            "Leaders Meet in Hanoi", "2023-12-12", None, "Asia",
        ),
        (
            ["Menu", "Leaders meet in Hanoi", "By Jane Roe and Tim Poe", "December 12, 2023"],
            "Leaders meet in Hanoi", "2023-12-12", "Jane Roe and Tim Poe", None,
        ),
    ],
)
def test_header_styles(header: list[str], title: str, published: str, author: str | None, section: str | None) -> None:
    doc = RawDocument(origin="t", format="text", content="\n".join([*header, "", BODY]))
    article = clean_document(doc)
    assert (article.title, article.published, article.author, article.section) == (
        title, published, author, section
    )
    assert article.text == BODY


def test_reader_metadata_wins_and_title_line_is_removed() -> None:
    doc = RawDocument(
        origin="page.html", format="html", content=f"Leaders Meet in Hanoi\n\n{BODY}",
        title="Leaders Meet in Hanoi", published="2023-12-11", author="Reader Author",
        url="https://news.example.com/a/1",
    )
    article = clean_document(doc)
    assert (article.title, article.published, article.author) == (
        "Leaders Meet in Hanoi", "2023-12-11", "Reader Author"
    )
    assert article.text == BODY
    assert article.source_name == "news.example.com"
    assert (article.origin, article.format, article.url) == ("page.html", "html", doc.url)
