"""Money in the reader's locale and days in the reader's time zone, on the earnings page."""

import re
from datetime import date, datetime

import pytest

from planner.accounts import preferences
from tests.support.roadmaps import text

NBSP = "\u00a0"


@pytest.fixture
def reader(make_user, auth):
    """reader(locale="en_GB", time_zone="UTC"): a signed-in user reading in that way."""

    def sign_in(locale: str = "en_GB", time_zone: str = "UTC"):
        return auth.login(make_user(username="reader", locale=locale, time_zone=time_zone))

    return sign_in


@pytest.fixture
def clock(monkeypatch):
    """clock(moment): the app's "now" (naive UTC) for the day it reckons in."""
    return lambda moment: monkeypatch.setattr(preferences, "utcnow", lambda: moment)


def figure(html: str, name: str) -> str:
    """The text of one "Is it working?" figure."""
    return re.search(rf"<dt>{name}</dt><dd>(.*?)</dd>", html, re.S).group(1).strip()


def entry(post, day: str, amount: str, currency: str = "PKR"):
    return post("/earnings/entries", {"day": day, "platform": "Clickworker", "kind": "other",
                                      "amount": amount, "currency": currency, "minutes": "60"})


@pytest.mark.parametrize(
    ("locale", "currency", "amount", "written"),
    [
        ("en_PK", "PKR", "1500", f"Rs{NBSP}1,500.00"),
        ("en_GB", "PKR", "1500", f"PKR{NBSP}1,500.00"),
        ("en_IN", "INR", "150000", "₹1,50,000.00"),
        ("en_US", "USD", "12.50", "$12.50"),
        ("en_GB", "USD", "12.50", "US$12.50"),
    ],
)
def test_every_amount_reads_in_the_readers_locale(client, post, reader, locale, currency,
                                                  amount, written):
    reader(locale)
    entry(post, "2026-03-02", amount, currency)
    post("/earnings/cash-outs", {"day": "2026-03-03", "platform": "Clickworker",
                                 "destination": "bank", "amount": amount, "currency": currency})
    html = text(client.get("/earnings"))
    assert f"Logged {written}." in html and f"Cashed out {written}." in html
    assert f"<strong>{written}</strong>" in html  # the entry's and the cash-out's rows
    assert figure(html, "Per hour") == written
    assert f"Clickworker: {written}" not in html  # cashed out whole: nothing left there
    assert html.count(written) >= 6


def test_messages_refusing_money_read_in_the_locale(client, post, reader, make_cash_out):
    user = reader("en_PK")
    make_cash_out(user)
    response = post("/earnings/fund/spend", {"day": "2026-03-06", "label": "Course",
                                             "amount": "500", "currency": "PKR"})
    assert response.status_code == 422
    assert f"The learning fund holds Rs{NBSP}200.00: spend at most that." in text(response)


def test_the_fund_and_goal_read_in_the_locale(client, post, reader):
    reader("en_IN")
    post("/earnings/fund", {"currency": "INR", "percent": "20", "goal_amount": "1,50,000"})
    post("/earnings/cash-outs", {"day": "2026-03-03", "platform": "A", "destination": "bank",
                                 "amount": "1,00,000", "currency": "INR"})
    html = text(client.get("/earnings"))
    assert "The fund holds ₹20,000.00." in html
    assert "₹20,000.00 of ₹1,50,000.00 saved (13 %)." in html


# --- the reader's day ------------------------------------------------------------------------


def test_at_2330_in_karachi_it_is_still_that_day(client, reader, clock, make_earning):
    user = reader("en_PK", "Asia/Karachi")
    clock(datetime(2026, 3, 31, 18, 30))  # 23:30 on 31 March in Karachi
    make_earning(user, day=date(2026, 3, 31), amount=30000)
    html = text(client.get("/earnings"))
    assert re.search(r'id="entry-day"[^>]*value="2026-03-31"', html)
    assert figure(html, "This month") == f"Rs{NBSP}300.00"


def test_after_midnight_in_karachi_it_is_a_new_month_though_not_in_utc(
        client, reader, clock, make_earning):
    user = reader("en_PK", "Asia/Karachi")
    clock(datetime(2026, 3, 31, 19, 30))  # 00:30 on 1 April in Karachi, 31 March in UTC
    make_earning(user, day=date(2026, 3, 31), amount=30000)
    html = text(client.get("/earnings"))
    assert re.search(r'id="entry-day"[^>]*value="2026-04-01"', html)
    assert figure(html, "This month") == "nothing"
    assert figure(html, "This week") == f"Rs{NBSP}300.00"  # Tuesday's week began on Monday


def test_at_2330_in_new_york_it_is_not_yet_the_utc_tomorrow(client, reader, clock,
                                                            make_earning):
    user = reader("en_US", "America/New_York")
    clock(datetime(2026, 4, 1, 3, 30))  # 23:30 on 31 March in New York, 1 April in UTC
    make_earning(user, day=date(2026, 3, 31), amount=1250, currency="USD")
    html = text(client.get("/earnings"))
    assert re.search(r'id="entry-day"[^>]*value="2026-03-31"', html)
    assert re.search(r'id="cash-out-day"[^>]*value="2026-03-31"', html)
    assert re.search(r'id="spend-day"[^>]*value="2026-03-31"', html)
    assert figure(html, "This month") == "$12.50"


def test_late_on_sunday_the_week_is_still_the_one_ending_that_day(client, reader, clock,
                                                                  make_earning):
    user = reader("en_US", "America/New_York")
    clock(datetime(2026, 3, 30, 3, 30))  # Sunday 29 March, 23:30 in New York; Monday in UTC
    make_earning(user, day=date(2026, 3, 23), amount=500, currency="USD")  # that Monday
    make_earning(user, day=date(2026, 3, 22), amount=100, currency="USD")  # the week before
    html = text(client.get("/earnings"))
    assert figure(html, "This week") == "$5.00"
    assert "Week of <time datetime=\"2026-03-23\">March 23, 2026</time>: $5.00" in html


def test_visitors_days_and_money_read_as_before(client, owner, clock, make_earning):
    clock(datetime(2026, 3, 31, 23, 30))  # UTC, British English: the defaults
    make_earning(owner, day=date(2026, 3, 31))
    html = text(client.get("/earnings"))
    assert re.search(r'id="entry-day"[^>]*value="2026-03-31"', html)
    assert figure(html, "This month") == f"PKR{NBSP}150.00"
