"""Every locale and zone on offer works with the data Babel and the machine have."""

from datetime import date, datetime

import pytest
from babel import Locale, numbers

from planner import dates
from planner.accounts import preferences


@pytest.mark.parametrize("code", sorted(preferences.LOCALES))
def test_every_offered_locale_writes_dates_and_money(code):
    assert Locale.parse(code)
    assert dates.long_date(date(2026, 12, 3), locale=code)
    assert dates.exact_time(datetime(2026, 12, 3, 14, 7), locale=code)
    assert numbers.format_currency(1500, "PKR", locale=code)


def test_the_default_zone_is_offered_and_unknown_names_fall_back_to_it():
    assert preferences.DEFAULT_ZONE in preferences.zone_names()
    assert preferences.is_zone("Asia/Karachi") and not preferences.is_zone("localtime")
    assert str(preferences.zone("Nowhere/Town")) == preferences.DEFAULT_ZONE


def test_a_reader_without_a_choice_gets_the_defaults():
    assert preferences.locale_of(None) == dates.DEFAULT_LOCALE
    assert preferences.locale_of(type("Reader", (), {"locale": "xx"})()) == dates.DEFAULT_LOCALE
    assert str(preferences.zone_of(None)) == preferences.DEFAULT_ZONE
