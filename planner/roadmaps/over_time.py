"""Progress over time as plain values: the days milestones were done, the streak, a year's
calendar and the weekly counts of done and in progress.

Pure: stored moments (naive UTC) come in with the reader's time zone, and every day here is a
day in that zone, so a milestone done at 23:30 in Karachi counts for that Karachi day.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from planner.dates import local_day
from planner.roadmaps.rules import DOING, DONE, TODO
from planner.roadmaps.timeline import ADDED, DELETED, STATUS

# A day is shaded by how many milestones were done on it: at least this many for each step.
LEVEL_FLOORS = (0, 1, 2, 3, 5)
LEVEL_LABELS = ("none", "1", "2", "3 or 4", "5 or more")
WEEKS_MAX = 104  # the weekly chart covers at most the last two years of a roadmap's life
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Day:
    """One day of the calendar and how many milestones were done on it."""

    day: date
    count: int

    @property
    def level(self) -> int:
        """The shade of the day: 0 (nothing done) to 4."""
        return level(self.count)


@dataclass(frozen=True)
class Month:
    """One month of the calendar, as rows of seven days (None outside the month or to come)."""

    first: date
    weeks: tuple[tuple[Day | None, ...], ...]
    done: int
    active: int


@dataclass(frozen=True)
class Calendar:
    """A year of done days: the months to draw, the active days newest first, the totals."""

    months: tuple[Month, ...]
    active_days: tuple[Day, ...]
    done: int
    streak: int


@dataclass(frozen=True)
class Week:
    """Where a roadmap stood at the end of a week, and how many milestones were done in it."""

    start: date
    done: int
    doing: int
    finished: int


def done_words(count: int) -> str:
    """How many milestones were done, in words: "2 milestones done", "nothing done"."""
    if not count:
        return "nothing done"
    return f"{count:,} {'milestone' if count == 1 else 'milestones'} done"


def level(count: int) -> int:
    """The shade for a day with count milestones done: the last floor it reaches."""
    return max(i for i, floor in enumerate(LEVEL_FLOORS) if count >= floor)


def done_per_day(done: Iterable[tuple[datetime, int]], zone: tzinfo) -> dict[date, int]:
    """How many milestones were moved to done on each local day, from (moment, milestone id)
    pairs; a milestone ticked, unticked and ticked again on one day counts once."""
    seen = {(local_day(moment, zone), milestone_id) for moment, milestone_id in done}
    counts: dict[date, int] = {}
    for day, _ in seen:
        counts[day] = counts.get(day, 0) + 1
    return counts


def streak(days: Collection[date], today: date) -> int:
    """Days in a row with something done, up to today; a today with nothing done yet does not
    break a run that reached yesterday."""
    day = today if today in days else today - DAY
    count = 0
    while day in days:
        count += 1
        day -= DAY
    return count


def window_start(today: date) -> date:
    """The first day of the last twelve months: the day after the same day a year before."""
    try:
        return today.replace(year=today.year - 1) + DAY
    except ValueError:  # 29 February: a year before, the 28th was the last day of the month
        return date(today.year - 1, 3, 1)


def year_calendar(per_day: Mapping[date, int], today: date, first_weekday: int = 0) -> Calendar:
    """The calendar of the last twelve months up to today, one grid per month it touches
    (thirteen, unless it starts on a 1st), weeks starting on first_weekday."""
    start = window_start(today)
    months = []
    first = start.replace(day=1)
    while first <= today:
        following = _next_month(first)
        months.append(_month(first, following, per_day, start, today, first_weekday))
        first = following
    active = tuple(Day(day, count) for day, count in sorted(per_day.items(), reverse=True)
                   if start <= day <= today and count > 0)
    return Calendar(tuple(months), active, sum(d.count for d in active),
                    streak({d.day for d in active}, today))


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _month(first: date, following: date, per_day: Mapping[date, int], start: date,
           today: date, first_weekday: int) -> Month:
    """One month as rows of seven, padded before its 1st and after its last day; days
    outside start..today are left out (None)."""
    cells: list[Day | None] = [None] * ((first.weekday() - first_weekday) % 7)
    day = first
    while day < following:
        cells.append(Day(day, per_day.get(day, 0)) if start <= day <= today else None)
        day += DAY
    cells += [None] * (-len(cells) % 7)
    weeks = tuple(tuple(cells[i:i + 7]) for i in range(0, len(cells), 7))
    days = [cell for cell in cells if cell is not None]
    return Month(first, weeks, sum(d.count for d in days), sum(1 for d in days if d.count))


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of the week day falls in."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def weekly_counts(events: Iterable[tuple[datetime, int, str, str | None]], zone: tzinfo,
                  born: date, today: date, first_weekday: int = 0,
                  limit: int = WEEKS_MAX) -> tuple[Week, ...]:
    """Done and in progress at the end of each week from born's week to today's (the last
    limit of them), replaying (moment, milestone id, kind, new status) in the order they
    happened: added milestones start to do, deleted ones leave the count."""
    last = week_start(today, first_weekday)
    # Never after this week: a roadmap "made" later than today (an imported file's moment,
    # a clock put back) still has this week's bar, and the chart is never empty.
    first = min(week_start(born, first_weekday), last)
    status: dict[int, str] = {}
    finished: set[int] = set()
    weeks: list[Week] = []
    pending = iter(sorted(
        ((local_day(moment, zone), n, milestone_id, kind, value)
         for n, (moment, milestone_id, kind, value) in enumerate(events)),
        key=lambda event: event[:2],
    ))
    upcoming = next(pending, None)
    start = first
    while start <= last:
        end = start + timedelta(days=7)
        finished.clear()
        while upcoming is not None and upcoming[0] < end:
            _apply(status, finished, *upcoming[2:])
            upcoming = next(pending, None)
        states = list(status.values())
        weeks.append(Week(start, states.count(DONE), states.count(DOING), len(finished)))
        start = end
    return tuple(weeks[-limit:]) if limit else tuple(weeks)


def _apply(status: dict[int, str], finished: set[int], milestone_id: int, kind: str,
           value: str | None) -> None:
    """One event of the replay."""
    if kind == ADDED:
        status[milestone_id] = TODO
    elif kind == DELETED:
        status.pop(milestone_id, None)
        finished.discard(milestone_id)
    elif kind == STATUS and value:
        status[milestone_id] = value
        if value == DONE:
            finished.add(milestone_id)


# The weekly chart's drawing, in SVG user units: it scales to the width it is given.
CHART_WIDTH, CHART_HEIGHT = 320, 170
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 28, 316, 18, 146
LABEL_GAP = 30  # month labels on the time axis stay at least this far apart


@dataclass(frozen=True)
class Bar:
    """One week's bar: done at the bottom, in progress stacked on it."""

    week: Week
    x: float
    width: float
    done_y: float
    done_height: float
    doing_y: float
    doing_height: float


