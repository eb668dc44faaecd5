"""Every kind of bad import file gets a 4xx naming where the problem is, never a 500, and
nothing of it is saved."""

import html
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.roadmaps import rules
from tests.support.portability import FORMAT, counts, document, milestone, roadmap, upload
from tests.support.roadmaps import text

NOTHING = {"roadmaps": 0, "milestones": 0, "entries": 0, "cash_outs": 0, "spending": 0}


@pytest.fixture
def app_config(app_config):
    """Hundreds of uploads from one account: the import's hourly limit is tested elsewhere."""
    return {**app_config, "IMPORT_LIMIT": "100000 per hour"}


def message(response) -> str:
    """The message beside the file field, without the "Nothing was imported." opening."""
    found = re.search(r'<small id="import-file-error"[^>]*>([^<]*)</small>', text(response))
    assert found, text(response)[:2000]
    return html.unescape(found.group(1)).removeprefix("Nothing was imported. ")


@pytest.fixture
def send(app, owner, post):
    """send(raw): upload raw with htmx; assert a 422 that saved nothing; return the message."""

    def go(raw, status: int = 422) -> str:
        response = upload(post, raw, htmx=True)
        assert response.status_code == status, text(response)[:2000]
        assert counts(app, owner.id) == NOTHING
        return message(response)

    return go


# --- the bytes and the JSON -----------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    (b"\xff\xfe{\x00}\x00", "The file is not UTF-8 text: byte 1 cannot be read."),
    (b'{"format": "caf\xe9"}', "The file is not UTF-8 text: byte 16 cannot be read."),
    (b"", "The file is empty. Choose the .json file you exported."),
    (b"  \n ", "The file is empty."),
    (b'{"format": "learning-path-planner",\n "version": 1,\n "roadmaps": [}\n',
     "The file is not valid JSON: Expecting value at line 3, column 15."),
    (b'{"a": "b\x00c"}', "Invalid control character at line 1, column 9."),
    (b'{"a": 1} {"b": 2}', "Extra data at line 1, column 10."),
    (b'{"version": NaN}', "The file is not valid JSON: NaN is not a JSON value."),
    (b'{"version": -Infinity}', "-Infinity is not a JSON value."),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "nested too deeply"),
    (b"[1, 2, 3]", "it must hold one JSON object {...} at the top."),
    (b'"learning-path-planner"', "it must hold one JSON object"),
    (b"null", "it must hold one JSON object"),
    (b"12", "it must hold one JSON object"),
    (b'{"format": "learning-path-planner", "format": "x", "version": 1}',
     "the key “format” appears more than once"),
    (b"{}", "format: must be “learning-path-planner”: this file is not a data export"),
    (b'{"format": "learning-path-planner"}', "version: must be a whole number, not null"),
    (b'{"format": "learning-path-planner", "version": 2}',
     "version: is 2: the file was made by a newer version of the app"),
    (b'{"format": "learning-path-planner", "version": 0}', "version: must be from 1 to 1"),
    (b'{"format": "learning-path-planner", "version": ' + b"9" * 5000 + b"}",
     "version: is far too large"),
    (b'{"format": "learning-path-planner", "version": 1.0}',
     "version: must be a whole number, not a number with decimals"),
    (b'{"format": "learning-path-planner", "version": 1e999}', "version: must be a whole"),
    (b'{"format": "learning-path-planner", "version": true}', "version: must be a whole number"),
    # Half a character in a key: the message names the key as JSON writes it.
    (b'{"format": "learning-path-planner", "version": 1, "\\ud800": 1, "\\ud800": 2}',
     "the key “\\ud800” appears more than once"),
    (b'{"format": "learning-path-planner", "version": 1, "roadmaps": [{"name": "x", '
     b'"milestones": [], "\\udfff\\u202e": 1}]}',
     "roadmaps[0].\\udfff\\u202e: is not a field this format knows"),
])
def test_files_that_are_not_an_export(send, raw, expected):
    assert expected in send(raw)


def test_a_byte_order_mark_is_allowed(app, owner, post):
    raw = "\ufeff" + json.dumps(document(roadmap(milestone())))
    assert upload(post, raw).status_code == 303
    assert counts(app, owner.id)["milestones"] == 1


def test_a_huge_number_anywhere_is_refused_where_it_matters(send):
    raw = json.dumps(document(earnings={"entries": [{
        "day": "2026-01-01", "platform": "P", "kind": "other", "amount": 7,
        "currency": "USD"}]}))
    # More digits than Python converts by default, in a section that is imported...
    raw = raw.replace('"amount": 7', '"amount": ' + "9" * 4500)
    # ...and in one that is not: there it harms nothing.
    raw = raw.replace('"version": 1', '"version": 1, "account": {"x": ' + "8" * 9000 + "}")
    assert send(raw) == ("earnings.entries[0].amount: is far too large; at most "
                         "100,000,000 is allowed")


