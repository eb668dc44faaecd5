"""Which micro-jobs milestones the earnings data moves: forward only, once, with a message."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.content import load_library
from planner.earnings import moves
from planner.earnings.moves import CASH_OUT, DAILY_TASKS, SAVE_FOR_SKILLS, Facts, Target
from planner.roadmaps.rules import DOING, DONE, SKIPPED, STATUSES, TODO


def targets(daily=TODO, cash=TODO, save=TODO):
    return [Target(1, DAILY_TASKS, daily, "Do tasks"), Target(2, CASH_OUT, cash, "Cash out"),
            Target(3, SAVE_FOR_SKILLS, save, "Save")]


def decided(facts, found, made=frozenset()):
    return [(m.milestone_id, m.from_status, m.to_status) for m in moves.decide(facts, found,
                                                                               set(made))]


def test_the_step_keys_are_the_micro_jobs_guides():
    guide = next(g for g in load_library().guides if g.track == moves.TRACK)
    assert set(moves.STEP_KEYS) <= {step.key for step in guide.steps}


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (Facts(), []),
        (Facts(earned=True), [(1, TODO, DOING)]),
        (Facts(earned=True, cashed_out=True), [(1, TODO, DOING), (2, TODO, DONE)]),
        (Facts(cashed_out=True, saved=True), [(2, TODO, DONE), (3, TODO, DOING)]),
        (Facts(saved=True, goal_reached=True), [(3, TODO, DONE)]),
    ],
)
def test_each_fact_moves_its_milestone(facts, expected):
    assert decided(facts, targets()) == expected


def test_moves_go_forward_only():
    everything = Facts(True, True, True, False)
    assert decided(everything, targets(daily=DONE, cash=SKIPPED, save=DOING)) == []
    assert decided(everything, targets(daily=DOING, cash=DOING, save=DONE)) == [(2, DOING, DONE)]
    assert decided(Facts(goal_reached=True, saved=True), targets(save=DOING)) == [(3, DOING, DONE)]


def test_a_move_made_once_is_not_made_again_after_an_undo():
    assert decided(Facts(earned=True), targets(), made={(1, DOING)}) == []
    assert decided(Facts(saved=True, goal_reached=True), targets(save=DOING),
                   made={(3, DOING)}) == [(3, DOING, DONE)]


def test_the_message_says_why_and_what():
    [move] = moves.decide(Facts(cashed_out=True), targets(), set())
    assert move.message == "You made your first cash-out: “Cash out” is now done."


@given(st.builds(Facts, st.booleans(), st.booleans(), st.booleans(), st.booleans()),
       st.lists(st.tuples(st.sampled_from(moves.STEP_KEYS), st.sampled_from(STATUSES)),
                max_size=6))
def test_each_milestone_moves_at_most_once_and_never_back(facts, found):
    items = [Target(n, key, status) for n, (key, status) in enumerate(found)]
    made = moves.decide(facts, items, set())
    assert len({m.milestone_id for m in made}) == len(made)
    rank = {TODO: 0, DOING: 1, DONE: 2}
    for move in made:
        assert move.from_status in rank and rank[move.to_status] > rank[move.from_status]
    # Undoing every move puts the statuses back as they were: nothing moves again.
    assert moves.decide(facts, items, {(m.milestone_id, m.to_status) for m in made}) == []


def test_undoing_a_move_to_done_does_not_bring_back_the_step_before_it():
    [move] = moves.decide(Facts(saved=True, goal_reached=True), targets(), set())
    assert (move.from_status, move.to_status) == (TODO, DONE)
    assert decided(Facts(saved=True, goal_reached=True), targets(), made={(3, DONE)}) == []
