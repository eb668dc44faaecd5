"""Fixtures shared by every test: the app on a fresh database, a client, form posts, mail."""

import itertools
import os
from pathlib import Path

import pytest
from argon2 import PasswordHasher

os.environ["APP_ENV"] = "testing"

from planner import create_app
from planner.accounts import passwords
from planner.accounts.models import User
from planner.extensions import db
from tests.support import forms
from tests.support.accounts import Auth
from tests.support.ci import skip_unless_ci
from tests.support.databases import (
    postgres_schema,
    postgres_url,
    recording_statements,
    save_detached,
)
from tests.support.mail import Outbox
from tests.support.postgres_server import PostgresServer, postgres_bin

ROOT = Path(__file__).resolve().parents[1]
# argon2's lowest settings: a real hash takes about 0.1 s, and hundreds of tests sign in.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def pytest_collection_modifyitems(config, items):
    """Leave out the tests marked slow unless the -m expression names them (as CI's does)."""
    if "slow" in config.option.markexpr:
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture(autouse=True)
def cheap_password_hashing(request, monkeypatch):
    """Hash passwords at the lowest cost, except in tests marked slow: they check the real one."""
    if request.node.get_closest_marker("slow") is None:
        monkeypatch.setattr(passwords, "hasher", CHEAP_HASHER)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """One database for the whole run: a private PostgreSQL schema, or a SQLite file."""
    base = postgres_url()
    if base is None:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    with postgres_schema(base) as url:
        yield url


@pytest.fixture(scope="module")
def own_postgres():
    """A PostgreSQL server of the module's own, to freeze, crash and restart at will.

    The shared server on 5432 serves other runs and is never faulted. Without PostgreSQL's
    binaries the tests are skipped, except under CI=true, where that is a failure.
    """
    binaries = postgres_bin()
    if binaries is None:
        skip_unless_ci("PostgreSQL's initdb and postgres are not installed "
                       "(apt-get install postgresql)")
    with PostgresServer(binaries) as server:
        yield server


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


@pytest.fixture
def auth(client):
    """auth.login(user) / auth.logout() for the test client."""
    return Auth(client)


@pytest.fixture
def csrf(client):
    """csrf() gives the CSRF token of the test client's session."""
    return lambda: forms.csrf_token(client)


@pytest.fixture
def post(client):
    """post(url, data=None, htmx=False, client=..., **request): a form POST with its CSRF token.

    client= sends it from another test client; request (headers, base_url...) goes to it.
    """
    forms.csrf_token(client)  # read up front, so counting the queries of a post sees it alone

    def send(url: str, data: dict | None = None, htmx: bool = False, *, client=client, **request):
        return forms.submit(client, url, data, htmx, **request)

    return send


@pytest.fixture
def outbox(app, tmp_path) -> Outbox:
    """Send the app's mail to a temporary folder instead of instance/outbox or SMTP."""
    folder = tmp_path / "outbox"
    app.config["OUTBOX_DIR"] = str(folder)
    app.config["MAIL_SERVER"] = None
    return Outbox(folder, app)
