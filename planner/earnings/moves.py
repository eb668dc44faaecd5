"""Which micro-jobs milestones the earnings data moves, and what each move says.

A pure decision: facts about the user's money, the milestones as (id, step key, status) and
the moves already made once. A move is made only forward and only once, so a move the user
undid stays undone. When the data no longer shows what made a move (the only cash-out was
deleted), the move is taken back, with a message, if the milestone is still where it put it.
"""

from dataclasses import dataclass
from typing import NamedTuple

from planner.roadmaps.rules import DOING, DONE, MICRO_JOBS, STATUS_LABELS, TODO

# Step keys of the micro-jobs guide (planner/content/guides/micro-jobs.md).
DAILY_TASKS, CASH_OUT, SAVE_FOR_SKILLS = "daily-tasks", "cash-out", "save-for-skills"
STEP_KEYS = (DAILY_TASKS, CASH_OUT, SAVE_FOR_SKILLS)
TRACK = MICRO_JOBS


@dataclass(frozen=True)
class Facts:
    """What the user's records show."""

    earned: bool = False
    cashed_out: bool = False
    saved: bool = False
    goal_reached: bool = False


@dataclass(frozen=True)
class Target:
    """A milestone as the decision sees it."""

    id: int
    step_key: str
    status: str
    title: str = ""


@dataclass(frozen=True)
class Move:
    """One status change the data asks for, with the reason shown to the user."""

    milestone_id: int
    step_key: str
    from_status: str
    to_status: str
    message: str


@dataclass(frozen=True)
class Standing:
    """A move the data made that still stands (not undone by the user, not taken back)."""

    id: int
    milestone_id: int
    step_key: str
    from_status: str
    to_status: str
    title: str = ""
    changed_since: bool = False  # the milestone's status was set again after this move


@dataclass(frozen=True)
class Withdrawal:
    """A move taken back: the milestone returns to back_to. When that is still ahead of
    where the move started (the fund is below its goal but holds money), the move stands
    on, narrowed to back_to, with standing_message as its reason."""

    move_id: int
    milestone_id: int
    back_to: str
    message: str
    standing_message: str | None = None


class Rule(NamedTuple):
    """A step key, the fact that moves it, to which status, from which, and the reasons."""

    step_key: str
    fact: str
    status: str
    sources: tuple[str, ...]
    reason: str
    gone: str  # why the move is taken back once the fact no longer holds


RULES = (
    Rule(DAILY_TASKS, "earned", DOING, (TODO,), "You logged your first earnings",
         "No earnings are logged any more"),
    Rule(CASH_OUT, "cashed_out", DONE, (TODO, DOING), "You made your first cash-out",
         "No cash-out is recorded any more"),
    Rule(SAVE_FOR_SKILLS, "goal_reached", DONE, (TODO, DOING),
         "Your learning fund reached its goal", "Your learning fund is below its goal again"),
    Rule(SAVE_FOR_SKILLS, "saved", DOING, (TODO,), "Your learning fund has its first money",
         "No cash-out puts money in your learning fund any more"),
)
# Each (step key, status) is reached by one rule, so a move's rule is known from its row.
_RULE_OF = {(rule.step_key, rule.status): rule for rule in RULES}


# How far along a status is: a move made to "done" also stands for the "in progress" before it.
_RANK = {TODO: 0, DOING: 1, DONE: 2}


def decide(facts: Facts, targets: list[Target], made: set[tuple[int, str]]) -> list[Move]:
    """The moves to make now: each rule whose fact holds, on milestones it may still move."""
    reached: dict[int, int] = {}
    for milestone_id, status in made:
        reached[milestone_id] = max(reached.get(milestone_id, -1), _RANK.get(status, -1))
    moves: list[Move] = []
    moved: set[int] = set()
    for rule in RULES:
        if not getattr(facts, rule.fact):
            continue
        for target in targets:
            if (target.step_key != rule.step_key or target.status not in rule.sources
                    or target.id in moved or reached.get(target.id, -1) >= _RANK[rule.status]):
                continue
            moves.append(Move(target.id, rule.step_key, target.status, rule.status,
                              _said(rule.reason, target.title, "is now", rule.status)))
            moved.add(target.id)
    return moves


def withdraw(facts: Facts, standing: list[Standing], statuses: dict[int, str]
             ) -> list[Withdrawal]:
    """The moves to take back, newest first: each whose fact no longer holds, on a milestone
    still at the status the move gave it and not set since (a status set by hand is the
    user's, even when it is the same one)."""
    current = dict(statuses)
    taken: list[Withdrawal] = []
    for move in sorted(standing, key=lambda m: m.id, reverse=True):
        rule = _RULE_OF.get((move.step_key, move.to_status))
        if rule is None or getattr(facts, rule.fact):
            continue
        if move.changed_since or current.get(move.milestone_id) != move.to_status:
            continue
        held = _still_held(facts, move)
        back_to = held.status if held else move.from_status
        current[move.milestone_id] = back_to
        taken.append(Withdrawal(
            move.id, move.milestone_id, back_to,
            _said(rule.gone, move.title, "is back to", back_to),
            _said(held.reason, move.title, "is now", held.status) if held else None,
        ))
    return taken


def _still_held(facts: Facts, move: Standing) -> Rule | None:
    """The furthest rule short of the move's that still holds and would move its milestone
    from where the move started: where a move taken back should stop."""
    rules = [r for r in RULES if r.step_key == move.step_key and getattr(facts, r.fact)
             and move.from_status in r.sources
             and _RANK[move.from_status] < _RANK[r.status] < _RANK[move.to_status]]
    return max(rules, key=lambda r: _RANK[r.status], default=None)


def _said(reason: str, title: str, verb: str, status: str) -> str:
    """A move's message: "You made your first cash-out: “Cash out” is now done."."""
    return f"{reason}: “{title}” {verb} {STATUS_LABELS[status].lower()}."
