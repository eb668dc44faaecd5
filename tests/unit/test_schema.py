"""The checks an imported file's values go through, and the CSV cells a spreadsheet gets."""

import csv
import io
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import schema
from planner.dates import iso_time
from planner.portability.spreadsheet import FORMULA_STARTS, csv_text, safe_cell


def test_paths_name_keys_and_entries():
    assert schema.item(schema.child(schema.item("roadmaps", 0), "milestones"), 3) == \
        "roadmaps[0].milestones[3]"
    assert str(schema.Invalid("roadmaps[0].name", "is missing")) == "roadmaps[0].name: is missing"
    assert str(schema.Invalid("", "The file is empty.")) == "The file is empty."


@pytest.mark.parametrize(("value", "expected"), [
    ("  Learn Figma  ", "Learn Figma"), ("é ₨ 漢字", "é ₨ 漢字")])
def test_text_is_trimmed(value, expected):
    assert schema.text(value, "t", 20) == expected


@pytest.mark.parametrize(("value", "message"), [
    ("", "must not be empty"), (None, "must be text in quotes, not null"),
    ("x" * 21, "is 21 characters long; at most 20 are allowed"),
    ("a\x00", "contains the control character U\\+0000"), ("a\u0085b", r"U\+0085"),
    ("a\udfffb", "lone surrogate"), (3, "not a whole number"), (True, "not true"),
])
def test_text_refusals(value, message):
    with pytest.raises(schema.Invalid, match=message):
        schema.text(value, "t", 20)


def test_multi_line_text_keeps_line_breaks_and_tabs_only():
    assert schema.text("one\r\ntwo\tthree", "n", 50, lines=True) == "one\ntwo\tthree"
    assert schema.text(None, "n", 50, required=False, lines=True) == ""
    with pytest.raises(schema.Invalid, match=r"U\+000D"):
        schema.text("one\rtwo", "n", 50, lines=True)


def test_whole_numbers_are_ints_in_range_never_bools_or_floats():
    assert schema.whole(5, "n", 1, 5) == 5
    for value in (True, 5.0, "5", None, schema.TooLong()):
        with pytest.raises(schema.Invalid):
            schema.whole(value, "n", 0, 10)
    with pytest.raises(schema.Invalid, match="must be from 1 to 5, not 6"):
        schema.whole(6, "n", 1, 5)


def test_long_digit_strings_are_never_converted():
    assert schema.whole_number("-" + "9" * 20) == -int("9" * 20)
    assert isinstance(schema.whole_number("9" * 21), schema.TooLong)


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-03-05T14:07:30Z", datetime(2025, 3, 5, 14, 7, 30)),
    ("2025-03-05T14:07:30", datetime(2025, 3, 5, 14, 7, 30)),
    ("2025-03-05T19:07:30.5+05:00", datetime(2025, 3, 5, 14, 7, 30, 500000)),
])
def test_moments_become_naive_utc(value, expected):
    assert schema.moment(value, "m", 2000, 2100) == expected


@pytest.mark.parametrize("value", ["2025-03-05", "2025-03-05 14:07:30", "0001-01-01T00:00:00+01:00",
                                   "2025-02-30T00:00:00Z", "now", 0, "1999-12-31T23:59:59Z",
                                   "2100-12-31T20:00:00-05:00", "9999-12-31T23:59:59Z"])
def test_moment_refusals(value):
    with pytest.raises(schema.Invalid):
        schema.moment(value, "m", 2000, 2100)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31)))
def test_a_moment_reads_back_as_it_was_written(moment):
    moment = moment.replace(microsecond=0)
    assert schema.moment(iso_time(moment), "m", 2000, 2100) == moment


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_a_day_reads_back_as_it_was_written(day):
    assert schema.day(day.isoformat(), "d", 2000, 2100) == day


def test_doubled_keys_are_kept_for_the_check_to_refuse():
    value = schema.object_pairs([("a", 1), ("a", 2)])
    with pytest.raises(schema.Invalid, match="the key “a” appears more than once"):
        schema.record(value, "x", optional=("a",))
    assert schema.object_pairs([("a", 1), ("b", 2)]) == {"a": 1, "b": 2}


def test_keys_are_named_as_json_escapes_them_when_they_cannot_be_shown():
    assert schema.child("x", "café") == "x.café"
    assert schema.child("x", "\ud800\u202e") == "x.\\ud800\\u202e"


def test_counted():
    assert schema.counted(1, "roadmap") == "1 roadmap"
    assert schema.counted(1204, "earnings entry", "earnings entries") == "1,204 earnings entries"


# --- CSV cells ----------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\uff1d1"])
def test_formula_cells_are_made_plain_text(cell):
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["", "Learn Figma", "1+1", " =1", "'=1", "a=b"])
def test_other_cells_are_left_alone(cell):
    assert safe_cell(cell) == cell


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), max_size=5))
def test_no_cell_of_a_csv_starts_like_a_formula(rows):
    body = csv_text(["Title"], rows)
    assert body.startswith("\ufeff")
    read = list(csv.reader(io.StringIO(body[1:], newline="")))
    assert len(read) == len(rows) + 1
    for row in read:
        assert not any(cell.startswith(FORMULA_STARTS) for cell in row)
