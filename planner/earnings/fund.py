"""The learning fund's rules: the share of a cash-out it takes, its balance, spending, the goal.

Pure functions over whole minor units of one currency; the fund can never go below zero.
"""

from collections.abc import Iterable
from dataclasses import dataclass

PERCENT_MIN, PERCENT_MAX = 0, 100
DEFAULT_PERCENT = 20  # the guides' habit: a fifth of every cash-out towards a skill
IN, OUT = "in", "out"


def share(amount: int, percent: int) -> int:
    """The part of a cash-out the fund takes: percent of amount, rounded down to a minor unit."""
    if amount < 0 or not PERCENT_MIN <= percent <= PERCENT_MAX:
        raise ValueError("amount must be positive and percent between 0 and 100")
    return amount * percent // 100


def can_take(balance: int, amount: int) -> bool:
    """True when amount can leave a fund holding balance without taking it below zero."""
    return 0 <= amount <= balance


def reshare(old_amount: int, old_currency: str, old_share: int,
            amount: int, currency: str, percent: int) -> int:
    """The share an edited cash-out gives the fund: the one it gave while its amount and
    currency stay (the rule may have changed since), else the rule's share of the new amount."""
    if (amount, currency) == (old_amount, old_currency):
        return old_share
    return share(amount, percent)


def room(balance: int, currency: str, coming: tuple[str, int]) -> int:
    """What can leave a fund holding balance in currency while an edit puts coming
    (currency, amount) back in: a replaced spend or a cash-out's new share."""
    back_currency, back = coming
    if back < 0:
        raise ValueError("money coming back is a positive amount")
    return balance + (back if back_currency == currency else 0)


def can_replace(balance: int, leaving: tuple[str, int], coming: tuple[str, int]) -> bool:
    """True when an edit may take leaving (currency, amount) out of a fund holding balance in
    that currency and put coming in: the fund stays at zero or above."""
    currency, amount = leaving
    return can_take(room(balance, currency, coming), amount)


@dataclass(frozen=True)
class Ledger:
    """A fund in one currency after a run of movements: what came in, went out, was refused."""

    saved: int = 0
    spent: int = 0
    refused: int = 0

    @property
    def balance(self) -> int:
        """What is left to spend."""
        return self.saved - self.spent


def replay(movements: Iterable[tuple[str, int]]) -> Ledger:
    """Apply ("in", amount) and ("out", amount) in order, refusing any "out" the fund lacks."""
    saved = spent = refused = 0
    for kind, amount in movements:
        if amount < 0:
            raise ValueError("movements are positive amounts")
        if kind == IN:
            saved += amount
        elif can_take(saved - spent, amount):
            spent += amount
        else:
            refused += 1
    return Ledger(saved, spent, refused)


def progress_percent(saved: int, goal: int) -> int:
    """How far saved is towards goal, as a whole percent from 0 to 100."""
    if goal <= 0:
        return 0
    return min(100, saved * 100 // goal)


def reached(saved: int, goal: int | None) -> bool:
    """True once everything saved (spent or not) covers a goal that is set."""
    return goal is not None and goal > 0 and saved >= goal
