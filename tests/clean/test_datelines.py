"""Wire datelines and headline kickers are metadata: the dateline's place never reaches the
text to code (so it cannot become an actor), its date dates an undated article, and a
headline's topic label does not run into the headline's first actor."""

from __future__ import annotations

import pytest

from tidings.clean import clean_document
from tidings.clean.metadata import parse_dateline, split_kicker
from tidings.records import RawDocument

LEAD = "Kenya's trade minister flew to Kampala for two days of talks on fuel imports."
MORE = "Both governments promised a joint statement before the end of the week."


@pytest.mark.parametrize("opening, place, date, agency", [
    ("NAIROBI, May 3, 2023 —", "NAIROBI", "2023-05-03", None),
    ("LIMA, June 2 (Reuters) -", "LIMA", None, "Reuters"),
    ("Geneva, 14 March:", "Geneva", None, None),
    ("WASHINGTON (AP) —", "WASHINGTON", None, "AP"),
    ("SAN JOSE, Costa Rica, Oct. 9, 2022 --", "SAN JOSE", "2022-10-09", None),
])
def test_datelines_are_read(opening: str, place: str, date: str | None,
                            agency: str | None) -> None:
    found = parse_dateline(f"{opening} {LEAD}")
    assert found is not None
    assert (found.text, found.place, found.date, found.agency) == (opening, place, date, agency)


@pytest.mark.parametrize("lead", [
    LEAD, "In Geneva, 14 March: a date inside a sentence.", "Moscow: the talks go on.",
    "Kenya - the host - said nothing.",
])
def test_ordinary_openings_are_not_datelines(lead: str) -> None:
    assert parse_dateline(lead) is None


def test_dateline_leaves_the_text_and_dates_an_undated_article() -> None:
    content = f"Talks on fuel imports\n\nNAIROBI, May 3, 2023 — {LEAD}\n\n{MORE}"
    article = clean_document(RawDocument(origin="t", format="text", content=content))
    assert article.text == f"{LEAD}\n\n{MORE}" and "NAIROBI" not in article.text
    assert article.published == "2023-05-03"
    assert ("NAIROBI, May 3, 2023 —", "wire-dateline") in \
        [(d.text, d.reason) for d in article.dropped]


def test_a_given_date_wins_over_the_dateline() -> None:
    raw = RawDocument(origin="t", format="html", content=f"LIMA, June 2, 2021 (Reuters) - {LEAD}",
                      published="2021-06-03")
    article = clean_document(raw)
    assert article.published == "2021-06-03" and article.text == LEAD


@pytest.mark.parametrize("title, kicker, rest", [
    ("Russia: Cuba's leader heads to Moscow for talks", "Russia",
     "Cuba's leader heads to Moscow for talks"),
    ("Exclusive: Port deal talks stall over fees", "Exclusive", "Port deal talks stall over fees"),
    ('Minister: "We will not sign this deal"', None, 'Minister: "We will not sign this deal"'),
    ("Kenya: Talks end", None, "Kenya: Talks end"),
    ("Talks end in Kampala without a deal", None, "Talks end in Kampala without a deal"),
])
def test_headline_kickers(title: str, kicker: str | None, rest: str) -> None:
    assert split_kicker(title) == (kicker, rest)


def test_kicker_is_kept_as_the_section_not_in_the_title() -> None:
    raw = RawDocument(origin="t", format="html", content=LEAD,
                      title="Uganda: Kenya's trade minister arrives for fuel talks")
    article = clean_document(raw)
    assert article.title == "Kenya's trade minister arrives for fuel talks"
    assert article.section == "Uganda"
    assert ("Uganda:", "kicker") in [(d.text, d.reason) for d in article.dropped]
