"""A reader's time zone and locale: which day a moment falls on, and how dates and money read.

Every date and amount shown to a signed-in person goes through zone_of/locale_of (or the
viewer_* forms for the current request); visitors and mail without an account get the defaults.
"""

from datetime import tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from flask import has_request_context
from flask_login import current_user

from planner.dates import DEFAULT_LOCALE

DEFAULT_ZONE = "UTC"
ZONE_MAX = 64
LOCALE_MAX = 16
# English as read where our readers are: each sets the date order and how money is written
# ("Rs 1,500.00" in Pakistan, "₹1,500.00" in India).
LOCALES = {
    "en_GB": "English (United Kingdom)",
    "en_PK": "English (Pakistan)",
    "en_IN": "English (India)",
    "en_NG": "English (Nigeria)",
    "en_PH": "English (Philippines)",
    "en_US": "English (United States)",
}


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every IANA time-zone name this machine knows, sorted."""
    # "localtime" and the like name the server's own zone, never a reader's.
    return tuple(sorted(name for name in available_timezones() if "/" in name or name == "UTC"))


def is_zone(name: str | None) -> bool:
    """True for an IANA time-zone name we can use ("Asia/Karachi", "UTC")."""
    return bool(name) and name in _zone_set()


@lru_cache(maxsize=1)
def _zone_set() -> frozenset[str]:
    """zone_names as a set, for quick look-ups."""
    return frozenset(zone_names())


@lru_cache(maxsize=256)
def zone(name: str | None) -> tzinfo:
    """The zone called name, or UTC when the name is unknown (a zone removed from the data)."""
    return ZoneInfo(name) if is_zone(name) else ZoneInfo(DEFAULT_ZONE)


def zone_of(user) -> tzinfo:
    """The user's time zone."""
    return zone(getattr(user, "time_zone", None))


def locale_of(user) -> str:
    """The user's locale, as Babel names it."""
    chosen = getattr(user, "locale", None)
    return chosen if chosen in LOCALES else DEFAULT_LOCALE


def _viewer():
    """The signed-in person of this request, or None (visitors, mail, the shell)."""
    if not has_request_context():
        return None
    return current_user if getattr(current_user, "is_authenticated", False) else None


def viewer_zone() -> tzinfo:
    """The time zone the current request's reader sees dates in."""
    return zone_of(_viewer())


def viewer_locale() -> str:
    """The locale the current request's reader sees dates and amounts in."""
    return locale_of(_viewer())
