"""Account operations: each one validates against the database and owns its commit."""

import hashlib
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from planner import idempotency
from planner.accounts.deletion import release_user_content
from planner.accounts.models import ROLE_ADMIN, ROLE_USER, User, new_session_token
from planner.accounts.names import name_skeleton
from planner.accounts.passwords import hash_password, needs_rehash, verify_password
from planner.accounts.preferences import DEFAULT_ZONE, is_zone
from planner.accounts.rules import login_text, normalize_email, username_key
from planner.extensions import db

REGISTER = "register"  # the idempotency action of the registration form
RESET_SALT = "password-reset"
RESET_MAX_AGE = 3600  # seconds a reset link stays valid


@dataclass
class AccountError(Exception):
    """A request the database refuses, with the form field it concerns."""

    field: str
    message: str


class WrongPassword(AccountError):
    """The password typed to confirm a change is not the account's: it counts as a failure."""


LOOKALIKE_NAME = "That name looks too much like another member's name. Choose another."
LAST_ADMIN = "You are the only admin: make someone else an admin before you delete your account."


def find_by_login(login: str) -> User | None:
    """The user whose username or email address is login (case, padding do not matter)."""
    value = login_text(login)
    return db.session.scalar(
        select(User).where(
            or_(User.username_key == username_key(value), User.email == normalize_email(value))
        )
    )


def find_by_username(username: str) -> User | None:
    """The user with that username (case does not matter)."""
    return db.session.scalar(select(User).where(User.username_key == username_key(username)))


def find_by_email(email: str) -> User | None:
    """The user with that email address (case does not matter)."""
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def _check_free(username: str | None, email: str | None, *, exclude: int | None = None) -> None:
    clauses = []
    if username is not None:
        clauses.append(User.username_key == username_key(username))
    if email is not None:
        clauses.append(User.email == normalize_email(email))
    query = select(User.username_key, User.email).where(or_(*clauses))
    if exclude is not None:
        query = query.where(User.id != exclude)
    for taken_key, taken_email in db.session.execute(query):
        if username is not None and taken_key == username_key(username):
            raise AccountError("username", "That username is taken. Choose another.")
        if email is not None and taken_email == normalize_email(email):
            raise AccountError("email", "An account with that email address already exists.")


def _check_not_lookalike(field: str, name: str, *, exclude: int | None = None) -> None:
    """Refuse a name that reads as another account's username or display name."""
    skeleton = name_skeleton(name)
    if not skeleton:
        return
    query = select(User.id).where(
        or_(User.username_skeleton == skeleton, User.display_skeleton == skeleton)
    )
    if exclude is not None:
        query = query.where(User.id != exclude)
    if db.session.scalar(query.limit(1)) is not None:
        raise AccountError(field, LOOKALIKE_NAME)


