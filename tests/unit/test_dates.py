"""Dates for people through Babel: relative, calendar and exact, in a locale and time zone."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.dates import exact_time, iso_time, long_date, relative_time

NOW = datetime(2025, 3, 5, 14, 7, 30)


@pytest.mark.parametrize(
    ("ago", "words"),
    [
        # Under a minute, or a clock a little ahead, is CLDR's "now" (the pages said "just now").
        (timedelta(seconds=5), "now"),
        (timedelta(seconds=-30), "now"),
        (timedelta(minutes=1), "1 minute ago"),
        # Babel rounds to the nearest whole unit (the pages used to floor: "3 minutes ago").
        (timedelta(minutes=3, seconds=59), "4 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=23), "23 hours ago"),
        (timedelta(days=2), "2 days ago"),
        # Weeks are one of CLDR's units (the pages went from days straight to months).
        (timedelta(days=10), "1 week ago"),
        (timedelta(days=65), "2 months ago"),
        (timedelta(days=800), "2 years ago"),
    ],
)
def test_relative_time(ago, words):
    assert relative_time(NOW - ago, NOW) == words


def test_relative_time_speaks_the_readers_language():
    assert relative_time(NOW - timedelta(days=2), NOW, locale="de") == "vor 2 Tagen"
    assert relative_time(NOW, NOW, locale="fr") == "maintenant"


def test_relative_time_compares_naive_utc_with_aware_moments():
    aware_now = NOW.replace(tzinfo=UTC)
    assert relative_time(NOW - timedelta(hours=2), aware_now) == "2 hours ago"


def test_exact_time_reads_as_the_pages_always_have():
    assert exact_time(NOW) == "5 March 2025 at 14:07 UTC"


@pytest.mark.parametrize(
    ("locale", "zone", "words"),
    [
        ("en_GB", ZoneInfo("Europe/London"), "5 March 2025 at 14:07 GMT"),
        ("en_GB", ZoneInfo("Europe/Berlin"), "5 March 2025 at 15:07 CET"),
        ("en", UTC, "March 5, 2025 at 2:07\u202fPM UTC"),  # CLDR: a narrow no-break space
        ("de", UTC, "5. März 2025 um 14:07 UTC"),
    ],
)
def test_exact_time_in_the_readers_locale_and_zone(locale, zone, words):
    assert exact_time(NOW, locale=locale, zone=zone) == words


def test_exact_time_follows_summer_time():
    summer = datetime(2025, 7, 5, 14, 7)
    assert exact_time(summer, zone=ZoneInfo("Europe/London")) == "5 July 2025 at 15:07 BST"


def test_long_date_of_a_date_and_of_a_stored_moment():
    assert long_date(date(2030, 6, 30)) == "30 June 2030"
    assert long_date(NOW) == "5 March 2025"
    assert long_date(date(2030, 6, 30), locale="fr") == "30 juin 2030"


def test_iso_time_of_moments_and_dates():
    assert iso_time(NOW) == "2025-03-05T14:07:30Z"
    assert iso_time(datetime(2025, 3, 5, 15, 7, 30, tzinfo=ZoneInfo("Europe/Berlin"))) == (
        "2025-03-05T14:07:30Z"
    )
    assert iso_time(date(2030, 6, 30)) == "2030-06-30"


def test_short_dates_name_the_year_only_outside_this_one():
    from datetime import date as day

    from planner.dates import short_date
    assert short_date(day(2026, 12, 3), today=day(2026, 1, 1)) == "3 Dec"
    assert short_date(day(2025, 12, 3), today=day(2026, 1, 1)) == "3 Dec 2025"