# --- the fields -----------------------------------------------------------------------


ROADMAP_PROBLEMS = [
    (document(roadmap(name="")), "roadmaps[0].name: must not be empty"),
    (document(roadmap(name="   ")), "roadmaps[0].name: must not be empty"),
    (document(roadmap(name=7)), "roadmaps[0].name: must be text in quotes, not a whole number"),
    (document(roadmap(name="n" * (rules.NAME_MAX + 1))),
     "roadmaps[0].name: is 101 characters long; at most 100 are allowed"),
    (document(roadmap(name="a\u0000b")), "roadmaps[0].name: contains the control character U+0000"),
    (document(roadmap(name="a\ud800b")), "roadmaps[0].name: contains half of a character"),
    (document(roadmap(template="fancy")),
     "roadmaps[0].template: must be one of recommended, micro-jobs, freelancing, empty"),
    (document(roadmap(colour="red")), "roadmaps[0].colour: is not a field this format knows"),
    (document({"milestones": []}), "roadmaps[0].name: is missing"),
    (document("plan"), "roadmaps[0]: must be an object {...}, not text"),
    ({**FORMAT, "roadmaps": {"name": "x"}}, "roadmaps: must be a list [...], not an object"),
    (document(*[roadmap()] * (rules.IMPORT_ROADMAPS_MAX + 1)),
     "roadmaps: holds 51 entries; at most 50 can be imported"),
    (document(roadmap(*[milestone()] * (rules.MILESTONES_MAX + 1))),
     "roadmaps[0].milestones: holds 201 entries; at most 200 can be imported"),
    (document(roadmap(id=0)), "roadmaps[0].id: must be from 1 to 2,147,483,647, not 0"),
    (document(roadmap(created_at="yesterday")),
     "roadmaps[0].created_at: must be a time written like 2025-03-05T14:07:30Z"),
    (document(roadmap(created_at="9999-12-31T23:59:59Z")),
     "roadmaps[0].created_at: must be in the years 2000 to 2100"),
]

MILESTONE_PROBLEMS = [
    ({"status": "finished"}, "status: must be one of todo, doing, done, skipped, not “finished”"),
    ({"status": None}, "status: must be one of todo, doing, done, skipped, not null"),
    ({"track": "design"}, "track: must be one of micro-jobs, freelancing, custom"),
    ({"title": "t" * (rules.TITLE_MAX + 1)}, "title: is 201 characters long"),
    ({"title": "line\nbreak"}, "title: contains the control character U+000A"),
    ({"notes": "n" * (rules.NOTES_MAX + 1)}, "notes: is 5,001 characters long"),
    ({"notes": "bell\u0007"}, "notes: contains the control character U+0007"),
    ({"notes": ["a list"]}, "notes: must be text in quotes, not a list"),
    ({"target_date": "30/06/2030"}, "target_date: must be a date written YYYY-MM-DD"),
    ({"target_date": "2030-02-30"}, "target_date: 2030-02-30 is not a day of the calendar"),
    ({"target_date": "20300630"}, "target_date: must be a date written YYYY-MM-DD"),
    ({"target_date": "1999-12-31"}, "target_date: must be in the years 2000 to 2100"),
    ({"done_at": "2026-13-01T00:00:00Z"}, "done_at: 2026-13-01T00:00:00Z is not a moment"),
    ({"done_at": 1767225600}, "done_at: must be a time written like"),
    # Moments at the calendar's ends cannot be shown in every time zone.
    ({"done_at": "9999-12-31T23:59:59Z"}, "done_at: must be in the years 2000 to 2100"),
    ({"created_at": "0001-01-01T00:00:00Z"}, "created_at: must be in the years 2000 to 2100"),
    ({"status_changed_at": "2100-12-31T23:00:00-05:00"},
     "status_changed_at: must be in the years 2000 to 2100"),
    ({"evidence_url": "javascript:alert(1)"},
     "evidence_url: must be a web address starting with http:// or https://"),
    ({"evidence_url": "http://[::1"}, "evidence_url: must be a web address"),
    ({"evidence_url": "https://x.org/" + "a" * rules.URL_MAX}, "evidence_url: is 514 characters"),
    ({"step_key": "register"}, "step_key: must be null: only milestones of a guide's track"),
    ({"track": "micro-jobs", "step_key": "no-such-step"},
     "step_key: “no-such-step” is not a step of the Micro jobs guide"),
    ({"priority": 1}, "priority: is not a field this format knows"),
]


@pytest.mark.parametrize(("raw", "expected"), ROADMAP_PROBLEMS)
def test_roadmap_fields_are_checked(send, raw, expected):
    assert send(raw).startswith(expected)


@pytest.mark.parametrize(("fields", "expected"), MILESTONE_PROBLEMS)
def test_milestone_fields_are_checked(send, fields, expected):
    raw = document(roadmap(milestone(), milestone(**fields)))
    assert send(raw).startswith("roadmaps[0].milestones[1]." + expected)


