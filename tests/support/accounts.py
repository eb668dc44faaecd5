"""Helpers for the accounts tests: passwords, signing in through the form, database peeks."""

import html
import re
from functools import cache

from sqlalchemy import func, select

from planner.accounts import passwords
from planner.accounts.models import User
from planner.extensions import db
from tests.support.forms import TOKEN_PATTERN, submit

PASSWORD = "plum-kettle-orbit-42"
NEW_PASSWORD = "a quiet lantern over the bay"


@cache
def _hash(hasher, password: str) -> str:
    return hasher.hash(password)


def password_hash(password: str = PASSWORD) -> str:
    """A hash of password made by the app's hasher, once per hasher and password in a run."""
    return _hash(passwords.hasher, password)


def log_in(client, login: str, password: str = PASSWORD, remember: bool = False, **request):
    """Submit the log-in form from client."""
    data = {"login": login, "password": password}
    if remember:
        data["remember"] = "y"
    return submit(client, "/login", data, **request)


def is_signed_in(client) -> bool:
    """True when the client's cookies open the account settings page."""
    return client.get("/account").status_code == 200


def count_users(app) -> int:
    """How many accounts exist."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def fetch_user(app, user_id: int) -> User | None:
    """A fresh copy of a user from the database, detached."""
    with app.app_context():
        user = db.session.get(User, user_id)
        if user is not None:
            db.session.expunge(user)
        return user


def strip_varying(html: str) -> str:
    """Remove what differs between any two answers: the CSRF token and the CSP nonce."""
    token = TOKEN_PATTERN.search(html)
    if token:
        html = html.replace(token.group(1), "")
    return re.sub(r'nonce="[^"]+"', 'nonce=""', html)


def wait_seconds(response) -> int:
    """The number of seconds the 429 answer asks the user to wait."""
    text = html.unescape(response.get_data(as_text=True))
    return int(re.search(r"Please wait (\d+) seconds? and try again\.", text).group(1))


class Auth:
    """Signs the test client in as a user without going through the login form."""

    def __init__(self, client):
        self.client = client

    def login(self, user: User) -> User:
        """Make the client's session belong to user."""
        with self.client.session_transaction() as session:
            session["_user_id"] = user.session_token
            session["_fresh"] = True
        return user

    def logout(self) -> None:
        """Forget the signed-in user."""
        with self.client.session_transaction() as session:
            session.clear()
