"""Reminder mail: a weekly summary and a note the day before a target date, both opt-in.

sending.py holds the periodic task (importing this package registers it with the queue),
due.py finds who is due, schedule.py says when (pure), messages.py writes the mail and
views.py answers the one-click unsubscribe link.
"""

from flask import Flask

from planner.extensions import csrf
from planner.reminders import sending, views  # noqa: F401  (sending registers the task)


def init_app(app: Flask) -> None:
    """Register the unsubscribe route, the one view a mail program posts to without CSRF."""
    csrf.exempt(views.unsubscribe)
    app.register_blueprint(views.bp)
