"""Which reminder mail an account asked for: the kinds, and turning each on or off.

Both kinds are off until the owner turns them on in the account settings; a reminder's
unsubscribe link turns its own kind off again (planner/reminders).
"""

from sqlalchemy import select, update

from planner.accounts.models import User
from planner.extensions import db

WEEKLY = "weekly"
DAY_BEFORE = "day-before"
KINDS = (WEEKLY, DAY_BEFORE)
# The User column that says whether each kind is wanted.
COLUMNS = {WEEKLY: User.remind_weekly, DAY_BEFORE: User.remind_day_before}
LABELS = {WEEKLY: "the weekly summary", DAY_BEFORE: "the reminder the day before a target date"}


def choose(user: User, *, weekly: bool, day_before: bool) -> None:
    """Save which reminders the owner wants."""
    user.remind_weekly = weekly
    user.remind_day_before = day_before
    db.session.commit()


def turn_off(user_id: int, kind: str) -> bool:
    """Stop one kind of reminder for an account in one UPDATE; False when there is no account."""
    column = COLUMNS[kind]
    changed = db.session.execute(
        update(User).where(User.id == user_id).values({column.key: False})
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return changed.rowcount == 1


def wanted(user_id: int, kind: str) -> bool:
    """Whether an account still gets this kind of reminder (False once it is gone)."""
    return bool(db.session.scalar(select(COLUMNS[kind]).where(User.id == user_id)))
