"""The account's part of a data export: who the user is, never how they sign in."""

from sqlalchemy import select

from planner.accounts.models import User
from planner.dates import iso_time
from planner.extensions import db


def export_section(user_id: int) -> tuple[str, dict]:
    """("account", {...}): names, address, when made, whether verified, preferences."""
    # Named columns, not the row: the password hash and session token never leave.
    row = db.session.execute(
        select(User.username, User.display_name, User.email, User.created_at,
               User.email_verified_at, User.time_zone, User.locale, User.remind_weekly,
               User.remind_day_before).where(User.id == user_id)
    ).one()
    return "account", {
        "username": row.username,
        "display_name": row.display_name,
        "email": row.email,
        "created_at": iso_time(row.created_at),
        "email_verified": row.email_verified_at is not None,
        "email_verified_at": iso_time(row.email_verified_at) if row.email_verified_at else None,
        "time_zone": row.time_zone,
        "locale": row.locale,
        "reminders": {"weekly": row.remind_weekly, "day_before": row.remind_day_before},
    }
