"""Money as whole minor units with an ISO 4217 code: parsing what people type, and formatting.

Pure functions: amounts are ints (paisa, cents), never floats; Babel knows the codes, how many
decimals each currency has and how a locale writes an amount.
"""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import numbers

from planner.dates import DEFAULT_LOCALE
from planner.params import MAX_ID

# One entry above a million in any currency is a typing slip, not a day of micro jobs.
MAX_MAJOR = 1_000_000
DEFAULT_CURRENCY = "USD"
_GROUPING = (",", " ", "\u00a0", "_")


class AmountError(ValueError):
    """An amount we cannot take; the message says how to fix it."""


@lru_cache(maxsize=1)
def currencies() -> frozenset[str]:
    """Every ISO 4217 code Babel knows."""
    return frozenset(numbers.list_currencies())


def is_currency(code: str | None) -> bool:
    """True for a known three-letter ISO 4217 code (upper case)."""
    return bool(code) and code in currencies()


def precision(currency: str) -> int:
    """How many decimals the currency has (2 for PKR and USD, 0 for JPY)."""
    return numbers.get_currency_precision(currency)


def parse_amount(text: str | None, currency: str) -> int:
    """Minor units from what a person typed ("1,500", "12.5"), or AmountError saying why not."""
    raw = (text or "").strip()
    for mark in _GROUPING:
        raw = raw.replace(mark, "")
    if not raw:
        raise AmountError("Enter an amount, for example 12.50.")
    if raw.startswith("-"):
        raise AmountError("Enter the amount without a minus sign.")
    if not raw.isascii() or not all(c.isdigit() or c == "." for c in raw) or raw.count(".") > 1:
        raise AmountError("Enter the amount in digits, for example 1500 or 12.50.")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise AmountError("Enter the amount in digits, for example 1500 or 12.50.") from None
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
    """An amount as the locale writes it: "PKR 1,500.00", "US$12.50"."""
    return numbers.format_currency(to_major(minor, currency), currency, locale=locale)


def format_totals(totals: Iterable[tuple[str, int]], *, locale: str = DEFAULT_LOCALE) -> str:
    """Totals in several currencies side by side (never converted): "PKR 1,500.00 · $3.00"."""
    return " · ".join(format_money(v, c, locale=locale) for c, v in sorted(totals)) or "nothing"
