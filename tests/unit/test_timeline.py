"""How each kind of change reads in the history, which edits count, and time in words."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.roadmaps import timeline as t
from planner.roadmaps.progress import Tally, summarize, summarize_counts


@pytest.mark.parametrize(
    ("kind", "field", "old", "new", "track", "line"),
    [
        (t.ADDED, None, None, "todo", "custom", "Added to My own milestones"),
        (t.DELETED, None, "done", None, "micro-jobs", "Deleted from Micro jobs"),
        (t.STATUS, "status", "todo", "done", "custom", "Status changed from To do to Done"),
        (t.STATUS, "status", "doing", "skipped", "custom",
         "Status changed from In progress to Skipped"),
        (t.MOVED, t.POSITION, "3", "2", "freelancing",
         "Moved from place 3 to place 2 in Freelancing"),
        (t.MOVED, t.TRACK, "custom", "micro-jobs", "micro-jobs",
         "Moved from My own milestones to Micro jobs"),
        (t.EDITED, t.TITLE, "Old", "New", "custom", "Title changed from “Old” to “New”"),
        (t.EDITED, t.TARGET_DATE, None, "2030-06-30", "custom",
         "Target date set to 30 June 2030"),
        (t.EDITED, t.TARGET_DATE, "2030-06-30", None, "custom",
         "Target date removed (it was 30 June 2030)"),
        (t.EDITED, t.EVIDENCE_URL, "https://a.example", "https://b.example", "custom",
         "Evidence link changed from “https://a.example” to “https://b.example”"),
        (t.EDITED, t.NOTES, None, "Line one\nline two", "custom",
         "Notes set to “Line one line two”"),
        (t.TIME, t.MINUTES, "30", "105", "custom", "Logged 1 h 15 min (1 h 45 min in all)"),
    ],
)
def test_each_kind_reads_as_a_sentence(kind, field, old, new, track, line):
    assert t.describe(kind, field, old, new, track) == line


def test_dates_read_in_the_readers_locale():
    line = t.describe(t.EDITED, t.TARGET_DATE, None, "2030-06-30", "custom", locale="en_US")
    assert line == "Target date set to June 30, 2030"


def test_long_values_are_cut_short():
    line = t.describe(t.EDITED, t.NOTES, None, "x" * 500, "custom")
    assert len(line) < 120 and line.endswith("…”")


def test_only_changed_fields_count_and_dates_are_kept_as_text():
    before = {"title": "A", "notes": "", "target_date": None, "evidence_url": None}
    after = {"title": "A", "notes": "", "target_date": date(2030, 6, 30),
             "evidence_url": "https://x.example"}
    assert t.changed_fields(before, after) == [
        ("target_date", None, "2030-06-30"), ("evidence_url", None, "https://x.example")]
    assert t.changed_fields(after, after) == []


def test_empty_text_and_none_are_the_same_value():
    assert t.changed_fields({"notes": ""}, {"notes": None}) == []


@pytest.mark.parametrize(("minutes", "words"), [(0, "0 min"), (45, "45 min"), (60, "1 h"),
                                                (135, "2 h 15 min"), (60_000, "1,000 h")])
def test_format_minutes(minutes, words):
    assert t.format_minutes(minutes) == words


@given(st.integers(min_value=0, max_value=10**7))
def test_format_minutes_keeps_every_minute(minutes):
    words = t.format_minutes(minutes).replace(",", "").split()
    hours = int(words[0]) if words[1] == "h" else 0
    rest = int(words[-2]) if words[-1] == "min" else 0
    assert hours * 60 + rest == minutes


def test_time_logged_is_summed_per_track_and_shown_beside_the_figures():
    progress = summarize([("custom", "done", 30), ("custom", "todo", 45),
                          ("micro-jobs", "todo", 0)])
    assert progress.track("custom").minutes == 75
    assert progress.overall.minutes == 75
    assert progress.track("custom").summary.endswith(" · 1 h 15 min spent")
    assert "spent" not in progress.track("micro-jobs").summary
    rows = [("custom", "done", 1, 30), ("custom", "todo", 1, 45), ("micro-jobs", "todo", 1, 0)]
    assert summarize_counts(rows) == progress
    assert summarize([("custom", "done")]).overall == Tally(done=1)
