"""Fixtures for the accounts tests: users with real passwords, form posts, the mail outbox."""

import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from functools import cache
from pathlib import Path

import pytest
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


@pytest.fixture
def account(make_user):
    """Factory: account(**overrides) saves a user whose password is PASSWORD."""

    def make(**overrides) -> User:
        overrides.setdefault("password_hash", password_hash())
        return make_user(**overrides)

    return make


@pytest.fixture
def ana(account):
    """A registered user, ana, with the password PASSWORD."""
    return account(username="ana", email="ana@example.com", display_name="Ana")


@dataclass
class Outbox:
    """The folder where mail goes when no mail server is set."""

    folder: Path

    def messages(self) -> list:
        """Every message written so far, oldest first, parsed."""
        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(p.read_bytes()) for p in sorted(self.folder.glob("*.eml"))]

    def links(self) -> list[str]:
        """Every reset link found in the messages."""
        found = []
        for message in self.messages():
            found += re.findall(r"http://localhost(/reset-password/\S+)", message.get_content())
        return found


@pytest.fixture
def outbox(app, tmp_path) -> Outbox:
    """Send the app's mail to a temporary folder instead of instance/outbox."""
    folder = tmp_path / "outbox"
    app.config["OUTBOX_DIR"] = str(folder)
    return Outbox(folder)
