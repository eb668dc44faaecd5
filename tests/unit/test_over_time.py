"""The streak, the year's calendar and the weekly counts: tables, time-zone edges, properties."""

from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.dates import day_start, local_day
from planner.roadmaps import over_time as ot
from planner.roadmaps.timeline import ADDED, DELETED, STATUS

KARACHI = ZoneInfo("Asia/Karachi")  # UTC+5, no daylight saving
NEW_YORK = ZoneInfo("America/New_York")  # UTC-5 or -4
UTC = ZoneInfo("UTC")
TODAY = date(2026, 12, 3)
D = timedelta(days=1)


# --- done per day, and the time-zone edge ----------------------------------------------------

def test_a_milestone_done_at_2330_local_counts_for_that_local_day():
    # 23:30 in Karachi on 3 December is 18:30 UTC the same day...
    karachi = datetime(2026, 12, 3, 18, 30)
    assert ot.done_per_day([(karachi, 1)], KARACHI) == {date(2026, 12, 3): 1}
    # ...and 23:30 in New York on 3 December is 04:30 UTC on the 4th: still the 3rd there.
    new_york = datetime(2026, 12, 4, 4, 30)
    assert ot.done_per_day([(new_york, 1)], NEW_YORK) == {date(2026, 12, 3): 1}
    assert ot.done_per_day([(new_york, 1)], UTC) == {date(2026, 12, 4): 1}


def test_the_next_local_minute_is_the_next_day():
    just_after = datetime(2026, 12, 3, 19, 0)  # 00:00 on the 4th in Karachi
    assert ot.done_per_day([(just_after, 1)], KARACHI) == {date(2026, 12, 4): 1}


def test_a_streak_that_ran_to_2330_local_yesterday_is_not_broken_by_a_quiet_morning():
    done = [(datetime(2026, 12, 1, 18, 30), 1), (datetime(2026, 12, 2, 18, 30), 2)]  # 23:30 PKT
    days = ot.done_per_day(done, KARACHI)
    assert ot.streak(days, date(2026, 12, 3)) == 2
    # Read in UTC the same moments are also on the 1st and 2nd: the zone decides, not the clock.
    assert ot.streak(ot.done_per_day(done, UTC), date(2026, 12, 3)) == 2
    assert ot.streak(ot.done_per_day(done, NEW_YORK), date(2026, 12, 3)) == 2


def test_a_milestone_ticked_twice_in_a_day_counts_once_and_two_milestones_twice():
    moment = datetime(2026, 12, 3, 9)
    done = [(moment, 1), (moment + timedelta(hours=2), 1), (moment, 2)]
    assert ot.done_per_day(done, UTC) == {date(2026, 12, 3): 2}


def test_day_start_is_the_stored_moment_of_local_midnight():
    assert day_start(date(2026, 12, 3), KARACHI) == datetime(2026, 12, 2, 19, 0)
    assert day_start(date(2026, 7, 1), NEW_YORK) == datetime(2026, 7, 1, 4, 0)
    assert local_day(day_start(date(2026, 7, 1), NEW_YORK), NEW_YORK) == date(2026, 7, 1)


# --- the streak --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        ((), 0),
        ((0,), 1),  # today only
        ((1,), 1),  # yesterday only: today has not broken it yet
        ((2,), 0),  # the day before yesterday: broken
        ((0, 1, 2), 3),
        ((1, 2, 3, 4), 4),  # up to yesterday, nothing yet today
        ((0, 1, 3, 4), 2),  # a gap ends it
        ((0, 2, 3), 1),
        ((5, 6, 7), 0),
    ],
)
def test_streak_table(offsets, expected):
    assert ot.streak({TODAY - n * D for n in offsets}, TODAY) == expected


@given(st.sets(st.integers(min_value=0, max_value=60)))
def test_the_streak_is_the_run_of_days_ending_today_or_yesterday(offsets):
    days = {TODAY - n * D for n in offsets}
    length = ot.streak(days, TODAY)
    end = TODAY if TODAY in days else TODAY - D
    assert all(end - n * D in days for n in range(length))
    assert end - length * D not in days


@given(st.sets(st.integers(min_value=0, max_value=60)), st.integers(min_value=0, max_value=60))
def test_a_day_more_never_shortens_a_streak(offsets, extra):
    days = {TODAY - n * D for n in offsets}
    assert ot.streak(days | {TODAY - extra * D}, TODAY) >= ot.streak(days, TODAY)


# --- levels ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("count", "level"),
                         [(0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (5, 4), (50, 4)])
def test_level_table(count, level):
    assert ot.level(count) == level


