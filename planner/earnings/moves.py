"""Which micro-jobs milestones the earnings data moves, and what each move says.

A pure decision: facts about the user's money, the milestones as (id, step key, status) and
the moves already made once. A move is made only forward and only once, so a move the user
undid stays undone.
"""

from dataclasses import dataclass

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


# (step key, the fact that triggers it, the status it moves to, the statuses it moves from, why)
RULES = (
    (DAILY_TASKS, "earned", DOING, (TODO,), "You logged your first earnings"),
    (CASH_OUT, "cashed_out", DONE, (TODO, DOING), "You made your first cash-out"),
    (SAVE_FOR_SKILLS, "goal_reached", DONE, (TODO, DOING), "Your learning fund reached its goal"),
    (SAVE_FOR_SKILLS, "saved", DOING, (TODO,), "Your learning fund has its first money"),
)


# How far along a status is: a move made to "done" also stands for the "in progress" before it.
_RANK = {TODO: 0, DOING: 1, DONE: 2}


def decide(facts: Facts, targets: list[Target], made: set[tuple[int, str]]) -> list[Move]:
    """The moves to make now: each rule whose fact holds, on milestones it may still move."""
    reached: dict[int, int] = {}
    for milestone_id, status in made:
        reached[milestone_id] = max(reached.get(milestone_id, -1), _RANK.get(status, -1))
    moves: list[Move] = []
    moved: set[int] = set()
    for key, fact, status, sources, reason in RULES:
        if not getattr(facts, fact):
            continue
        for target in targets:
            if (target.step_key != key or target.status not in sources or target.id in moved
                    or reached.get(target.id, -1) >= _RANK[status]):
                continue
            label = STATUS_LABELS[status].lower()
            message = f"{reason}: “{target.title}” is now {label}."
            moves.append(Move(target.id, key, target.status, status, message))
            moved.add(target.id)
    return moves
