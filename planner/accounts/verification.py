"""Proof that an account's address reaches its owner: a signed link, mailed to the address.

Notification mail (a held comment published, reminders) goes only to verified addresses, so
nobody can point our mail at a stranger's mailbox by typing it into a form. Security mail
(password changed, email changed, reset links) goes out either way: it must reach the owner.
"""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from planner.accounts.models import User
from planner.accounts.rules import normalize_email
from planner.database import utcnow
from planner.extensions import db

VERIFY_SALT = "email-verification"  # a reset or opt-out token never passes for this one
VERIFY_MAX_AGE = 3 * 24 * 3600  # seconds a verification link stays valid
VERIFY_MAX_AGE_TEXT = "three days"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=VERIFY_SALT)


def _address_fingerprint(email: str) -> str:
    # A link names the address it was sent to, so it dies when the account moves elsewhere.
    return hashlib.sha256(normalize_email(email).encode()).hexdigest()[:16]


def make_token(user: User) -> str:
    """A signed token that verifies user's current address, for VERIFY_MAX_AGE seconds."""
    return _serializer().dumps({"id": user.id, "em": _address_fingerprint(user.email)})


def user_for_token(token: str) -> User | None:
    """The user whose current address a valid, unexpired token was sent to, else None."""
    try:
        data = _serializer().loads(token, max_age=VERIFY_MAX_AGE)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    user = db.session.get(User, data["id"])
    if user is None or data.get("em") != _address_fingerprint(user.email):
        return None
    return user


def mark_verified(user: User) -> None:
    """Record that the owner opened the link sent to the current address (once is enough)."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.commit()

