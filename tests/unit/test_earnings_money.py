"""Amounts typed by people become exact minor units, or a message saying how to fix them."""

from decimal import Decimal

import pytest
from babel import numbers
from hypothesis import given
from hypothesis import strategies as st

from planner.accounts.preferences import LOCALES
from planner.earnings import money
from planner.params import MAX_ID

NBSP = "\u00a0"


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
        ("1,000,000", "USD", 100000000),
        ("1,50,000", "INR", 15000000),  # lakh grouping, as India writes it
        ("1\u00a0500", "PKR", 150000),
        ("1.", "USD", 100),
        (".5", "USD", 50),
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
        ("12.345", "PKR", "PKR amounts have at most 2 decimals"),
        ("1e3", "USD", "in digits 0-9"),
        ("1E9", "USD", "in digits 0-9"),
        ("12..5", "USD", "in digits 0-9"),
        ("NaN", "USD", "in digits 0-9"),
        ("Infinity", "USD", "in digits 0-9"),
        ("+5", "USD", "in digits 0-9"),
        ("0x10", "USD", "in digits 0-9"),
        (".", "USD", "in digits 0-9"),
        ("١٢٣", "USD", "in digits 0-9"),  # Arabic-Indic
        ("۱۲۳", "PKR", "in digits 0-9"),  # Extended Arabic-Indic, as Urdu keyboards type them
        ("\uff11\uff12", "USD", "in digits 0-9"),  # full-width
        ("$12", "USD", "in digits 0-9"),
        ("12,50", "USD", "Use a point for decimals"),  # not silently 1,250
        ("1,5,0", "USD", "Use a point for decimals"),
        ("1000,000", "USD", "Use a point for decimals"),
        (",500", "USD", "Use a point for decimals"),
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


# What Babel 2.19 itself prints for 1,500 in each offered locale: no space after a lettered
# symbol, as CLDR's currencySpacing rule is not applied.
BABEL = {
    "en_GB": ("PKR1,500.00", "₹1,500.00", "US$1,500.00"),
    "en_PK": ("Rs1,500.00", "₹1,500.00", "US$1,500.00"),
    "en_IN": ("PKR1,500.00", "₹1,500.00", "$1,500.00"),
    "en_NG": ("PKR1,500.00", "₹1,500.00", "US$1,500.00"),
    "en_PH": ("PKR1,500.00", "₹1,500.00", "$1,500.00"),
    "en_US": ("PKR1,500.00", "₹1,500.00", "$1,500.00"),
}


def test_every_offered_locale_is_pinned():
    assert set(BABEL) == set(LOCALES)


@pytest.mark.parametrize("locale", sorted(BABEL))
def test_what_babel_prints_for_pkr_inr_and_usd(locale):
    assert tuple(numbers.format_currency(Decimal("1500.00"), code, locale=locale)
                 for code in ("PKR", "INR", "USD")) == BABEL[locale]


@pytest.mark.parametrize("locale", sorted(BABEL))
def test_we_print_babel_with_cldr_spacing_after_lettered_symbols(locale):
    ours = tuple(money.format_money(150000, code, locale=locale) for code in ("PKR", "INR", "USD"))
    assert ours == tuple(text.replace("PKR", "PKR" + NBSP).replace("Rs", "Rs" + NBSP)
                         for text in BABEL[locale])


@pytest.mark.parametrize(
    ("minor", "currency", "locale", "written"),
    [
        (150000, "PKR", "en_PK", f"Rs{NBSP}1,500.00"),
        (150000, "INR", "en_IN", "₹1,500.00"),
        (1250, "USD", "en_US", "$12.50"),
        (1250, "USD", "en_GB", "US$12.50"),
        (1250, "USD", "en_IN", "$12.50"),
        (15000000, "INR", "en_IN", "₹1,50,000.00"),  # lakh grouping
        (15000000, "PKR", "en_PK", f"Rs{NBSP}150,000.00"),
        (150000, "NGN", "en_NG", "₦1,500.00"),
        (150000, "NGN", "en_GB", f"NGN{NBSP}1,500.00"),
        (150000, "PHP", "en_PH", "₱1,500.00"),
        (1500, "JPY", "en_US", "¥1,500"),
        (1, "KWD", "en_GB", f"KWD{NBSP}0.001"),
    ],
)
def test_amounts_as_each_locale_writes_them(minor, currency, locale, written):
    assert money.format_money(minor, currency, locale=locale) == written


def test_totals_stay_apart_in_the_readers_locale():
    assert money.format_totals([("USD", 300), ("PKR", 150000)]) == f"PKR{NBSP}1,500.00 · US$3.00"
    assert money.format_totals([("USD", 300), ("PKR", 150000)], locale="en_PK") == (
        f"Rs{NBSP}1,500.00 · US$3.00")
    assert money.format_totals([]) == "nothing"


def test_no_amount_overflows_an_integer_column_in_any_currency():
    assert max(money.max_minor(code) for code in money.currencies()) <= MAX_ID
    assert money.max_minor("CLF") == money.max_minor("UYW") == MAX_ID  # four decimals
    assert money.max_minor("USD") == 100_000_000  # a million, where it fits
    assert money.parse_amount("214748.3647", "CLF") == MAX_ID


@pytest.mark.parametrize("code", ["PKR", "INR", "USD", "BDT", "NGN", "PHP", "EUR", "GBP", "JPY",
                                  "KWD", "XOF", "XAF"])
def test_money_in_use_is_a_currency(code):
    assert money.is_currency(code)


@pytest.mark.parametrize(
    "code",
    ["pkr", "Pkr", "XYZ", "ABC", "", None, "PK", "PKRR",
     "XXX", "XTS",  # ISO's "no currency" and "testing" codes
     "XAU", "XAG",  # gold and silver
     "DEM", "HRK", "VEF"],  # retired
)
def test_other_codes_are_not(code):
    assert not money.is_currency(code)
