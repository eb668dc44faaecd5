"""The roadmap rules and the progress arithmetic, as plain functions without an app."""

from datetime import date
from types import SimpleNamespace

import pytest

from planner.roadmaps import rules
from planner.roadmaps.progress import Tally, summarize, summarize_counts


def test_progress_counts_each_state_per_track_and_overall():
    progress = summarize(
        [
            ("micro-jobs", "done"),
            ("micro-jobs", "done"),
            ("micro-jobs", "doing"),
            ("micro-jobs", "todo"),
            ("freelancing", "skipped"),
            ("freelancing", "todo"),
            ("custom", "done"),
        ]
    )
    assert progress.track("micro-jobs") == Tally(done=2, doing=1, skipped=0, todo=1)
    assert progress.track("freelancing") == Tally(done=0, doing=0, skipped=1, todo=1)
    assert progress.track("custom") == Tally(done=1)
    assert progress.overall == Tally(done=3, doing=1, skipped=1, todo=2)
    assert progress.overall.total == 7


def test_skipped_milestones_are_counted_apart_and_never_as_done():
    tally = summarize([("custom", "skipped"), ("custom", "skipped"), ("custom", "done")]).overall
    assert (tally.done, tally.skipped, tally.total) == (1, 2, 3)
    assert tally.percent == 33
    assert tally.summary == "1 done · 0 in progress · 2 skipped · 3 total"


def test_tracks_are_listed_in_track_order_and_only_when_they_have_milestones():
    progress = summarize([("custom", "todo"), ("micro-jobs", "todo")])
    assert [track for track, _ in progress.tracks] == ["micro-jobs", "custom"]
    assert progress.track("freelancing") == Tally()


def test_an_empty_roadmap_has_zero_everywhere_and_no_division_by_zero():
    progress = summarize([])
    assert progress.tracks == ()
    assert progress.overall.total == 0 and progress.overall.percent == 0
    assert progress.overall.summary == "0 done · 0 in progress · 0 skipped · 0 total"


def test_grouped_counts_give_the_same_answer_as_pairs():
    pairs = [("micro-jobs", "done")] * 3 + [("freelancing", "doing")] * 2
    counts = [("micro-jobs", "done", 3), ("freelancing", "doing", 2)]
    assert summarize(pairs) == summarize_counts(counts)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("elsewhere", "done", 1)], "unknown track"),
        ([("custom", "finished", 1)], "unknown status"),
    ],
)
def test_unknown_tracks_and_statuses_are_refused(rows, message):
    with pytest.raises(ValueError, match=message):
        summarize_counts(rows)


@pytest.mark.parametrize("done", [0, 1, 2, 3])
def test_percent_is_done_over_total_rounded_down(done):
    tally = Tally(done=done, todo=3 - done)
    assert tally.percent == done * 100 // 3


TODAY = date(2030, 6, 15)


@pytest.mark.parametrize(
    ("target", "status", "overdue"),
    [
        (date(2030, 6, 14), "todo", True),
        (date(2030, 6, 14), "doing", True),
        (date(2030, 6, 14), "done", False),
        (date(2030, 6, 14), "skipped", False),
        (date(2030, 6, 15), "todo", False),
        (date(2030, 6, 16), "todo", False),
        (None, "todo", False),
    ],
)
def test_only_open_milestones_past_their_date_are_overdue(target, status, overdue):
    assert rules.is_overdue(target, status, TODAY) is overdue


@pytest.mark.parametrize(
    ("requested", "count", "index"),
    [(None, 3, 4), (1, 3, 1), (2, 3, 2), (4, 3, 4), (99, 3, 4), (0, 3, 1), (-5, 3, 1), (1, 0, 1)],
)
def test_insert_positions_are_clamped_to_the_track(requested, count, index):
    assert rules.insert_index(requested, count) == index


@pytest.mark.parametrize(
    ("moving", "direction", "order"),
    [
        (2, "up", [2, 1, 3]),
        (2, "down", [1, 3, 2]),
        (1, "up", [1, 2, 3]),
        (3, "down", [1, 2, 3]),
    ],
)
def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(moving, direction, order):
    assert rules.moved([1, 2, 3], moving, direction) == order


def test_group_by_track_keeps_order_and_lists_every_track():
    tracks = ["custom", "micro-jobs", "custom"]
    items = [SimpleNamespace(track=t, n=n) for n, t in enumerate(tracks)]
    groups = dict(rules.group_by_track(items))
    assert list(groups) == list(rules.TRACKS)
    assert [i.n for i in groups["custom"]] == [0, 2]
    assert groups["freelancing"] == ()


def test_templates_follow_the_guides():
    assert rules.TEMPLATE_NAMES == ("recommended", "micro-jobs", "freelancing", "empty")
    assert rules.get_template("recommended").tracks == ("micro-jobs", "freelancing")
    assert rules.get_template("empty").tracks == ()
    assert rules.get_template("toggle") is None


def test_a_bar_has_a_done_and_an_in_progress_part():
    tally = Tally(done=1, doing=2, skipped=0, todo=3)
    assert (tally.percent, tally.done_share, tally.doing_share) == (16, 16.67, 33.33)
    assert (Tally().done_share, Tally().doing_share) == (0.0, 0.0)
