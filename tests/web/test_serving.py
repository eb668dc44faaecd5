"""gunicorn as `make run` starts it: no Server banner, no tokens in the access log."""

import urllib.request

import pytest

from planner.serving import redact
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


@pytest.fixture
def server(tmp_path):
    """The app under gunicorn with make run's logging, its output kept in a file."""
    env = {"APP_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
           "BASE_URL": "http://127.0.0.1"}
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
