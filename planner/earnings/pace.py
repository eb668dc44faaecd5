"""Is it working? Week and month totals, earnings per hour, a weekly chart, the goal's date.

Pure functions over plain rows: every figure is per currency, never converted.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

CHART_WEEKS = 8
MINUTES_PER_HOUR = 60
# The rate is read from the last few weeks of saving, so an old burst does not set the pace.
PACE_DAYS = 28


@dataclass(frozen=True)
class Row:
    """Earnings of one day, platform, kind and currency; timed_* cover entries with minutes."""

    day: date
    platform: str
    kind: str
    currency: str
    amount: int
    timed_amount: int = 0
    minutes: int = 0


def week_start(day: date) -> date:
    """The Monday of day's week."""
    return day - timedelta(days=day.weekday())


def totals(rows: Iterable[Row], since: date | None = None) -> dict[str, int]:
    """The sum per currency of rows on or after since (all rows without since)."""
    sums: dict[str, int] = defaultdict(int)
    for row in rows:
        if since is None or row.day >= since:
            sums[row.currency] += row.amount
    return dict(sums)


def per_hour(amount: int, minutes: int) -> int | None:
    """Minor units earned per hour, rounded down; None without time logged."""
    if minutes <= 0:
        return None
    return amount * MINUTES_PER_HOUR // minutes


@dataclass(frozen=True)
class Rate:
    """Earnings per hour in one currency, overall or for one kind of task."""

    currency: str
    amount: int
    minutes: int
    kind: str | None = None

    @property
    def hourly(self) -> int:
        """Minor units per hour."""
        return per_hour(self.amount, self.minutes) or 0


def hourly_rates(rows: Iterable[Row], by_kind: bool = False) -> list[Rate]:
    """Per currency (and kind), what timed work paid per hour, best paid first."""
    sums: dict[tuple[str, str | None], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if row.minutes > 0:
            pair = sums[(row.currency, row.kind if by_kind else None)]
            pair[0] += row.timed_amount
            pair[1] += row.minutes
    rates = [Rate(c, a, m, k) for (c, k), (a, m) in sums.items()]
    return sorted(rates, key=lambda r: (r.currency, -r.hourly, r.kind or ""))


def best_kinds(rows: Iterable[Row]) -> list[Rate]:
    """For each currency, the kind of task that paid most per hour."""
    best: dict[str, Rate] = {}
    for rate in hourly_rates(rows, by_kind=True):
        best.setdefault(rate.currency, rate)
    return list(best.values())


@dataclass(frozen=True)
class Week:
    """One bar group of the weekly chart."""

    start: date
    totals: dict[str, int]


def weekly(rows: Iterable[Row], today: date, weeks: int = CHART_WEEKS) -> list[Week]:
    """The last weeks up to today's, oldest first, each with its totals per currency."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    sums: dict[date, dict[str, int]] = {first + timedelta(weeks=n): {} for n in range(weeks)}
    for row in rows:
        start = week_start(row.day)
        if start in sums:
            sums[start][row.currency] = sums[start].get(row.currency, 0) + row.amount
    return [Week(start, totals) for start, totals in sums.items()]


def main_currency(totals: dict[str, int]) -> str | None:
    """The currency with the largest total (the chart draws its bars), or None."""
    return max(sorted(totals), key=totals.__getitem__, default=None)


def bar_heights(weeks: list[Week], currency: str, tallest: int) -> list[int]:
    """Each week's bar in one currency, scaled so the best week is tallest units high."""
    values = [week.totals.get(currency, 0) for week in weeks]
    top = max(values, default=0) or 1
    return [value * tallest // top for value in values]


def estimate(remaining: int, saved_recently: int, today: date,
             days: int = PACE_DAYS) -> date | None:
    """When the goal is reached if saving goes on as over the last days; None without a pace."""
    if remaining <= 0:
        return today
    if saved_recently <= 0 or days <= 0:
        return None
    # Whole days, rounded up: remaining / (saved_recently / days) without floats.
    return today + timedelta(days=-(-remaining * days // saved_recently))
