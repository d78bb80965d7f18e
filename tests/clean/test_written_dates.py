"""first_full_date reads the three full forms itself, with the answers dateparser gives."""

from __future__ import annotations

import pytest

from tidings.clean.metadata import _dateparse, _written_date, first_full_date

FORMS = ["May 3, 2023", "3 May 2023", "2023-05-03", "Sept. 14, 1987", "sep 14 1987",
         "14 September, 1987", "Dec. 31, 1999", "1 Jan 2001", "February 29, 2024",
         "29 Feb. 2024", "2019-11-07", "JUNE 9, 2010"]


@pytest.mark.parametrize("text", FORMS)
def test_a_full_date_is_read_as_dateparser_reads_it(text: str) -> None:
    assert _written_date(text) is not None
    assert _written_date(text) == _dateparse(text)[:10]  # type: ignore[index]


def test_what_is_no_real_date_is_left_to_dateparser() -> None:
    assert _written_date("February 30, 2023") is None
    assert _written_date("2023-13-01") is None
    assert first_full_date("Filed on February 30, 2023 and then on 3 May 2023.") == "2023-05-03"
    assert first_full_date("Talks resumed on Sept. 14, 1987, officials said.") == "1987-09-14"
    assert first_full_date("No date here.") is None
