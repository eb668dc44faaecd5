"""gunicorn as `make run` starts it: no Server banner, no tokens in the access log."""

import socket
import urllib.request

import flask_migrate
import pytest

from planner import create_app
from planner.extensions import db
from planner.logs import redact
from tests.perf.servers import Server

SECRET = "eyJzZWNyZXQiOiJ0b2tlbiJ9.abc-DEF_123"


def test_every_route_with_a_token_is_redacted(app):
    rules = [rule for rule in app.url_map.iter_rules() if "token" in rule.arguments]
    assert rules, "the reset and opt-out links carry tokens"
    with app.test_request_context():
        for rule in rules:
            path = app.url_map.bind("localhost").build(rule.endpoint, {"token": SECRET})
            line = f'GET {path}?x=1 HTTP/1.1 "http://localhost{path}"'
            assert SECRET not in redact(line), rule.rule
            assert "[token]" in redact(line)


def test_redact_leaves_other_paths_alone():
    assert redact("GET /guides/micro-jobs HTTP/1.1") == "GET /guides/micro-jobs HTTP/1.1"


def migrate(url: str) -> None:
    """Bring the database at url to the newest revision, as `make db` does."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade(directory=str(app.extensions["migrate"].directory))
        db.engine.dispose()


@pytest.fixture
def server(tmp_path):
    """The app under gunicorn with make run's logging, its output kept in a file."""
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    migrate(url)
    env = {"APP_ENV": "development", "DATABASE_URL": url, "BASE_URL": "http://127.0.0.1"}
    log = tmp_path / "gunicorn.log"
    with Server("wsgi:app", env=env, workers=1, log=log,
                options=["--access-logfile", "-"]) as running:
        yield running, log


def test_no_server_banner_and_no_token_in_the_access_log(server):
    running, log = server
    request = urllib.request.Request(
        f"{running.url}/reset-password/{SECRET}",
        headers={"Referer": f"{running.url}/mail/stop/{SECRET}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert response.headers.get("Server") is None
    running.stop()
    written = log.read_text()
    assert "/reset-password/[token]" in written and "/mail/stop/[token]" in written
    assert SECRET not in written


@pytest.mark.parametrize(
    ("database", "says"),
    [("sqlite:///{tmp}/empty.db", "is not migrated"),
     ("postgresql://postgres@127.0.0.1:9/none", "cannot be reached")],
)
def test_start_up_stops_with_the_reason_when_the_database_cannot_be_used(tmp_path, database,
                                                                        says):
    env = {"APP_ENV": "development", "DATABASE_URL": database.format(tmp=tmp_path),
           "BASE_URL": "http://127.0.0.1", "REMOTE_TIMEOUT": "2"}
    log = tmp_path / "gunicorn.log"
    with pytest.raises(RuntimeError, match="exited"):
        Server("wsgi:app", env=env, workers=1, log=log).start()
    assert f"Not starting: the database {says}" in log.read_text()



def test_slow_clients_do_not_stall_everyone(server):
    """Two uploads that trickle in hold a thread each, not the worker: others are served."""
    running, _ = server
    slow = []
    try:
        for _ in range(2):
            conn = socket.create_connection(("127.0.0.1", running.port), timeout=10)
            conn.sendall(b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\n"
                         b"Content-Length: 1000\r\n\r\nlogin=a")  # the rest never comes
            slow.append(conn)
        # A sync worker would sit on the first upload until it timed out; this would wait.
        with urllib.request.urlopen(f"{running.url}/health", timeout=5) as response:
            assert response.status == 200
    finally:
        for conn in slow:
            conn.close()
