"""What the roadmap page and its progress page show over time, read in the owner's time
zone: the streak, a year's calendar of done days and the weekly chart."""

from dataclasses import dataclass
from datetime import date, tzinfo
from functools import partial

from planner import dates
from planner.database import utcnow
from planner.roadmaps import history, over_time, timeline
from planner.roadmaps.models import Roadmap
from planner.roadmaps.rules import DONE


@dataclass(frozen=True)
class Streak:
    """Days in a row with a milestone done, and whether today is one of them yet."""

    days: int
    today: bool


@dataclass(frozen=True)
class OverTime:
    """The progress page: the year's calendar, the weeks of the roadmap and their chart."""

    calendar: over_time.Calendar
    weeks: tuple[over_time.Week, ...]
    chart: over_time.Chart
    today: date


def today_in(zone: tzinfo) -> date:
    """Today's date where the reader is."""
    return dates.local_day(utcnow(), zone)


def streak_of(roadmap_id: int, zone: tzinfo) -> Streak:
    """The roadmap's streak within the calendar's year (one query)."""
    today = today_in(zone)
    since = dates.day_start(over_time.window_start(today), zone)
    per_day = over_time.done_per_day(history.done_moments(roadmap_id, since), zone)
    return Streak(over_time.streak(per_day, today), today in per_day)


def over_time_of(roadmap: Roadmap, zone: tzinfo, locale: str) -> OverTime:
    """The calendar and the weekly chart of a roadmap, from one query over its history."""
    today = today_in(zone)
    first_weekday = dates.first_weekday(locale)
    events = history.lifecycle(roadmap.id)
    done = [(moment, milestone_id) for moment, milestone_id, kind, value in events
            if kind == timeline.STATUS and value == DONE]
    calendar = over_time.year_calendar(over_time.done_per_day(done, zone), today, first_weekday)
    born = dates.local_day(roadmap.created_at, zone)
    weeks = over_time.weekly_counts(events, zone, born, today, first_weekday)
    chart = over_time.weekly_chart(weeks, partial(dates.month_abbreviation, locale=locale))
    return OverTime(calendar, weeks, chart, today)