def test_there_are_at_most_five_shades_each_with_a_legend_label():
    assert len(ot.LEVEL_FLOORS) == len(ot.LEVEL_LABELS) <= 5


@pytest.mark.parametrize(("count", "words"), [(0, "nothing done"), (1, "1 milestone done"),
                                              (2, "2 milestones done"),
                                              (1200, "1,200 milestones done")])
def test_done_words(count, words):
    assert ot.done_words(count) == words


# --- the calendar ------------------------------------------------------------------------------

def test_the_calendar_covers_the_last_twelve_months_in_thirteen_grids():
    calendar = ot.year_calendar({}, TODAY)
    assert calendar.months[0].first == date(2025, 12, 1)
    assert calendar.months[-1].first == date(2026, 12, 1)
    drawn = [cell.day for m in calendar.months for week in m.weeks for cell in week if cell]
    assert drawn[0] == date(2025, 12, 4) and drawn[-1] == TODAY
    assert len(drawn) == 365 == len(set(drawn))


def test_a_calendar_starting_on_a_first_has_twelve_grids():
    assert len(ot.year_calendar({}, date(2026, 11, 30)).months) == 12
    assert ot.window_start(date(2026, 11, 30)) == date(2025, 12, 1)


def test_the_window_of_29_february_starts_on_1_march():
    assert ot.window_start(date(2028, 2, 29)) == date(2027, 3, 1)


def test_each_month_is_rows_of_seven_starting_on_the_weeks_first_day():
    for first_weekday in (0, 6):  # Monday (en_GB), Sunday (en_US)
        for month in ot.year_calendar({}, TODAY, first_weekday).months:
            assert all(len(week) == 7 for week in month.weeks)
            for week in month.weeks:
                for column, cell in enumerate(week):
                    if cell:
                        assert (cell.day.weekday() - first_weekday) % 7 == column


def test_calendar_counts_totals_active_days_and_streak():
    per_day = {TODAY: 2, TODAY - D: 5, TODAY - 3 * D: 1, date(2024, 1, 1): 9}
    calendar = ot.year_calendar(per_day, TODAY)
    assert [(d.day, d.count, d.level) for d in calendar.active_days] == [
        (TODAY, 2, 2), (TODAY - D, 5, 4), (TODAY - 3 * D, 1, 1)]
    assert (calendar.done, calendar.streak) == (8, 2)
    december = calendar.months[-1]
    assert (december.done, december.active) == (7, 2)  # the 30th is in November


@given(st.dictionaries(st.integers(min_value=-30, max_value=400),
                       st.integers(min_value=0, max_value=9), max_size=80),
       st.integers(min_value=0, max_value=6))
@settings(max_examples=60)
def test_the_calendar_shows_every_day_of_the_window_once_with_its_count(offsets, first_weekday):
    per_day = {TODAY - n * D: count for n, count in offsets.items()}
    calendar = ot.year_calendar(per_day, TODAY, first_weekday)
    start = ot.window_start(TODAY)
    drawn = {cell.day: cell.count for m in calendar.months for w in m.weeks for cell in w if cell}
    assert set(drawn) == {start + n * D for n in range((TODAY - start).days + 1)}
    assert all(drawn[day] == per_day.get(day, 0) for day in drawn)
    inside = {day: c for day, c in per_day.items() if start <= day <= TODAY and c}
    assert calendar.done == sum(inside.values()) == sum(m.done for m in calendar.months)
    assert len(calendar.active_days) == len(inside)


# --- the weekly counts -------------------------------------------------------------------------

MONDAY = date(2026, 11, 2)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def test_weeks_replay_added_status_and_deleted():
    events = [
        (at(MONDAY), 1, ADDED, "todo"), (at(MONDAY), 2, ADDED, "todo"),
        (at(MONDAY), 3, ADDED, "todo"),
        (at(MONDAY + D), 1, STATUS, "doing"),
        (at(MONDAY + 8 * D), 1, STATUS, "done"), (at(MONDAY + 8 * D), 2, STATUS, "doing"),
        (at(MONDAY + 15 * D), 3, STATUS, "done"), (at(MONDAY + 16 * D), 2, DELETED, None),
        (at(MONDAY + 16 * D), 4, ADDED, "todo"),
    ]
    weeks = ot.weekly_counts(events, UTC, MONDAY, MONDAY + 17 * D)
    assert [(w.start, w.done, w.doing, w.finished) for w in weeks] == [
        (MONDAY, 0, 1, 0), (MONDAY + 7 * D, 1, 1, 1), (MONDAY + 14 * D, 2, 0, 1)]


