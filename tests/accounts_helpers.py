"""Helpers for the accounts tests: form posts with CSRF, sign-in checks, database peeks."""

import html
import re
from functools import cache

from sqlalchemy import func, select

from planner.accounts.models import User
from planner.accounts.passwords import hash_password
from planner.extensions import db

PASSWORD = "plum-kettle-orbit-42"
NEW_PASSWORD = "a quiet lantern over the bay"
TOKEN_PATTERN = re.compile(r'"X-CSRFToken": "([^"]+)"')


@cache
def password_hash(password: str = PASSWORD) -> str:
    """One argon2 hash per password for the whole run: hashing is slow on purpose."""
    return hash_password(password)


def csrf_token(client) -> str:
    """The CSRF token of client's session, read from a page as a browser would."""
    html = client.get("/guides/").get_data(as_text=True)
    return TOKEN_PATTERN.search(html).group(1)


def post_form(client, url: str, data: dict | None = None, **kwargs):
    """POST a form with the session's CSRF token, as the page's own form would."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)


def log_in(client, login: str, password: str = PASSWORD, remember: bool = False, **kwargs):
    """Submit the log-in form."""
    data = {"login": login, "password": password}
    if remember:
        data["remember"] = "y"
    return post_form(client, "/login", data, **kwargs)


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
