"""The user account."""

import secrets
import time
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import String, bindparam, false, select
from sqlalchemy.orm import Mapped, mapped_column, validates

from planner.accounts.names import SKELETON_MAX, name_skeleton
from planner.accounts.preferences import DEFAULT_ZONE, LOCALE_MAX, ZONE_MAX
from planner.accounts.rules import EMAIL_MAX
from planner.database import utcnow
from planner.dates import DEFAULT_LOCALE
from planner.extensions import db, login_manager

ROLE_USER = "user"
ROLE_ADMIN = "admin"


def new_session_token() -> str:
    """A fresh random token; rotating it signs out every earlier session and cookie."""
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    """A registered person; admins are users with the admin role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32))
    # Case-folded copy of username, so "Ana" and "ana" cannot both register.
    username_key: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    # What the two names look like (names.name_skeleton), so look-alikes are found by index.
    username_skeleton: Mapped[str] = mapped_column(String(SKELETON_MAX), index=True, default="")
    display_skeleton: Mapped[str] = mapped_column(String(SKELETON_MAX), index=True, default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    # Indexed: every held comment and every role change look up the admins.
    role: Mapped[str] = mapped_column(String(16), default=ROLE_USER, index=True)
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the owner opened a verification link sent to the current address; None until then.
    # Notification mail goes only to verified addresses (verification.py).
    email_verified_at: Mapped[datetime | None] = mapped_column(default=None)
    # Which day a moment falls on for this reader, and how dates and amounts read
    # (preferences.py); the browser's zone is taken at registration when it says one.
    time_zone: Mapped[str] = mapped_column(String(ZONE_MAX), default=DEFAULT_ZONE)
    locale: Mapped[str] = mapped_column(String(LOCALE_MAX), default=DEFAULT_LOCALE)
    # Reminder mail the owner asked for (reminder_settings.py); both off until turned on.
    remind_weekly: Mapped[bool] = mapped_column(default=False, server_default=false())
    remind_day_before: Mapped[bool] = mapped_column(default=False, server_default=false())

    @validates("username", "display_name")
    def _keep_skeleton(self, key: str, value: str) -> str:
        """Keep each name's skeleton in step with the name."""
        column = "username_skeleton" if key == "username" else "display_skeleton"
        setattr(self, column, name_skeleton(value or ""))
        return value

    @property
    def email_verified(self) -> bool:
        """True once the owner proved that the current address reaches them."""
        return self.email_verified_at is not None

    @property
    def is_admin(self) -> bool:
        """True for users with the admin role."""
        return self.role == ROLE_ADMIN

    def get_id(self) -> str:
        """Flask-Login stores this token, not the id, so rotating it ends old sessions."""
        return self.session_token


clock = time.time  # seconds since the epoch; one name so tests can move the clock


def remembered_id(user: User) -> str:
    """The id a remember-me cookie carries: the session token and when it was issued."""
    return f"{user.session_token}.{int(clock())}"


def session_token_of(user_id: str) -> str | None:
    """The session token a signed user id names, or None once its remember-me has expired."""
    token, dot, issued = user_id.partition(".")
    if dot:
        # The browser is told when the cookie expires, but a copied cookie can be replayed
        # later: the issue time it carries (signed with it) is what decides.
        lifetime = current_app.config["REMEMBER_COOKIE_DURATION"].total_seconds()
        if not (issued.isascii() and issued.isdigit()) or int(issued) + lifetime < clock():
            return None
    return token


# Built once: every signed-in request runs it, and building it cost more than running it.
USER_BY_TOKEN = select(User).where(User.session_token == bindparam("token"))


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Find the user whose current session token user_id names, unless it has expired."""
    token = session_token_of(user_id)
    if token is None:
        return None
    return db.session.scalar(USER_BY_TOKEN, {"token": token})
