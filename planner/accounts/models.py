"""The user account."""

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from planner.accounts.rules import EMAIL_MAX
from planner.database import utcnow
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
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=ROLE_USER)
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_admin(self) -> bool:
        """True for users with the admin role."""
        return self.role == ROLE_ADMIN

    def get_id(self) -> str:
        """Flask-Login stores this token, not the id, so rotating it ends old sessions."""
        return self.session_token


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Find the user whose current session token is token."""
    return db.session.scalar(select(User).where(User.session_token == token))
