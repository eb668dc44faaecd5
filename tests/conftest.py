"""Fixtures shared by every test: the app on a fresh database, a client, query counting."""

import itertools
import os
import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from flask import Flask

os.environ["APP_ENV"] = "testing"

from planner import create_app
from planner.accounts.models import User
from planner.extensions import db
from planner.tasks import run_pending
from tests.databases import postgres_schema, recording_statements, save_detached

ROOT = Path(__file__).resolve().parents[1]
ON_CI = os.environ.get("CI", "").lower() == "true"


def postgres_url() -> str | None:
    """The PostgreSQL server to test against, when one is configured."""
    return os.environ.get("TEST_DATABASE_URL") or None


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """One database for the whole run: a private PostgreSQL schema, or a SQLite file."""
    base = postgres_url()
    if base is None:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    with postgres_schema(base) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    """An empty database of each kind; PostgreSQL only when TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    base = postgres_url()
    if base is None:
        pytest.skip("TEST_DATABASE_URL is not set (.ci/run sets it for the PostgreSQL pass)")
    with postgres_schema(base) as url:
        yield url


@pytest.fixture
def app_config(database_url):
    """Settings for the app under test; override in a module to change them."""
    return {"SQLALCHEMY_DATABASE_URI": database_url}


@pytest.fixture
def app(app_config):
    """The app with every table created, emptied again afterwards.

    No app context stays pushed, so each request gets its own session as in production;
    tests that touch the database directly open one with `with app.app_context():`.
    """
    app = create_app(app_config)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def client(app):
    """A test client for app."""
    return app.test_client()


@pytest.fixture
def hx():
    """Headers of a plain (not boosted) htmx request."""
    return {"HX-Request": "true"}


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a with-block: `with count_queries() as n:`."""

    return lambda: recording_statements(app)


@pytest.fixture
def make_user(app):
    """Factory: make_user(**overrides) saves a user and returns it detached."""
    numbers = itertools.count(1)

    def make(**overrides) -> User:
        n = next(numbers)
        values = {
            "username": f"user{n}",
            "email": f"user{n}@example.com",
            "display_name": f"User {n}",
            "password_hash": "!",  # matches no password
            "role": "user",
        }
        values.update(overrides)
        values.setdefault("username_key", values["username"].casefold())
        return save_detached(app, User(**values))

    return make


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


@pytest.fixture
def auth(client):
    """auth.login(user) / auth.logout() for the test client."""
    return Auth(client)


@pytest.fixture
def csrf(client):
    """Return a function giving the CSRF token of the client's session."""

    def token() -> str:
        html = client.get("/").get_data(as_text=True)
        return re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)

    return token


@dataclass
class Outbox:
    """The folder where mail goes when no mail server is set."""

    folder: Path
    app: Flask

    def deliver(self) -> int:
        """Run the queued mail as the worker would; return how many tasks ran."""
        with self.app.app_context():
            return run_pending()

    def messages(self) -> list:
        """Every message sent so far (the queue's due tasks run first), oldest first, parsed."""
        self.deliver()
        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(p.read_bytes()) for p in sorted(self.folder.glob("*.eml"))]

    def texts(self) -> list[str]:
        """Every message sent so far, oldest first, as raw text (headers included)."""
        self.deliver()
        return [p.read_text() for p in sorted(self.folder.glob("*.eml"))]

    def links(self) -> list[str]:
        """Every reset link found in the messages."""
        found = []
        for message in self.messages():
            found += re.findall(r"http://localhost(/reset-password/\S+)", message.get_content())
        return found


@pytest.fixture
def outbox(app, tmp_path) -> Outbox:
    """Send the app's mail to a temporary folder instead of instance/outbox or SMTP."""
    folder = tmp_path / "outbox"
    app.config["OUTBOX_DIR"] = str(folder)
    app.config["MAIL_SERVER"] = None
    return Outbox(folder, app)
