"""Week and month totals, earnings per hour, the weekly chart and the goal's estimated date."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.earnings import pace
from planner.earnings.pace import Row

TODAY = date(2026, 3, 18)  # a Wednesday


def row(day, amount, currency="PKR", kind="data-entry", minutes=0, platform="A"):
    return Row(day, platform, kind, currency, amount, amount if minutes else 0, minutes)


def test_week_and_month_totals_are_per_currency():
    rows = [row(date(2026, 3, 16), 1000), row(date(2026, 3, 18), 500, "USD"),
            row(date(2026, 3, 15), 200), row(date(2026, 2, 28), 7000)]
    assert pace.week_start(TODAY) == date(2026, 3, 16)
    assert pace.totals(rows, pace.week_start(TODAY)) == {"PKR": 1000, "USD": 500}
    assert pace.totals(rows, TODAY.replace(day=1)) == {"PKR": 1200, "USD": 500}
    assert pace.totals(rows) == {"PKR": 8200, "USD": 500}


def test_per_hour_counts_only_timed_work_and_names_the_best_kind():
    rows = [row(TODAY, 600, minutes=30), row(TODAY, 900, kind="app-testing", minutes=30),
            row(TODAY, 5000), row(TODAY, 100, "USD", minutes=60)]
    rates = {(r.currency, r.kind): r.hourly for r in pace.hourly_rates(rows)}
    assert rates == {("PKR", None): 1500, ("USD", None): 100}
    best = {r.currency: (r.kind, r.hourly) for r in pace.best_kinds(rows)}
    assert best == {"PKR": ("app-testing", 1800), "USD": ("data-entry", 100)}
    assert pace.per_hour(100, 0) is None


def test_the_chart_has_every_week_oldest_first():
    rows = [row(TODAY, 300), row(TODAY - timedelta(weeks=2), 100), row(date(2025, 1, 1), 99)]
    weeks = pace.weekly(rows, TODAY, weeks=4)
    assert [w.start for w in weeks] == [date(2026, 2, 23), date(2026, 3, 2), date(2026, 3, 9),
                                        date(2026, 3, 16)]
    assert [w.totals for w in weeks] == [{}, {"PKR": 100}, {}, {"PKR": 300}]


@pytest.mark.parametrize(
    ("remaining", "recent", "expected"),
    [(0, 0, TODAY), (-5, 0, TODAY), (100, 0, None), (2800, 2800, TODAY + timedelta(days=28)),
     (1, 2800, TODAY + timedelta(days=1)), (2801, 2800, TODAY + timedelta(days=29))],
)
def test_the_estimate_follows_the_last_weeks_pace(remaining, recent, expected):
    assert pace.estimate(remaining, recent, TODAY) == expected


@given(st.lists(st.tuples(st.integers(min_value=0, max_value=120),
                          st.integers(min_value=1, max_value=10**8),
                          st.sampled_from(["PKR", "USD"])), max_size=40))
def test_totals_are_exact_sums(entries):
    rows = [row(TODAY - timedelta(days=d), a, c) for d, a, c in entries]
    for currency in ("PKR", "USD"):
        expected = sum(a for _, a, c in entries if c == currency)
        assert pace.totals(rows).get(currency, 0) == expected
        charted = sum(w.totals.get(currency, 0) for w in pace.weekly(rows, TODAY, weeks=20))
        assert charted == sum(a for d, a, c in entries
                              if c == currency and TODAY - timedelta(days=d) >=
                              pace.week_start(TODAY) - timedelta(weeks=19))


def test_the_chart_draws_the_main_currency_scaled_to_the_best_week():
    weeks = [pace.Week(date(2026, 3, 2), {"PKR": 500, "USD": 9}),
             pace.Week(date(2026, 3, 9), {"PKR": 1000}), pace.Week(date(2026, 3, 16), {})]
    assert pace.main_currency({"PKR": 1500, "USD": 9}) == "PKR"
    assert pace.main_currency({}) is None
    assert pace.bar_heights(weeks, "PKR", 90) == [45, 90, 0]
    assert pace.bar_heights(weeks[2:], "PKR", 90) == [0]
