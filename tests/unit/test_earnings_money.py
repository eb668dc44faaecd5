"""Amounts typed by people become exact minor units, or a message saying how to fix them."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.earnings import money
from planner.params import MAX_ID


@pytest.mark.parametrize(
    ("typed", "currency", "minor"),
    [
        ("1500", "PKR", 150000),
        ("1,500.50", "PKR", 150050),
        ("12.5", "USD", 1250),
        (" 0.01 ", "USD", 1),
        ("1 000", "EUR", 100000),
        ("500", "JPY", 500),
        ("1000000", "USD", 100000000),
    ],
)
def test_amounts_become_minor_units(typed, currency, minor):
    assert money.parse_amount(typed, currency) == minor


@pytest.mark.parametrize(
    ("typed", "currency", "message"),
    [
        ("", "USD", "Enter an amount"),
        ("-5", "USD", "without a minus sign"),
        ("0", "USD", "above zero"),
        ("0.00", "USD", "above zero"),
        ("1.234", "USD", "at most 2 decimals"),
        ("1.5", "JPY", "no decimals"),
        ("1e3", "USD", "in digits"),
        ("12..5", "USD", "in digits"),
        ("NaN", "USD", "in digits"),
        ("١٢", "USD", "in digits"),
        ("$12", "USD", "in digits"),
        ("1000000.01", "USD", "at most 1,000,000 USD"),
        ("9" * 400, "USD", "at most 1,000,000 USD"),
        # Four decimals: a million would overflow PostgreSQL's integer column.
        ("1000000", "CLF", "at most 214,748.3647 CLF"),
        ("214748.3648", "UYW", "at most 214,748.3647 UYW"),
    ],
)
def test_bad_amounts_say_how_to_fix_them(typed, currency, message):
    with pytest.raises(money.AmountError, match=message):
        money.parse_amount(typed, currency)


@given(st.integers(min_value=1, max_value=money.max_minor("PKR")),
       st.sampled_from(["PKR", "USD", "JPY", "KWD"]))
def test_an_amount_shown_in_a_form_reads_back_exactly(minor, currency):
    minor = min(minor, money.max_minor(currency))
    assert money.parse_amount(money.plain(minor, currency), currency) == minor
    assert money.to_major(minor, currency) == Decimal(minor).scaleb(-money.precision(currency))


def test_no_amount_overflows_an_integer_column_in_any_currency():
    assert max(money.max_minor(code) for code in money.currencies()) == MAX_ID
    assert money.max_minor("USD") == 100_000_000  # a million, where it fits
    assert money.parse_amount("214748.3647", "CLF") == MAX_ID


def test_formatting_follows_babel_and_totals_stay_apart():
    assert money.format_money(150000, "PKR", locale="en_PK") == "Rs1,500.00"
    assert money.format_money(1250, "USD", locale="en_US") == "$12.50"
    assert money.format_totals([("USD", 300), ("PKR", 150000)]) == "PKR1,500.00 · US$3.00"
    assert money.format_totals([]) == "nothing"


def test_currencies_are_iso_codes():
    assert money.is_currency("PKR") and money.is_currency("USD")
    assert not money.is_currency("pkr") and not money.is_currency("XYZ")
    assert not money.is_currency("") and not money.is_currency(None)
