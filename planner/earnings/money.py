"""Money as whole minor units with an ISO 4217 code: parsing what people type, and formatting.

Pure functions: amounts are ints (paisa, cents), never floats; Babel knows the codes, how many
decimals each currency has and how a locale writes an amount.
"""

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, numbers
from babel.core import get_global

from planner.dates import DEFAULT_LOCALE
from planner.params import MAX_ID

# One entry above a million in any currency is a typing slip, not a day of micro jobs.
MAX_MAJOR = 1_000_000
DEFAULT_CURRENCY = "USD"
# Thousands may be grouped with commas or spaces ("1,500", "1 500", India's "1,50,000");
# a point is the only decimal mark, so "12,50" is refused rather than read as 1,250.
_GROUPED = re.compile(r"\d{1,3}(?:[, \u00a0_]\d{2,3})*[, \u00a0_]\d{3}(?:\.\d*)?", re.ASCII)
_GROUPING = re.compile(r"[, \u00a0_]")
_PLAIN = re.compile(r"\d*\.?\d*", re.ASCII)
# CLDR's currencySpacing: a symbol ending in a letter ("Rs", "PKR") is kept apart from the
# digits by a no-break space ("Rs 1,500.00"); "$" and "₹" are not. Babel leaves this out.
_SPACE = "\u00a0"


class AmountError(ValueError):
    """An amount we cannot take; the message says how to fix it."""


@lru_cache(maxsize=1)
def currencies() -> frozenset[str]:
    """The ISO 4217 codes of money in use today: legal tender somewhere.

    Not every code Babel knows: those include retired currencies (DEM, HRK), gold (XAU) and
    the codes for "no currency" (XXX) and "testing" (XTS), none of which a task pays in.
    """
    territories = get_global("territory_currencies")
    return frozenset(code for territory in territories
                     for code in numbers.get_territory_currencies(territory, tender=True))


def is_currency(code: str | None) -> bool:
    """True for a known three-letter ISO 4217 code (upper case)."""
    return bool(code) and code in currencies()


def precision(currency: str) -> int:
    """How many decimals the currency has (2 for PKR and USD, 0 for JPY)."""
    return numbers.get_currency_precision(currency)


def parse_amount(text: str | None, currency: str) -> int:
    """Minor units from what a person typed ("1,500", "12.5"), or AmountError saying why not."""
    raw = _digits_of((text or "").strip())
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise AmountError(NOT_DIGITS) from None
    places = precision(currency)
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        noun = "no decimals" if places == 0 else f"at most {places} decimals"
        raise AmountError(f"{currency} amounts have {noun}.")
    minor = int(scaled)
    if minor <= 0:
        raise AmountError("Enter an amount above zero.")
    upper = max_minor(currency)
    if minor > upper:
        most = to_major(upper, currency).normalize()
        raise AmountError(f"Enter at most {most:,f} {currency} in one entry.")
    return minor


NOT_DIGITS = "Enter the amount in digits 0-9, for example 1500 or 12.50."


def _digits_of(raw: str) -> str:
    """The amount without its grouping marks, or AmountError for anything but plain digits."""
    if not raw:
        raise AmountError("Enter an amount, for example 12.50.")
    if raw.startswith("-"):
        raise AmountError("Enter the amount without a minus sign.")
    # Other scripts' digits ("١٢٣"): Decimal() would read them, people checking ours not.
    if not raw.replace("\u00a0", " ").isascii():
        raise AmountError(NOT_DIGITS)
    if _GROUPING.search(raw):
        if not _GROUPED.fullmatch(raw):
            raise AmountError("Use a point for decimals and commas only between thousands, "
                              "for example 1,500.50.")
        raw = _GROUPING.sub("", raw)
    if not _PLAIN.fullmatch(raw) or raw in ("", "."):  # also "1e9", "NaN", "Infinity", "+5"
        raise AmountError(NOT_DIGITS)
    return raw


def max_minor(currency: str) -> int:
    """The largest amount one entry may hold, in minor units: a million, or less where a
    million would not fit the amount columns (PostgreSQL integers, as wide as an id)."""
    # A million CLF or UYW (four decimals) is 10,000,000,000 minor units.
    return min(MAX_MAJOR * 10 ** precision(currency), MAX_ID)


def to_major(minor: int, currency: str) -> Decimal:
    """Minor units as an exact Decimal of the main unit."""
    return Decimal(minor).scaleb(-precision(currency))


def plain(minor: int, currency: str) -> str:
    """An amount as a form field shows it again: "1500.00"."""
    return f"{to_major(minor, currency):f}"


def format_money(minor: int, currency: str, *, locale: str = DEFAULT_LOCALE) -> str:
    """An amount as the locale writes it: "Rs 1,500.00" in en_PK, "US$12.50" in en_GB."""
    return numbers.format_currency(to_major(minor, currency), currency,
                                   format=_pattern(currency, locale), locale=locale)


def format_totals(totals: Iterable[tuple[str, int]], *, locale: str = DEFAULT_LOCALE) -> str:
    """Totals in several currencies side by side (never converted): "PKR 1,500.00 · US$3.00"."""
    return " · ".join(format_money(v, c, locale=locale) for c, v in sorted(totals)) or "nothing"


@lru_cache(maxsize=512)
def _pattern(currency: str, locale: str) -> str:
    """The locale's currency pattern, with the space CLDR puts between a lettered symbol and
    the digits next to it ("¤#,##0.00" becomes "¤\u00a0#,##0.00" for "Rs", not for "$")."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    symbol = numbers.get_currency_symbol(currency, locale=locale)
    if not _is_symbol(symbol[-1]):
        pattern = re.sub(r"¤(?=[#0])", "¤" + _SPACE, pattern)
    if not _is_symbol(symbol[0]):
        pattern = re.sub(r"(?<=[#0])¤", _SPACE + "¤", pattern)
    return pattern


def _is_symbol(character: str) -> bool:
    """True for a Unicode symbol such as "$" or "₹" (CLDR's [:S:]), false for letters."""
    return unicodedata.category(character).startswith("S")