def register_user(
    username: str,
    email: str,
    password: str,
    role: str = ROLE_USER,
    key: str | None = None,
    time_zone: str | None = None,
) -> User:
    """Create an account; raise AccountError when the username or email is taken.

    With a form's idempotency key, a twin submission that committed first raises AlreadyDone.
    """
    try:
        _check_free(username, email)
    except AccountError:
        # The twin of this very form may have committed since the caller looked for its key.
        earlier = idempotency.first_result(key, None, REGISTER)
        if earlier is not None:
            raise idempotency.AlreadyDone(earlier) from None
        raise
    _check_not_lookalike("username", username)
    user = User(
        username=username,
        username_key=username_key(username),
        email=normalize_email(email),
        display_name=username,
        password_hash=hash_password(password),
        role=role,
        time_zone=time_zone if is_zone(time_zone) else DEFAULT_ZONE,
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        # A twin of this very form committed first (PostgreSQL waited for it), or another
        # person took the name or address a moment ago: the key tells which.
        db.session.rollback()
        earlier = idempotency.first_result(key, None, REGISTER)
        if earlier is not None:
            raise idempotency.AlreadyDone(earlier) from None
        raise AccountError("username", "That username or email address was just taken.") from None
    idempotency.commit_once(key, None, REGISTER, user.id)
    return user


def user_for_repeat(user_id: int, password: str) -> User | None:
    """The account a repeated registration made, if the repeat knows its password."""
    user = db.session.get(User, user_id)
    if user is None or not verify_password(user.password_hash, password):
        return None
    return user


def _commit_or_explain(field: str, message: str) -> None:
    # Two requests racing for one name or address: the unique index decides, the loser is told.
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AccountError(field, message) from None


def authenticate(login: str, password: str) -> User | None:
    """The user if login and password match, else None, taking the same time either way."""
    user = find_by_login(login)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def end_other_sessions(user: User) -> None:
    """Rotate the session token: every earlier session and remember-me cookie stops working."""
    user.session_token = new_session_token()
    db.session.commit()


def update_profile(user: User, display_name: str, email: str, current_password: str) -> None:
    """Change the display name and email; a new email needs the current password."""
    new_email = normalize_email(email)
    if new_email != user.email:
        if not verify_password(user.password_hash, current_password or ""):
            raise WrongPassword("current_password", "Enter your current password to change email.")
        _check_free(None, new_email, exclude=user.id)
        user.email_verified_at = None  # the new address has proven nothing yet
    if display_name != user.display_name:
        _check_not_lookalike("display_name", display_name, exclude=user.id)
    user.display_name = display_name
    user.email = new_email
    _commit_or_explain("email", "An account with that email address already exists.")


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Set a new password after checking the current one; ends every other session."""
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword("current_password", "Your current password is not correct.")
    user.password_hash = hash_password(new_password)
    end_other_sessions(user)


def delete_account(user: User, password: str, keep_comments: bool) -> None:
    """Delete the account and its roadmaps; keep comments anonymously or delete them."""
    if not verify_password(user.password_hash, password):
        raise WrongPassword("current_password", "Your password is not correct.")
    if user.is_admin and len(_lock_admins()) <= 1:
        db.session.rollback()
        raise AccountError("current_password", LAST_ADMIN)
    release_user_content(user.id, keep_comments=keep_comments)
    db.session.delete(user)
    db.session.commit()


def set_role(username: str, role: str) -> User:
    """Give the user named username the role; raise LookupError when there is none."""
    user = find_by_username(username)
    if user is None:
        raise LookupError(f"No user named {username!r}.")
    user.role = role
    db.session.commit()
    return user


def list_users() -> list[User]:
    """Every account, oldest first."""
    return list(db.session.scalars(select(User).order_by(User.created_at, User.id)))


def _lock_admins() -> list[int]:
    """The admins' ids, their rows locked until the commit, so two leaving admins queue."""
    # PostgreSQL locks the rows; SQLite's write transactions are serialized already.
    query = select(User.id).where(User.role == ROLE_ADMIN).with_for_update()
    return list(db.session.scalars(query))


def admin_ids() -> frozenset[int]:
    """The ids of every admin (there are few), for the role badge next to their comments."""
    return frozenset(db.session.scalars(select(User.id).where(User.role == ROLE_ADMIN)))


def count_admins() -> int:
    """How many admins there are."""
    return db.session.scalar(select(func.count()).where(User.role == ROLE_ADMIN))


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _fingerprint(user: User) -> str:
    # Changes whenever the password or the email address does, so a link works once and dies
    # with the old password, or when the account moves to another mailbox.
    material = f"{user.password_hash}\0{user.email}"
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    """A signed link token for user, valid for an hour and for one use."""
    return _reset_serializer().dumps({"id": user.id, "fp": _fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    """The user a valid, unused, unexpired token belongs to, else None."""
    try:
        data = _reset_serializer().loads(token, max_age=RESET_MAX_AGE)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("id"))
    if user is None or data.get("fp") != _fingerprint(user):
        return None
    return user


def reset_password(user: User, new_password: str) -> None:
    """Set the password chosen from a reset link and end every session."""
    user.password_hash = hash_password(new_password)
    end_other_sessions(user)


def save_preferences(user: User, time_zone: str, locale: str) -> None:
    """Keep the reader's time zone and locale (both checked by the form)."""
    user.time_zone = time_zone
    user.locale = locale
    db.session.commit()
