"""The path finder's rules: a decision table over every answer set, properties, the plan."""

import math
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.content import load_library
from planner.pathfinder import questions as q
from planner.pathfinder.plan import plan
from planner.pathfinder.recommend import BOTH, FREELANCING, MICRO_JOBS, PATHS, recommend

ANY = "*"
SKILLED = "skilled"
# The guide's advice as a decision table: the first row whose every column matches wins.
#  clients  skill     learn             goal            money          -> path
TABLE = [
    (q.NO,  ANY,      ANY,              ANY,            ANY,           MICRO_JOBS),
    (ANY,   q.NONE,   q.NO,             ANY,            ANY,           MICRO_JOBS),
    (ANY,   q.NONE,   ANY,              q.POCKET_MONEY, ANY,           MICRO_JOBS),
    (ANY,   SKILLED,  ANY,              q.POCKET_MONEY, q.THIS_WEEK,   MICRO_JOBS),
    (ANY,   SKILLED,  ANY,              ANY,            q.THIS_WEEK,   BOTH),
    (ANY,   SKILLED,  ANY,              ANY,            ANY,           FREELANCING),
    (ANY,   q.NONE,   q.YES,            ANY,            q.NO_RUSH,     FREELANCING),
    (ANY,   q.NONE,   ANY,              ANY,            ANY,           BOTH),
]
ALL = list(q.every_answer_set())
TODAY = date(2030, 1, 7)


def matches(cell: str, value: str) -> bool:
    """One column of the table against one answer."""
    if cell == SKILLED:
        return value != q.NONE
    return cell in (ANY, value)


def expected(a: q.Answers) -> str:
    """The path the table gives for a."""
    values = (a.clients, a.skill, a.learn, a.goal, a.money)
    for *cells, path in TABLE:
        if all(matches(c, v) for c, v in zip(cells, values, strict=True)):
            return path
    raise AssertionError(f"no row for {a}")


def test_every_combination_of_answers_is_covered():
    assert len(ALL) == len(set(ALL)) == math.prod(len(x.options) for x in q.QUESTIONS) == 1701


def test_the_recommendation_follows_the_decision_table():
    wrong = [(q.encode(a), recommend(a).path, expected(a)) for a in ALL
             if recommend(a).path != expected(a)]
    assert wrong == []


def test_every_path_is_reached():
    assert {recommend(a).path for a in ALL} == set(PATHS)


def table_rows() -> set[str]:
    """The feature names in the first column of the guide's comparison table."""
    section = load_library().get("micro-jobs-vs-freelancing").section("key-differences")
    table = next(b for b in section.blocks if b.kind == "table")
    return {row[0] for row in table.rows}


ROWS = table_rows()


answer_sets = st.builds(q.Answers, **{x.name: st.sampled_from(x.values) for x in q.QUESTIONS})


@given(answer_sets)
def test_the_advice_is_one_path_with_two_or_three_reasons_from_the_table(answers):
    result = recommend(answers)
    assert result.path in PATHS
    assert 2 <= len(result.reasons) <= 3
    assert all(r.row in ROWS and r.text.endswith(".") for r in result.reasons)
    assert len({r.row for r in result.reasons}) == len(result.reasons)


@given(answer_sets)
def test_every_change_offered_leads_where_it_says(answers):
    result = recommend(answers)
    for change in result.changes:
        assert change.path != result.path
        assert recommend(replace(answers, **dict(change.answers))).path == change.path
        assert change.text.startswith("Answer “")


def test_every_answer_set_gets_reasons_from_rows_of_the_guide_and_a_way_to_change_it():
    results = [recommend(a) for a in ALL]
    assert {r.row for result in results for r in result.reasons} <= ROWS
    assert all(2 <= len(result.reasons) <= 3 and result.changes for result in results)


# The plan -------------------------------------------------------------------------------

def steps():
    """The guides' steps as the view hands them over."""
    library = load_library()
    return {g.track: tuple((s.key, s.title) for s in g.steps) for g in library.guides if g.track}


def answers(**changes) -> q.Answers:
    base = q.Answers(skill="video-editing", money=q.THIS_WEEK, hours=q.SOME_HOURS,
                     goal=q.CAREER, clients=q.YES, learn=q.YES)
    return replace(base, **changes)


def test_a_chosen_skill_names_the_freelancing_milestones():
    made = plan(answers(), BOTH, steps(), TODAY)
    titles = [m.title for m in made.milestones if m.track == "freelancing"]
    assert "Three sample edits for your portfolio" in titles
    assert sum("video editing" in t for t in titles) >= 3
    assert made.template == "recommended"
    assert [m.step_key for m in made.milestones][:4] == [
        "register", "daily-tasks", "cash-out", "save-for-skills"]


def test_without_a_skill_the_guide_titles_stay():
    made = plan(answers(skill=q.NONE), BOTH, steps(), TODAY)
    assert [m.title for m in made.milestones] == [t for _, pairs in sorted(
        steps().items(), key=lambda kv: kv[0] != "micro-jobs") for _, t in pairs]


@pytest.mark.parametrize("path", PATHS)
def test_fewer_hours_spread_the_target_dates_further(path):
    dates = {hours: [m.target_date for m in plan(answers(hours=hours), path, steps(),
                                                     TODAY).milestones]
             for hours in (q.FEW_HOURS, q.SOME_HOURS, q.MANY_HOURS)}
    for few, some, many in zip(*dates.values(), strict=True):
        assert TODAY < many <= some <= few
    assert dates[q.FEW_HOURS][-1] > dates[q.SOME_HOURS][-1] > dates[q.MANY_HOURS][-1]


@pytest.mark.parametrize(("path", "tracks"), [
    (MICRO_JOBS, {"micro-jobs"}), (FREELANCING, {"freelancing"}),
    (BOTH, {"micro-jobs", "freelancing"}),
])
def test_the_plan_holds_the_tracks_of_its_path_with_dates_rising_per_track(path, tracks):
    made = plan(answers(), path, steps(), TODAY)
    assert {m.track for m in made.milestones} == tracks
    for track in tracks:
        days = [m.target_date for m in made.milestones if m.track == track]
        assert days == sorted(days) and len(set(days)) == len(days)


def test_answers_survive_the_query_string():
    for a in ALL[::97]:
        assert q.decode(q.encode(a)) == a
    assert q.decode("skill=writing") is None
    assert q.decode("skill=poetry&" + q.encode(ALL[0]).partition("&")[2]) is None