def test_a_missing_milestone_field_is_named(send):
    raw = document(roadmap({"title": "Only a title", "track": "custom"}))
    assert send(raw) == "roadmaps[0].milestones[0].status: is missing"


def test_a_guide_step_comes_once_per_roadmap(send):
    step = milestone(track="micro-jobs", step_key="register")
    raw = document(roadmap(step, milestone(), step))
    assert send(raw) == ("roadmaps[0].milestones[2].step_key: the step “register” is already "
                         "in this roadmap at roadmaps[0].milestones[0]")


EARNINGS_PROBLEMS = [
    ({"entries": [{"day": "2026-01-01", "platform": "P", "kind": "other", "amount": 0,
                   "currency": "USD"}]},
     "earnings.entries[0].amount: must be from 1 to 100,000,000, not 0"),
    ({"entries": [{"day": "2026-01-01", "platform": "P", "kind": "other", "amount": -5,
                   "currency": "USD"}]}, "earnings.entries[0].amount: must be from 1"),
    ({"entries": [{"day": "2026-01-01", "platform": "P", "kind": "other", "amount": 12.5,
                   "currency": "USD"}]},
     "earnings.entries[0].amount: must be a whole number, not a number with decimals"),
    ({"entries": [{"day": "2026-01-01", "platform": "P", "kind": "other", "amount": 1,
                   "currency": "usd"}]}, "earnings.entries[0].currency: must be a three-letter"),
    ({"entries": [{"day": "2026-01-01", "platform": "P", "kind": "mining", "amount": 1,
                   "currency": "USD"}]}, "earnings.entries[0].kind: must be one of data-entry"),
    ({"entries": [{"day": "2026-01-01", "platform": "P", "kind": "other", "amount": 1,
                   "currency": "USD", "minutes": 1441}]},
     "earnings.entries[0].minutes: must be from 1 to 1,440"),
    ({"cash_outs": [{"day": "2026-01-01", "platform": "P", "destination": "bank",
                     "amount": 100, "currency": "USD", "fund_share": 101}]},
     "earnings.cash_outs[0].fund_share: must be from 0 to 100, not 101"),
    ({"settings": {"currency": "PKR", "fund_percent": 101}},
     "earnings.settings.fund_percent: must be from 0 to 100"),
    ({"settings": {"currency": "PKR", "fund_percent": 10, "goal_amount": 5}},
     "earnings.settings.goal_currency: must be a three-letter ISO 4217 code"),
    ({"rates": []}, "earnings.rates: is not a field this format knows"),
    ({"entries": [{"day": "2026-01-01", "platform": "P", "kind": "other", "amount": 1,
                   "currency": "USD", "created_at": "0001-01-01T00:00:00Z"}]},
     "earnings.entries[0].created_at: must be in the years 2000 to 2100"),
    # A million CLF in ten-thousandths would not fit PostgreSQL's integer column, but CLF
    # is a unit of account, not money in use, so it is refused before that.
    ({"entries": [{"day": "2026-01-01", "platform": "P", "kind": "other",
                   "amount": 2**31, "currency": "CLF"}]},
     "earnings.entries[0].currency: must be a three-letter ISO 4217 code"),
    ({"entries": [{"day": "2026-01-01", "platform": "P", "kind": "other",
                   "amount": 10**9 + 1, "currency": "KWD"}]},
     "earnings.entries[0].amount: must be from 1 to 1,000,000,000"),
]


@pytest.mark.parametrize(("earnings", "expected"), EARNINGS_PROBLEMS)
def test_earnings_fields_are_checked(send, earnings, expected):
    assert send(document(roadmap(milestone()), earnings=earnings)).startswith(expected)


def test_sections_the_import_does_not_recreate_are_ignored(app, owner, post):
    raw = document(roadmap(milestone()), comments="anything", history=[{"x": 1}],
                   account={"username": "someone"})
    assert upload(post, raw).status_code == 303
    assert counts(app, owner.id)["milestones"] == 1


# --- anything at all ------------------------------------------------------------------


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
fields = st.sampled_from(["name", "title", "track", "status", "notes", "target_date",
                          "evidence_url", "step_key", "done_at", "milestones", "template"])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_any_bytes_get_an_answer_never_a_500(post, owner, raw):
    assert upload(post, raw, htmx=True).status_code in (303, 200, 422)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(["roadmap", "milestone"]), field=fields, value=json_values)
def test_any_value_in_any_field_is_saved_whole_or_refused(post, owner, where, field, value):
    if where == "roadmap":
        raw = document(roadmap(milestone(), **{field: value}))
    else:
        raw = document(roadmap(milestone(**{field: value})))
    response = upload(post, json.dumps(raw), htmx=True)
    assert response.status_code in (200, 422), text(response)[:1000]
