"""Exactly once: a creating form carries a key, and a repeat of the key gets the first result.

A connection that drops after the commit, a killed worker or a double click makes the
browser send the same form again. The key is made when the form is rendered and saved in the
same transaction as what the form creates, so a repeat finds it and answers with what was made
the first time; two copies sent at the same instant collide on the key's primary key.
"""

import base64
import hashlib
import re
import secrets
from contextlib import suppress
from datetime import datetime

from flask import current_app, session
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.exceptions import Conflict
from wtforms import HiddenField

from planner.database import utcnow
from planner.extensions import db

KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


class IdempotencyKey(db.Model):
    """A key a creating form used, who used it, and the id of what it created."""

    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(32))
    result_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def new_key() -> str:
    """A fresh, unguessable key for a form about to be rendered."""
    return secrets.token_urlsafe(24)


def key_field() -> HiddenField:
    """The hidden field a creating form carries; a missing or odd key just means no key."""
    return HiddenField(default=new_key, filters=[_usable_key])


def _usable_key(value: str | None) -> str | None:
    # Only a key we could have made is kept; anything else (tampered, over-long) is no key.
    return value if value and KEY_PATTERN.fullmatch(value) else None


def session_key(key: str | None) -> str | None:
    """The key made this browser session's own, for forms sent without an account.

    Bound to the session's CSRF secret, a key copied into another session is another key there:
    a repeat is recognised only when it comes from the session that sent the form first.
    """
    if not key:
        return None
    secret = session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), "")
    digest = hashlib.sha256(f"{secret}\0{key}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def first_result(key: str | None, user_id: int | None, action: str) -> int | None:
    """The id a previous submission with this key created, or None."""
    if not key:
        return None
    return db.session.scalar(
        select(IdempotencyKey.result_id).where(
            IdempotencyKey.key == key,
            IdempotencyKey.action == action,
            IdempotencyKey.user_id.is_(None) if user_id is None
            else IdempotencyKey.user_id == user_id,
        )
    )


def unless_done(key: str | None, user_id: int | None, action: str, make) -> bool:
    """Call make() unless this key's submission was saved before; False when it was.

    A twin sent at the same instant that commits first makes make() raise AlreadyDone: the
    thing exists either way, so this submission is answered as if it had made it.
    """
    if first_result(key, user_id, action) is not None:
        return False
    with suppress(AlreadyDone):
        make()
    return True


class AlreadyDone(Exception):
    """A twin submission with the same key committed first; result_id is what it made."""

    def __init__(self, result_id: int):
        super().__init__(result_id)
        self.result_id = result_id


def commit_once(key: str | None, user_id: int | None, action: str, result_id: int) -> None:
    """Commit what was made together with its key, or raise AlreadyDone when a twin won."""
    if key:
        db.session.add(
            IdempotencyKey(key=key, user_id=user_id, action=action, result_id=result_id)
        )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        earlier = first_result(key, user_id, action)
        if earlier is None:
            if key:  # the key is someone else's: refuse rather than fail
                raise Conflict("That form was already used. Please reload the page.") from None
            raise
        raise AlreadyDone(earlier) from None
