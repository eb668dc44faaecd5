"""Reminder tests: a reader who asked for both kinds, the task's clock, milestone changes."""

import re
from datetime import datetime

from sqlalchemy import update

from planner.extensions import db
from planner.reminders import sending
from planner.roadmaps.models import Milestone

# Monday 9 March 2026, 08:00 in Asia/Karachi (UTC+5): the weekly summary's first moment there.
MONDAY_8_KARACHI = datetime(2026, 3, 9, 3, 0)
STOP_LINK = re.compile(r"http://localhost(/reminders/stop/[^\s>]+)")


def move_clock(monkeypatch, moment: datetime) -> None:
    """Make the reminder task see moment (naive UTC) as now."""
    monkeypatch.setattr(sending, "clock", lambda: moment)


def run_task(app) -> int:
    """Run the periodic task once as the worker would; return how many mails it queued."""
    with app.app_context():
        return sending.send_reminders.call_local()


def set_milestones(app, ids, **values) -> None:
    """Write values into the milestones with these ids."""
    with app.app_context():
        db.session.execute(update(Milestone).where(Milestone.id.in_(list(ids))).values(**values))
        db.session.commit()


def stop_path(message) -> str:
    """The unsubscribe path a reminder's body carries."""
    return STOP_LINK.search(message.get_content()).group(1)
