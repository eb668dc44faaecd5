"""The rate-limit store: shared by every process, and failing open when it is unreachable."""

import http.cookiejar
import logging
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from planner import create_app
from planner.accounts.models import User
from planner.extensions import db
from planner.ratelimit_store import SQLiteStorage
from tests.support.accounts import PASSWORD, log_in, password_hash
from tests.support.forms import TOKEN_PATTERN

pytestmark = pytest.mark.usefixtures("outbox")

ROOT = Path(__file__).resolve().parents[2]
WRONG = "not the password"

SERVER = """
import sys
from werkzeug.serving import make_server
from planner import create_app

database, storage, prefix = sys.argv[1:4]
app = create_app({
    "SQLALCHEMY_DATABASE_URI": database,
    "RATELIMIT_STORAGE_URI": storage,
    "RATELIMIT_KEY_PREFIX": prefix,
    "LOGIN_LIMIT_ACCOUNT": "3 per minute",
    "LOGIN_LIMIT_ADDRESS": "100 per minute",
})
server = make_server("127.0.0.1", 0, app, threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""


@pytest.fixture
def redis_url():
    """The Redis server named by TEST_REDIS_URL; skip without one, fail if it is down."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set (.ci/run sets it for the Redis pass)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        pytest.fail(f"TEST_REDIS_URL={url} is set but Redis does not answer: {error}")
    return url


@pytest.fixture
def shared_database(tmp_path):
    """A SQLite file holding ana, for several server processes at once."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        db.session.add(User(username="ana", username_key="ana", email="ana@example.com",
                            display_name="Ana", password_hash=password_hash()))
        db.session.commit()
        db.engine.dispose()
    return url


@pytest.fixture
def start_server(tmp_path):
    """Start an app server process; returns its base URL. Every process is stopped after."""
    script = tmp_path / "serve.py"
    script.write_text(SERVER)
    processes = []

    def start(*args: str) -> str:
        env = {**os.environ, "APP_ENV": "testing", "PYTHONPATH": str(ROOT)}
        process = subprocess.Popen(
            [sys.executable, str(script), *args], cwd=ROOT, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        processes.append(process)
        port = process.stdout.readline().strip()
        if not port.isdigit():
            process.kill()
            pytest.fail(f"the server did not start: {process.stderr.read()}")
        return f"http://127.0.0.1:{port}"

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()


class Browser:
    """A minimal cookie-keeping HTTP client for a real server."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, path: str, form: dict | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()

    def failed_login(self) -> int:
        token = TOKEN_PATTERN.search(self.request("/login")[1]).group(1)
        form = {"csrf_token": token, "login": "ana", "password": WRONG}
        return self.request("/login", form)[0]


def test_two_processes_share_the_count_through_redis(redis_url, shared_database, start_server):
    prefix = f"test-{uuid.uuid4().hex}"
    first = Browser(start_server(shared_database, redis_url, prefix))
    second = Browser(start_server(shared_database, redis_url, prefix))
    # Each process sees at most two failures itself; only a shared count reaches the limit.
    assert first.failed_login() == 422
    assert second.failed_login() == 422
    assert first.failed_login() == 422
    assert second.failed_login() == 429
    assert first.failed_login() == 429


def test_two_processes_share_the_count_through_the_default_sqlite_file(
    tmp_path, shared_database, start_server
):
    storage = f"sqlite:///{tmp_path / 'ratelimits.sqlite'}"
    first = Browser(start_server(shared_database, storage, "planner"))
    second = Browser(start_server(shared_database, storage, "planner"))
    assert first.failed_login() == 422
    assert second.failed_login() == 422
    assert first.failed_login() == 422
    assert second.failed_login() == 429
    assert first.failed_login() == 429


# --- the SQLite store on its own ----------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    """A SQLite store in a fresh file."""
    return SQLiteStorage(f"sqlite:///{tmp_path / 'limits.sqlite'}")


def test_the_sqlite_store_counts_per_key_until_the_window_ends(store, monkeypatch):
    assert store.incr("a", 60) == 1
    assert store.incr("a", 60, amount=2) == 3
    assert store.incr("b", 60) == 1
    assert store.get("a") == 3 and store.get("missing") == 0
    ends = store.get_expiry("a")
    later = ends + 1
    monkeypatch.setattr("planner.ratelimit_store.time.time", lambda: later)
    assert store.get("a") == 0
    assert store.incr("a", 60) == 1  # a new window starts
    assert store.get_expiry("a") == later + 60


def test_a_second_connection_to_the_file_sees_the_same_counts(store, tmp_path):
    store.incr("a", 60)
    other = SQLiteStorage(f"sqlite:///{tmp_path / 'limits.sqlite'}")
    assert other.incr("a", 60) == 2
    other.clear("a")
    assert store.get("a") == 0
    store.incr("b", 60)
    assert store.check() is True and store.reset() == 1


def test_a_sqlite_uri_without_a_file_is_refused():
    with pytest.raises(ValueError, match="names no file"):
        SQLiteStorage("sqlite://")


# --- an unreachable store ---------------------------------------------------------------


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app_with_store(app_config, tmp_path):
    """app_with_store(uri): an app on the test database counting in the store at uri."""
    made = []

    def make(uri: str):
        app = create_app({**app_config, "RATELIMIT_STORAGE_URI": uri,
                          "LOGIN_LIMIT_ACCOUNT": "2 per minute"})
        app.config.update(OUTBOX_DIR=str(tmp_path / "outbox"), MAIL_SERVER=None)
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("storage", ["redis", "sqlite"])
def test_an_unreachable_store_fails_open_with_a_warning(
    app_with_store, closed_port, tmp_path, ana, caplog, storage
):
    uri = {
        "redis": f"redis://127.0.0.1:{closed_port}/0",
        "sqlite": f"sqlite:///{tmp_path / 'missing' / 'limits.sqlite'}",  # no such folder
    }[storage]
    app = app_with_store(uri)
    with caplog.at_level(logging.WARNING):
        assert log_in(app.test_client(), "ana").status_code == 303
    assert "Rate limit storage unreachable" in caplog.text
    # The limits still hold, counted in this process until the store is back.
    assert log_in(app.test_client(), "ana", WRONG).status_code == 422
    assert log_in(app.test_client(), "ana", WRONG).status_code == 422
    assert log_in(app.test_client(), "ana", PASSWORD).status_code == 429