def test_a_week_boundary_follows_the_local_day():
    sunday_night_karachi = datetime(2026, 11, 8, 18, 30)  # 23:30 on Sunday 8 Nov in Karachi
    events = [(at(MONDAY), 1, ADDED, "todo"), (sunday_night_karachi, 1, STATUS, "done")]
    in_karachi = ot.weekly_counts(events, KARACHI, MONDAY, MONDAY + 7 * D)
    in_utc = ot.weekly_counts(events, UTC, MONDAY, MONDAY + 7 * D)
    assert [w.finished for w in in_karachi] == [1, 0]
    assert [w.finished for w in in_utc] == [1, 0]
    monday_morning_karachi = datetime(2026, 11, 8, 19, 30)  # 00:30 on Monday 9 Nov there
    events[1] = (monday_morning_karachi, 1, STATUS, "done")
    assert [w.finished for w in ot.weekly_counts(events, KARACHI, MONDAY, MONDAY + 7 * D)] \
        == [0, 1]


def test_only_the_last_weeks_are_kept_but_the_replay_starts_at_the_beginning():
    events = [(at(MONDAY), 1, ADDED, "todo"), (at(MONDAY), 1, STATUS, "done")]
    weeks = ot.weekly_counts(events, UTC, MONDAY, MONDAY + 70 * D, limit=3)
    assert len(weeks) == 3 and all(w.done == 1 for w in weeks)


def test_a_roadmap_made_after_today_still_charts_this_week():
    """Made "later" than today (an imported export's moment, or a clock put back): the chart
    is this week alone, never no week at all."""
    events = [(at(MONDAY + 20 * D), 1, ADDED, "todo")]
    weeks = ot.weekly_counts(events, UTC, MONDAY + 20 * D, MONDAY + 2 * D)
    assert [(w.start, w.done, w.doing) for w in weeks] == [(MONDAY, 0, 0)]


statuses = st.sampled_from(["todo", "doing", "done", "skipped"])
an_event = st.tuples(st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=6),
                     st.sampled_from([ADDED, STATUS, DELETED]), statuses)


@given(st.lists(an_event, max_size=40))
@settings(max_examples=80)
def test_the_last_week_matches_the_final_states(raw):
    events = [(at(MONDAY + n * D), mid, kind, status) for n, mid, kind, status in raw]
    weeks = ot.weekly_counts(events, UTC, MONDAY, MONDAY + 60 * D)
    final: dict[int, str] = {}
    for _, mid, kind, status in sorted(events, key=lambda e: e[0]):
        if kind == ADDED:
            final[mid] = "todo"
        elif kind == DELETED:
            final.pop(mid, None)
        else:
            final[mid] = status
    assert weeks[-1].done == list(final.values()).count("done")
    assert weeks[-1].doing == list(final.values()).count("doing")
    assert all(w.done + w.doing <= 6 for w in weeks)
    assert [w.start for w in weeks] == [MONDAY + 7 * n * D for n in range(len(weeks))]


# --- the chart ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("most", "step"), [(0, 1), (3, 1), (4, 1), (5, 2), (9, 5), (20, 5),
                                            (21, 10), (200, 50), (201, 100)])
def test_nice_step(most, step):
    assert ot.nice_step(most) == step


def test_the_chart_stacks_in_progress_on_done_within_the_plot():
    weeks = (ot.Week(MONDAY, 2, 1, 2), ot.Week(MONDAY + 7 * D, 6, 3, 4))
    chart = ot.weekly_chart(weeks, lambda day: day.strftime("%b"))
    assert chart.axis_max == 10 and [v for v, _ in chart.ticks] == [0, 5, 10]
    last = chart.bars[-1]
    assert last.done_y + last.done_height == pytest.approx(chart.bottom)
    assert last.doing_y + last.doing_height == pytest.approx(last.done_y)
    assert last.doing_y >= chart.top
    assert chart.labels == ((chart.bars[0].x, "Nov"),)


@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), min_size=1, max_size=104))
@settings(max_examples=50)
def test_every_bar_fits_the_plot_and_labels_never_crowd(pairs):
    weeks = tuple(ot.Week(MONDAY + 7 * n * D, done, doing, 0)
                  for n, (done, doing) in enumerate(pairs))
    chart = ot.weekly_chart(weeks, lambda day: day.strftime("%b"))
    assert chart.axis_max >= max(d + g for d, g in pairs)
    for bar in chart.bars:
        assert chart.top - 0.01 <= bar.doing_y <= bar.done_y <= chart.bottom + 0.01
        assert chart.left <= bar.x and bar.x + bar.width <= chart.right + 0.01
    xs = [x for x, _ in chart.labels]
    assert all(b - a >= ot.LABEL_GAP for a, b in pairwise(xs))
    assert len(chart.ticks) <= 5
