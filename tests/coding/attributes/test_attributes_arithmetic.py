"""Model-free tests: number and money normalization, relative date arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.coding.attributes.dates import parse_published, resolve, shift
from tidings.coding.attributes.quantities import _money_pattern, _to_money, parse_number

BASE = date(2024, 3, 14)  # a Thursday


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,000", 1000),
        ("1.2bn", 1.2e9),
        ("50-million", 5e7),
        ("3.5 bn", 3.5e9),
        ("two dozen", 24),
        ("twenty-five", 25),
        ("three hundred", 300),
        ("4 million", 4e6),
        ("40 crore", 4e8),
    ],
)
def test_parse_number_reads_digits_words_and_scales(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_parse_number_refuses_vague_counts() -> None:
    assert parse_number("hundreds") is None
    assert parse_number("several") is None


@pytest.mark.parametrize(
    ("text", "amount", "currency", "span"),
    [
        ("a US$50-million credit line", 5e7, "USD", "US$50-million"),
        ("worth nearly US$260 million", 2.6e8, "USD", "nearly US$260 million"),
        ("pledged €1.2bn", 1.2e9, "EUR", "€1.2bn"),
        ("lent 5 billion rubles", 5e9, "RUB", "5 billion rubles"),
        ("about £40m", 4e7, "GBP", "about £40m"),
        ("300 million yuan in credit", 3e8, "CNY", "300 million yuan"),
    ],
)
def test_money_pattern_normalizes_amount_and_currency(
    text: str, amount: float, currency: str, span: str
) -> None:
    match = _money_pattern().search(text)
    assert match is not None
    money = _to_money(match)
    assert money is not None
    assert (money.amount, money.currency, money.text) == (pytest.approx(amount), currency, span)


def test_money_pattern_ignores_plain_numbers() -> None:
    assert _money_pattern().search("some 200 tons of rice") is None


@pytest.mark.parametrize(
    ("expression", "future", "expected", "precision"),
    [
        ("yesterday", False, "2024-03-13", "day"),
        ("on Monday", False, "2024-03-11", "day"),
        ("on Monday", True, "2024-03-18", "day"),
        ("on Thursday", False, "2024-03-14", "day"),
        ("last Thursday", False, "2024-03-07", "day"),
        ("earlier this year", False, "2024-01-01", "year"),
        ("last year", False, "2023-01-01", "year"),
        ("next month", True, "2024-04-01", "month"),
        ("late last month", False, "2024-02-01", "month"),
        ("since 2020", False, "2020-01-01", "year"),
        ("in 1962", False, "1962-01-01", "year"),
        ("in October", False, "2023-10-01", "month"),
        ("in October", True, "2024-10-01", "month"),
        ("on 14 October", False, "2023-10-14", "day"),
        ("October 14, 2021", False, "2021-10-14", "day"),
        ("2021-10-14", False, "2021-10-14", "day"),
        ("three days ago", False, "2024-03-11", "day"),
        ("the 1990s", False, "1990-01-01", "year"),
    ],
)
def test_resolve_relative_and_absolute_expressions(
    expression: str, future: bool, expected: str, precision: str
) -> None:
    resolved = resolve(expression, BASE, future)
    assert resolved is not None
    assert (resolved.day.isoformat(), resolved.precision) == (expected, precision)


def test_resolve_never_invents_day_or_month() -> None:
    month_only = resolve("in May 2019", BASE, False)
    assert month_only is not None and month_only.precision == "month"
    assert resolve("may", BASE, False) is None  # the modal verb, not the month
    assert resolve("yesterday", None, False) is None  # relative needs the article date


def test_shift_moves_by_calendar_units() -> None:
    assert shift(date(2024, 1, 31), "month", -2) == date(2023, 11, 1)
    assert shift(BASE, "week", -1) == date(2024, 3, 4)
    assert shift(BASE, "year", 1) == date(2025, 1, 1)


def test_parse_published_needs_a_full_date() -> None:
    assert parse_published("2024-03-14T08:00:00Z") == BASE
    assert parse_published("2024-03") is None
    assert parse_published(None) is None