@dataclass(frozen=True)
class Chart:
    """The weekly chart ready to draw: bars, the value axis' ticks as (value, y), the time
    axis' labels as (x, text)."""

    bars: tuple[Bar, ...]
    ticks: tuple[tuple[int, float], ...]
    labels: tuple[tuple[float, str], ...]
    axis_max: int
    # Where the drawing lies in its viewBox.
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = PLOT_LEFT
    right: int = PLOT_RIGHT
    top: int = PLOT_TOP
    bottom: int = PLOT_BOTTOM


def nice_step(most: int) -> int:
    """A round tick step (1, 2, 5, 10, 20, 50...) giving at most four steps up to most."""
    wanted = max(1, -(-most // 4))
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= wanted:
                return step * factor
        step *= 10


def weekly_chart(weeks: tuple[Week, ...], month_label) -> Chart:
    """Lay the weeks out as stacked bars; month_label(day) names a month on the time axis."""
    most = max((w.done + w.doing for w in weeks), default=0)
    step = nice_step(most)
    axis_max = step * max(1, -(-most // step))
    height = PLOT_BOTTOM - PLOT_TOP
    slot = (PLOT_RIGHT - PLOT_LEFT) / max(len(weeks), 1)

    def y(value: float) -> float:
        return round(PLOT_BOTTOM - value * height / axis_max, 2)

    bars = []
    labels: list[tuple[float, str]] = []
    for n, week in enumerate(weeks):
        x = round(PLOT_LEFT + n * slot + slot * 0.1, 2)
        done_top, doing_top = y(week.done), y(week.done + week.doing)
        bars.append(Bar(week, x, round(slot * 0.8, 2), done_top, round(PLOT_BOTTOM - done_top, 2),
                        doing_top, round(done_top - doing_top, 2)))
        new_month = n == 0 or week.start.month != weeks[n - 1].start.month
        if new_month and (not labels or x - labels[-1][0] >= LABEL_GAP):
            labels.append((x, month_label(week.start)))
    ticks = tuple((value, y(value)) for value in range(0, axis_max + 1, step))
    return Chart(tuple(bars), ticks, tuple(labels), axis_max)
