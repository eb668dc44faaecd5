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


def standing(*rows):
    """Standing moves from (move id, milestone id, step key, from, to)."""
    return [moves.Standing(n, m, key, old, new, f"M{m}") for n, m, key, old, new in rows]


def withdrawn(facts, moves_made, statuses):
    return [(w.move_id, w.back_to, w.standing_message is not None)
            for w in moves.withdraw(facts, moves_made, statuses)]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (Facts(True, True, True, True), []),
        # The only cash-out deleted: "cash out" and "save" go back, "daily tasks" stays.
        (Facts(earned=True), [(3, TODO, False), (2, TODO, False)]),
        # Every entry deleted, cash-outs kept.
        (Facts(cashed_out=True, saved=True), [(1, TODO, False)]),
    ],
)
def test_a_move_the_data_no_longer_shows_is_taken_back(facts, expected):
    made = standing((1, 1, DAILY_TASKS, TODO, DOING), (2, 2, CASH_OUT, TODO, DONE),
                    (3, 3, SAVE_FOR_SKILLS, TODO, DOING))
    assert withdrawn(facts, made, {1: DOING, 2: DONE, 3: DOING}) == expected


def test_a_goal_no_longer_reached_goes_back_to_in_progress_while_money_is_saved():
    made = standing((1, 3, SAVE_FOR_SKILLS, TODO, DONE))
    [back] = moves.withdraw(Facts(saved=True), made, {3: DONE})
    assert (back.back_to, back.message, back.standing_message) == (
        DOING, "Your learning fund is below its goal again: “M3” is back to in progress.",
        "Your learning fund has its first money: “M3” is now in progress.")
    # Two moves (to in progress, then to done): the later goes, the earlier stands.
    made = standing((1, 3, SAVE_FOR_SKILLS, TODO, DOING), (2, 3, SAVE_FOR_SKILLS, DOING, DONE))
    assert withdrawn(Facts(saved=True), made, {3: DONE}) == [(2, DOING, False)]
    assert withdrawn(Facts(), made, {3: DONE}) == [(2, DOING, False), (1, TODO, False)]


def test_a_milestone_changed_by_hand_since_is_left_alone():
    made = standing((1, 2, CASH_OUT, TODO, DONE))
    assert withdrawn(Facts(), made, {2: SKIPPED}) == []
    assert withdrawn(Facts(), made, {2: DOING}) == []


def test_the_message_says_why_it_went_back():
    [back] = moves.withdraw(Facts(), standing((1, 2, CASH_OUT, DOING, DONE)), {2: DONE})
    assert back.message == "No cash-out is recorded any more: “M2” is back to in progress."


@given(st.builds(Facts, st.booleans(), st.booleans(), st.booleans(), st.booleans()),
       st.lists(st.tuples(st.sampled_from(moves.STEP_KEYS), st.sampled_from(STATUSES)),
                max_size=6))
def test_moves_made_then_taken_back_leave_every_milestone_as_it_was(facts, found):
    items = [Target(n, key, status) for n, (key, status) in enumerate(found)]
    made = moves.decide(facts, items, set())
    after = {t.id: t.status for t in items} | {m.milestone_id: m.to_status for m in made}
    as_standing = [moves.Standing(n, m.milestone_id, m.step_key, m.from_status, m.to_status)
                   for n, m in enumerate(made)]
    # With none of the facts left, everything the data did is undone, and nothing else.
    back = {w.milestone_id: w.back_to for w in moves.withdraw(Facts(), as_standing, after)}
    assert {**after, **back} == {t.id: t.status for t in items}
    # With the facts unchanged, nothing is taken back.
    assert moves.withdraw(facts, as_standing, after) == []
