"""The account's part of a data export: who the user is, never how they sign in."""

from sqlalchemy import select

from planner.accounts.models import User
from planner.dates import iso_time
from planner.extensions import db


def export_section(user_id: int) -> tuple[str, dict]:
    """The account as ("account", {...}): names, address, when made, whether verified."""
    # Named columns, not the row: the password hash and session token never leave.
    row = db.session.execute(
        select(User.username, User.display_name, User.email, User.created_at,
               User.email_verified_at).where(User.id == user_id)
    ).one()
    return "account", {
        "username": row.username,
        "display_name": row.display_name,
        "email": row.email,
        "created_at": iso_time(row.created_at),
        "email_verified": row.email_verified_at is not None,
        "email_verified_at": iso_time(row.email_verified_at) if row.email_verified_at else None,
    }
