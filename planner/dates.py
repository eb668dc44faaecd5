"""Dates for people, through Babel: "5 minutes ago", "30 June 2030", "5 March 2025 at 14:07 UTC".

Pure functions: each takes the reader's locale and time zone (accounts/preferences.py),
defaulting to the ones below for visitors. Stored moments are naive UTC (see database.utcnow).
"""

from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache

from babel import Locale
from babel import dates as babel_dates

DEFAULT_LOCALE = "en_GB"  # day before month, 24-hour clock: how the pages have always read
DEFAULT_TIMEZONE: tzinfo = UTC
# Under a minute (or a clock running a little ahead) reads as CLDR's "now", not "12 seconds ago".
_NOW_SECONDS = 60


def as_utc(moment: datetime) -> datetime:
    """A stored moment (naive UTC) as an aware one; aware moments are left as they are."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def relative_time(then: datetime, now: datetime, *, locale: str = DEFAULT_LOCALE) -> str:
    """How long ago then was, in words: "now", "3 minutes ago", "1 week ago", "2 years ago"."""
    elapsed = as_utc(now) - as_utc(then)
    if elapsed.total_seconds() < _NOW_SECONDS:
        return babel_dates.get_relative_name("second", 0, locale=locale) or ""
    # threshold=1: a unit is used only once a whole one has passed ("23 hours", not "1 day").
    return babel_dates.format_timedelta(-elapsed, threshold=1, add_direction=True, locale=locale)


def local_day(moment: datetime, zone: tzinfo = DEFAULT_TIMEZONE) -> date:
    """The calendar day a stored moment (naive UTC) falls on in zone."""
    return as_utc(moment).astimezone(zone).date()


def day_start(day: date, zone: tzinfo = DEFAULT_TIMEZONE) -> datetime:
    """The stored moment (naive UTC) at which a calendar day begins in zone."""
    return datetime.combine(day, time(), zone).astimezone(UTC).replace(tzinfo=None)


def long_date(day: date, *, locale: str = DEFAULT_LOCALE, zone: tzinfo = DEFAULT_TIMEZONE) -> str:
    """A calendar date as people write it: "30 June 2030"."""
    if isinstance(day, datetime):
        day = local_day(day, zone)
    return babel_dates.format_date(day, "long", locale=locale)


def short_date(
    day: date,
    *,
    today: date | None = None,
    locale: str = DEFAULT_LOCALE,
    zone: tzinfo = DEFAULT_TIMEZONE,
) -> str:
    """A date in few letters: "3 Dec" within today's year, "3 Dec 2025" outside it."""
    if isinstance(day, datetime):
        day = local_day(day, zone)
    today = today or datetime.now(zone).date()
    pattern = "d MMM" if day.year == today.year else "d MMM y"
    return babel_dates.format_date(day, pattern, locale=locale)


def day_label(day: date, *, locale: str = DEFAULT_LOCALE) -> str:
    """A day with its year in few letters, in the locale's order: "3 Dec 2026", "Dec 3, 2026"."""
    return babel_dates.format_skeleton("yMMMd", day, locale=locale)


def month_label(day: date, *, locale: str = DEFAULT_LOCALE) -> str:
    """The month a day falls in, with its year: "Dec 2026"."""
    return babel_dates.format_skeleton("yMMM", day, locale=locale)


def month_abbreviation(day: date, *, locale: str = DEFAULT_LOCALE) -> str:
    """The month a day falls in, in few letters and standing alone: "Dec"."""
    return babel_dates.format_date(day, "LLL", locale=locale)


@lru_cache(maxsize=64)
def first_weekday(locale: str = DEFAULT_LOCALE) -> int:
    """The day a week starts on where the locale is read: 0 for Monday ... 6 for Sunday."""
    return Locale.parse(locale).first_week_day


def exact_time(
    moment: datetime, *, locale: str = DEFAULT_LOCALE, zone: tzinfo = DEFAULT_TIMEZONE
) -> str:
    """A moment with its date, minute and zone: "5 March 2025 at 14:07 UTC"."""
    return babel_dates.format_datetime(
        as_utc(moment), _exact_pattern(locale), tzinfo=zone, locale=locale
    )


@lru_cache(maxsize=64)  # one pattern per locale, built from the locale data once
def _exact_pattern(locale: str) -> str:
    """The locale's long date and short time, joined as it joins them ("{1} 'at' {0}")."""
    parsed = Locale.parse(locale)
    joins = parsed.datetime_formats_relative or parsed.datetime_formats
    join = str(joins.get("long") or parsed.datetime_formats["long"])
    # CLDR has no "short time with its zone", so the zone follows the short time.
    time = parsed.time_formats["short"].pattern + " z"
    return join.replace("{1}", parsed.date_formats["long"].pattern).replace("{0}", time)


def iso_time(moment: date) -> str:
    """A date or stored UTC moment for a datetime attribute: "2025-03-05T14:07:30Z"."""
    if not isinstance(moment, datetime):
        return moment.isoformat()
    return as_utc(moment).astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
