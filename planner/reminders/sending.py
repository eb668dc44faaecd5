"""The periodic task that sends reminders: find who is due, claim, then queue the mail.

Each reminder is claimed by a row in reminders_sent, written in a short transaction before
its mail is queued: the row's unique constraint lets one run win, so a task retried, or run
by two workers at once, sends each reminder once. Nothing slow runs while the claim's
transaction is open; the mail is queued after the commit.
"""

from collections.abc import Iterable

from huey import crontab
from sqlalchemy.dialects import postgresql, sqlite

from planner.accounts.reminder_settings import DAY_BEFORE, WEEKLY
from planner.database import close_transaction, utcnow
from planner.extensions import db
from planner.reminders import due, messages
from planner.reminders.models import NO_MILESTONE, ReminderSent
from planner.tasks import current_app_for_tasks, huey

BATCH = 200  # readers per query: the memory a run needs stays bounded whatever their number
MAX_BATCHES = 50  # per kind and run; the rest waits a quarter of an hour for the next run
clock = utcnow  # one name, so tests can move the clock

Claim = tuple[int, int, object]  # (user id, milestone id, period)


@huey.periodic_task(crontab(minute="*/15"))
def send_reminders() -> int:
    """Queue every reminder due now; return how many messages went to the queue.

    Every quarter of an hour, so that 08:00 falls on a run in every time zone, half- and
    quarter-hour ones included.
    """
    app = current_app_for_tasks()
    with app.app_context():
        now = clock()
        return _weekly(now) + _day_before(now)


def _weekly(now) -> int:
    sent = 0
    for _ in range(MAX_BATCHES):
        found = due.weekly(now, BATCH)
        won = _claim(WEEKLY, [(d.reader.id, NO_MILESTONE, d.week.monday) for d in found])
        for summary in found:
            key = (summary.reader.id, NO_MILESTONE, summary.week.monday)
            # A reader with nothing done lately and nothing left to do gets no mail this
            # week; the claim still stands, so the next run does not look again.
            if key in won and any(r.has_news for r in summary.roadmaps):
                messages.send_weekly(summary)
                sent += 1
        if len(found) < BATCH:
            break
    return sent


def _day_before(now) -> int:
    sent = 0
    for _ in range(MAX_BATCHES):
        found = due.day_before(now, BATCH)
        won = _claim(DAY_BEFORE, [(d.reader.id, t.milestone_id, t.target_date)
                                  for d in found for t in d.targets])
        for reminder in found:
            targets = tuple(t for t in reminder.targets
                            if (reminder.reader.id, t.milestone_id, t.target_date) in won)
            if targets:
                messages.send_day_before(reminder.reader, targets)
                sent += 1
        if len(found) < BATCH:
            break
    return sent


def _claim(kind: str, claims: Iterable[Claim]) -> set[Claim]:
    """Log these reminders as sent in one statement and commit; return the ones this run won.

    A row another run wrote first is skipped (ON CONFLICT DO NOTHING), not an error; on
    PostgreSQL a run that meets an uncommitted twin waits for it, then skips.
    """
    rows = [{"user_id": u, "kind": kind, "milestone_id": m, "period": p} for u, m, p in claims]
    won: set[Claim] = set()
    if rows:
        dialect = db.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            insert(ReminderSent).on_conflict_do_nothing()
            .returning(ReminderSent.user_id, ReminderSent.milestone_id, ReminderSent.period)
        )
        # One statement of many VALUES rows, split by SQLAlchemy only past a thousand rows.
        won = {tuple(row) for row in db.session.execute(statement, rows)}
        db.session.commit()
    close_transaction()  # the queue may be remote: no database lock while it answers
    return won
