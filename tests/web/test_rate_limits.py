"""Failed log-ins are limited per account and per address, in one process or shared by many."""

import html
import http.cookiejar
import os
import re
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
from tests.support.accounts import PASSWORD, log_in, password_hash
from tests.support.forms import token_in

pytestmark = pytest.mark.usefixtures("outbox")

ROOT = Path(__file__).resolve().parents[2]
WRONG = "not the password"


@pytest.fixture
def limits(app):
    """Set small limits on the app: limits(account="3 per minute", address=...)."""

    def apply(account: str = "100 per minute", address: str = "100 per minute",
              reset: str = "100 per minute") -> None:
        app.config.update(LOGIN_LIMIT_ACCOUNT=account, LOGIN_LIMIT_ADDRESS=address,
                          RESET_LIMIT=reset)

    return apply


def wait_seconds(response) -> int:
    """The number of seconds the 429 answer asks the user to wait."""
    text = html.unescape(response.get_data(as_text=True))
    return int(re.search(r"Please wait (\d+) seconds? and try again\.", text).group(1))


def test_failed_logins_per_account_answer_429_with_when_to_retry(client, limits, ana):
    limits(account="3 per minute")
    for _ in range(3):
        assert log_in(client, "ana", WRONG).status_code == 422
    response = log_in(client, "ana", WRONG)
    assert response.status_code == 429
    assert 1 <= wait_seconds(response) <= 60
    assert response.headers["Retry-After"] == str(wait_seconds(response))
    assert log_in(client, "ana", PASSWORD).status_code == 429  # even the right password waits
    assert log_in(client, "someone-else", WRONG).status_code == 422


def test_the_account_count_ignores_case_and_whether_name_or_email_is_used(app, limits, ana):
    limits(account="3 per minute")
    for login in ("ana", "ANA@example.com", " Ana "):
        assert log_in(app.test_client(), login, WRONG).status_code == 422
    assert log_in(app.test_client(), "ana@example.com", WRONG).status_code == 429


def test_failed_logins_per_address_answer_429(app, limits, ana):
    limits(address="3 per minute")
    client = app.test_client()
    for login in ("ana", "bob", "carla"):
        assert log_in(client, login, WRONG).status_code == 422
    response = log_in(client, "dmitri", WRONG)
    assert response.status_code == 429 and "Retry-After" in response.headers
    elsewhere = app.test_client()
    response = log_in(elsewhere, "ana", PASSWORD, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 303


def test_successful_logins_do_not_count(app, limits, ana):
    limits(account="3 per minute", address="3 per minute")
    for _ in range(5):
        assert log_in(app.test_client(), "ana").status_code == 303
    assert log_in(app.test_client(), "ana", WRONG).status_code == 422


def test_a_success_between_failures_is_not_counted(app, limits, ana):
    limits(account="3 per minute")
    assert log_in(app.test_client(), "ana", WRONG).status_code == 422
    assert log_in(app.test_client(), "ana", WRONG).status_code == 422
    assert log_in(app.test_client(), "ana").status_code == 303
    assert log_in(app.test_client(), "ana", WRONG).status_code == 422
    assert log_in(app.test_client(), "ana", WRONG).status_code == 429


def test_the_login_page_itself_is_never_limited(client, limits, ana):
    limits(account="1 per minute", address="1 per minute")
    log_in(client, "ana", WRONG)
    for _ in range(3):
        assert client.get("/login").status_code == 200


def test_a_limited_htmx_login_puts_the_message_in_the_message_area(client, hx, limits, ana):
    limits(account="1 per minute")
    log_in(client, "ana", WRONG, headers=hx)
    response = log_in(client, "ana", WRONG, headers=hx)
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and "<html" not in page
    assert response.headers["HX-Retarget"] == "#messages"
    assert 'id="error-message"' in page and "Too many attempts" in page


def test_reset_requests_are_limited_per_address(client, limits, ana, outbox, post):
    limits(reset="2 per minute")
    for _ in range(2):
        assert post("/reset-password", {"email": "ana@example.com"}).status_code == 303
    response = post("/reset-password", {"email": "ana@example.com"})
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert len(outbox.messages()) == 2


# --- two processes sharing Redis --------------------------------------------------------

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
        token = token_in(self.request("/login")[1])
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
