"""When reminders are due, in the reader's own time zone, and what a roadmap's week says."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from planner.reminders.schedule import (
    MilestoneFacts,
    RoadmapWeek,
    Week,
    day_before_due,
    roadmap_week,
    utc_start,
    weekly_due,
)

KARACHI = ZoneInfo("Asia/Karachi")  # UTC+5
KOLKATA = ZoneInfo("Asia/Kolkata")  # UTC+5:30
UTC = ZoneInfo("UTC")
MONDAY = date(2026, 3, 9)


@pytest.mark.parametrize(("now", "zone", "due"), [
    (datetime(2026, 3, 9, 3, 0), KARACHI, MONDAY),  # 08:00 Monday in Karachi
    (datetime(2026, 3, 9, 2, 59), KARACHI, None),  # 07:59
    (datetime(2026, 3, 9, 18, 59), KARACHI, MONDAY),  # 23:59, the last minute of Monday
    (datetime(2026, 3, 9, 19, 0), KARACHI, None),  # 00:00 on Tuesday there
    (datetime(2026, 3, 9, 2, 30), KOLKATA, MONDAY),  # 08:00 in a half-hour zone
    (datetime(2026, 3, 9, 2, 15), KOLKATA, None),
    (datetime(2026, 3, 9, 3, 0), UTC, None),  # 03:00 in UTC: not yet
    (datetime(2026, 3, 8, 23, 0), ZoneInfo("Pacific/Auckland"), MONDAY),  # 12:00 Monday there
    (datetime(2026, 3, 10, 8, 0), UTC, None),  # Tuesday
])
def test_the_weekly_summary_is_due_on_monday_from_eight_local(now, zone, due):
    assert weekly_due(now, zone) == due


@pytest.mark.parametrize(("now", "due"), [
    (datetime(2026, 3, 9, 3, 0), date(2026, 3, 10)),  # Monday 08:00: Tuesday's dates
    (datetime(2026, 3, 9, 18, 50), date(2026, 3, 10)),  # Monday 23:50
    (datetime(2026, 3, 9, 19, 10), None),  # Tuesday 00:10: the day before is over
    (datetime(2026, 3, 10, 2, 59), None),  # Tuesday 07:59
    (datetime(2026, 3, 10, 3, 0), date(2026, 3, 11)),  # Tuesday 08:00: Wednesday's dates
])
def test_the_day_before_runs_from_eight_to_midnight_local(now, due):
    assert day_before_due(now, KARACHI) == due


def test_a_local_day_starts_at_local_midnight_in_utc():
    assert utc_start(MONDAY, KARACHI) == datetime(2026, 3, 8, 19, 0)
    assert utc_start(MONDAY, UTC) == datetime(2026, 3, 9, 0, 0)


def facts(n: int, **values) -> MilestoneFacts:
    """Milestone n of the micro-jobs track, open and undated unless values say otherwise."""
    base = {"id": n, "title": f"Step {n}", "track": "micro-jobs", "position": n,
            "status": "todo", "done_at": None, "target_date": None}
    return MilestoneFacts(**{**base, **values})


def test_done_last_week_follows_local_midnight():
    """23:30 on Sunday in Karachi is last week there; 00:10 on Monday is this week."""
    week = Week(MONDAY, KARACHI)
    line = roadmap_week("Plan", [
        facts(1, status="done", done_at=datetime(2026, 3, 8, 18, 30)),  # Sun 23:30 local
        facts(2, status="done", done_at=datetime(2026, 3, 8, 19, 10)),  # Mon 00:10 local
        facts(3, status="done", done_at=datetime(2026, 3, 1, 19, 5)),  # Mon 2 Mar 00:05
        facts(4, status="done", done_at=datetime(2026, 3, 1, 18, 55)),  # Sun 1 Mar 23:55
    ], week)
    assert line.done == 2


def test_next_is_the_first_open_milestone_in_roadmap_order():
    """Micro jobs before freelancing before one's own, then by position; done ones skipped."""
    week = Week(MONDAY, UTC)
    line = roadmap_week("Plan", [
        facts(9, track="custom", position=1),
        facts(8, track="freelancing", position=2, title="Build a portfolio"),
        facts(7, track="freelancing", position=1, status="done",
              done_at=datetime(2026, 1, 1)),
        facts(6, track="freelancing", position=3, status="doing"),
        facts(5, position=1, status="skipped"),
    ], week)
    assert line.next_title == "Build a portfolio"


def test_target_dates_this_week_count_open_milestones_from_monday_to_sunday():
    week = Week(MONDAY, UTC)
    line = roadmap_week("Plan", [
        facts(1, target_date=date(2026, 3, 9)),
        facts(2, target_date=date(2026, 3, 15), status="doing"),
        facts(3, target_date=date(2026, 3, 16)),  # next week
        facts(4, target_date=date(2026, 3, 8)),  # last Sunday
        facts(5, target_date=date(2026, 3, 11), status="done", done_at=datetime(2026, 1, 1)),
    ], week)
    assert line.targets == 2


@pytest.mark.parametrize(("week", "text"), [
    (RoadmapWeek("P", 2, "Build a portfolio", 1),
     "2 done last week · next: Build a portfolio · 1 target date this week"),
    (RoadmapWeek("P", 0, "Learn a skill", 0),
     "0 done last week · next: Learn a skill · no target dates this week"),
    (RoadmapWeek("P", 1, None, 3),
     "1 done last week · every milestone done · 3 target dates this week"),
])
def test_a_roadmaps_line_reads_as_a_sentence(week, text):
    assert week.line == text


def test_a_finished_roadmap_quiet_for_a_week_has_no_news():
    assert not RoadmapWeek("P", 0, None, 0).has_news
    assert RoadmapWeek("P", 1, None, 0).has_news and RoadmapWeek("P", 0, "Next", 0).has_news
