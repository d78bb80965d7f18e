"""Each kind of page chrome is dropped with its reason; body paragraphs survive."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.clean.chrome import classify, split_lines
from tidings.clean.chrome_rules import DROP_REASONS, load_rules
from tidings.clean.cleaner import clean_document
from tidings.errors import UsageError
from tidings.records import RawDocument

BODY = [
    "Officials from both countries met in the capital on Monday to review their trade agreements.",
    "The delegations agreed to meet again next year and to expand cooperation in energy and health.",
]


def reasons_for(chrome: str, *, before_body: bool = True) -> dict[str, str]:
    """Clean a tiny page with ``chrome`` around a two-paragraph body; map dropped text -> reason."""
    parts = ["A Headline About Two Countries", chrome, *BODY] if before_body else [
        "A Headline About Two Countries", *BODY, chrome
    ]
    article = clean_document(RawDocument(origin="t", format="text", content="\n\n".join(parts)))
    assert article.text == "\n\n".join(BODY)
    return {d.text: d.reason for d in article.dropped}


@pytest.mark.parametrize(
    ("chrome", "reason"),
    [
        ("Facebook", "share-buttons"),
        ("• whatsapp", "share-buttons"),
        ("Twitter | Facebook | Email", "share-buttons"),
        ("Share this story", "share-buttons"),
        ("• Live", "navigation"),
        ("Audio Only", "navigation"),
        ("WORLD | BUSINESS | SPORT | CULTURE", "navigation"),
        ("Skip to main content", "navigation"),
        ("Tags: trade, energy", "navigation"),
        ("Economy > Trade", "breadcrumb"),
        ("Home » Africa » East Africa", "breadcrumb"),
        ("By Jane Roe", "byline"),
        ("Edited by John Doe", "byline"),
        ("Published 3 March 2022", "dateline"),
        ("2022-03-03 08:10:00", "dateline"),
        ("captcha challenge", "comment-form"),
        ("Posted on", "dateline"),
        ("Sign up for our morning newsletter", "promotion"),
        ("Follow The Daily Bugle on Twitter and Instagram", "promotion"),
    ],
)
def test_header_chrome_is_dropped_with_reason(chrome: str, reason: str) -> None:
    assert reasons_for(chrome)[chrome] == reason


@pytest.mark.parametrize(
    ("chrome", "reason"),
    [
        ("MAKE A COMMENT", "comment-form"),
        ("Post with no comments.", "comment-form"),
        ("7 Comments", "comment-form"),
        ("Back to top", "navigation"),
        ("Advertisement", "navigation"),
        ("READ ALSO: Ministers sign a fisheries accord", "related-link"),
        ("Please note that comments are moderated before they appear.", "comment-form"),
        ("© 2024 Example Media Group. All rights reserved.", "copyright"),
        ("Subscribe now to our print edition for the full story.", "promotion"),
    ],
)
def test_footer_chrome_is_dropped_with_reason(chrome: str, reason: str) -> None:
    assert reasons_for(chrome, before_body=False)[chrome] == reason


def test_bare_related_drops_the_linked_headline_too() -> None:
    content = "\n\n".join(["Title Of The Story", BODY[0], "RELATED:", "Another Story About Ports", BODY[1]])
    article = clean_document(RawDocument(origin="t", format="text", content=content))
    assert [(d.text, d.reason) for d in article.dropped if d.reason == "related-link"] == [
        ("RELATED:", "related-link"),
        ("Another Story About Ports", "related-link"),
    ]
    assert "Another Story" not in article.text


def test_comment_section_is_dropped_to_the_end() -> None:
    content = "\n".join(["Title Of The Story", "", *BODY, "", "Comments", "Name", "Email", "Send", "0"])
    article = clean_document(RawDocument(origin="t", format="text", content=content))
    assert article.text == "\n\n".join(BODY)
    assert {d.reason for d in article.dropped if d.text in {"Name", "Email", "Send", "0"}} == {
        "comment-form"
    }


def test_prose_starting_with_a_chrome_word_is_kept() -> None:
    lines = ["Title Of The Story", "Related talks on fishing rights will continue in Lima next week, officials said.", *BODY]
    article = clean_document(RawDocument(origin="t", format="text", content="\n\n".join(lines)))
    assert article.text.startswith("Related talks on fishing rights")


def test_repeated_paragraph_appears_once() -> None:
    content = "\n\n".join(["Title Of The Story", BODY[0], BODY[1], BODY[0]])
    article = clean_document(RawDocument(origin="t", format="text", content=content))
    assert article.text.count(BODY[0]) == 1
    assert [d.reason for d in article.dropped if d.text == BODY[0]] == ["repeated"]


def test_repeat_without_the_wire_dateline_is_dropped() -> None:
    first = "LIMA, May 2 - " + BODY[0]
    content = "\n\n".join(["Title Of The Story", first, BODY[1], BODY[0]])
    article = clean_document(RawDocument(origin="t", format="text", content=content))
    assert article.text == "\n\n".join([BODY[0], BODY[1]])  # the dateline is metadata
    assert ("LIMA, May 2 -", "wire-dateline") in [(d.text, d.reason) for d in article.dropped]


def test_hard_wrapped_lines_are_joined_into_one_paragraph() -> None:
    content = "Title Of The Story\n\nThe two foreign ministers met in Geneva\non Tuesday to discuss the prisoner exchange.\nA second round is planned.\n"
    article = clean_document(RawDocument(origin="t", format="text", content=content))
    assert article.text == (
        "The two foreign ministers met in Geneva on Tuesday to discuss the prisoner exchange."
        "\n\nA second round is planned."
    )


def test_every_reason_is_documented() -> None:
    lines = split_lines(
        "\n".join(["News > World", "Title Of The Story", "By A Writer", "Facebook", *BODY, "Comments", "x"])
    )
    classify(lines, load_rules())
    assert {ln.reason for ln in lines if ln.reason} <= set(DROP_REASONS)


def test_wire_dateline_on_its_own_line_is_metadata_not_lead_text() -> None:
    content = "\n".join(["WASHINGTON —", BODY[0], "", BODY[1]])
    article = clean_document(RawDocument(origin="t", format="html", content=content))
    assert article.text == f"{BODY[0]}\n\n{BODY[1]}"
    assert [d.text for d in article.dropped if d.reason == "wire-dateline"] == ["WASHINGTON —"]


def test_no_title_is_guessed_from_extracted_html_body() -> None:
    lead = "Ministers agreed on a ceasefire plan after two days of talks in Doha"
    article = clean_document(
        RawDocument(origin="t", format="html", content="\n\n".join([lead, *BODY]))
    )
    assert article.title is None
    assert article.text.startswith(lead)


def test_user_rules_file_adds_to_the_packaged_lists(tmp_path: Path) -> None:
    extra = tmp_path / "site.yaml"
    extra.write_text("navigation_lines: [Listen to this article]\nshare_words: [mastodon]\n")
    rules = load_rules(str(extra))
    assert "listen to this article" in rules.navigation_lines
    assert {"mastodon", "facebook"} <= rules.share_words
    content = "\n\n".join([BODY[0], "Listen to this article", "Mastodon", BODY[1]])
    article = clean_document(RawDocument(origin="t", format="html", content=content), rules)
    assert article.text == "\n\n".join(BODY)
    assert [(d.text, d.reason) for d in article.dropped] == [
        ("Listen to this article", "navigation"), ("Mastodon", "share-buttons")
    ]


def test_unknown_key_in_user_rules_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("shar_words: [mastodon]\n")
    with pytest.raises(UsageError):
        load_rules(str(bad))


def test_a_paragraph_shown_three_times_is_structure_not_a_repeat() -> None:
    question = "What did the delegation hope to achieve with this visit?"
    answers = [f"Answer number {n} explains the aims of the visit in some detail here." for n in range(3)]
    content = "\n\n".join(
        ["Title Of The Story", question, answers[0], question, answers[1], question, answers[2]]
    )
    article = clean_document(RawDocument(origin="t", format="text", content=content))
    assert article.text.count(question) == 3


def test_cjk_paragraphs_count_as_body_not_labels() -> None:
    paragraph = "両国の外相は月曜日に東京で会談し、貿易協定について協議した。" * 2
    article = clean_document(RawDocument(origin="t", format="html", content=paragraph))
    assert article.text == paragraph
