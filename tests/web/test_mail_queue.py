"""Mail leaves through the task queue: a dead or stalled mail server never touches a request."""

import os
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.mail import RETRIES, FailedMail, requeue_unsent, send_mail
from planner.tasks import huey, make_storage, run_pending
from tests.support.accounts import password_hash

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAME_ANSWER = "If an account uses that address, a reset link is on its way."


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def stalled_smtp():
    """A loopback server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def run_all_retries(app) -> None:
    """Run the queued mail and every retry at once instead of waiting out the backoff."""
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
    with app.app_context():
        run_pending()
        for _ in range(RETRIES):
            for task in huey.read_schedule(later):
                huey.execute(task, timestamp=later)


def test_a_dead_mail_server_fails_no_request_and_loses_nothing_saved(
    app, client, make_user, outbox, post_comment, all_comments
):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port(), MAIL_USE_TLS=False)
    make_user(role="admin", email="admin@example.com")
    response = post_comment(comment="Held while the mail server is down")
    assert response.status_code == 303
    [comment] = all_comments()
    assert comment.body == "Held while the mail server is down"
    run_all_retries(app)
    with app.app_context():
        [failed] = db.session.scalars(select(FailedMail)).all()
    assert failed.recipients == "admin@example.com"
    assert failed.subject == "A comment is waiting for moderation"
    assert "refused" in failed.error.lower()


@pytest.mark.parametrize("known", [True, False])
def test_the_reset_answer_is_the_same_with_a_dead_mail_server(
    app, client, make_user, outbox, known, post
):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port(), MAIL_USE_TLS=False)
    make_user(username="ana", email="ana@example.com", password_hash=password_hash())
    address = "ana@example.com" if known else "nobody@example.com"
    response = post("/reset-password", {"email": address})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert SAME_ANSWER in client.get("/login").get_data(as_text=True)


def test_a_stalled_mail_server_is_given_up_on_after_the_timeout(app, stalled_smtp, outbox):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=stalled_smtp, MAIL_USE_TLS=False,
                      REMOTE_TIMEOUT=1)
    with app.app_context():
        send_mail("ana@example.com", "Hello", "Body")  # outside a request: queued at once
        started = time.monotonic()
        assert run_pending() == 1
        assert time.monotonic() - started < 30  # a guard against hanging, not a timing
        assert len(huey.scheduled()) == 1  # to be tried again later


def test_a_failed_request_sends_no_mail(app, client, outbox):
    @app.get("/test-only/mail-then-fail")
    def mail_then_fail():
        send_mail("ana@example.com", "About a change that was rolled back", "Body")
        raise RuntimeError("the change failed after the mail was written")

    assert client.get("/test-only/mail-then-fail").status_code == 500
    assert outbox.messages() == []


def test_a_queued_message_waits_for_the_request_to_end(app, outbox):
    with app.test_request_context():
        send_mail("ana@example.com", "Hello", "Body")
        assert run_pending() == 0  # the request is not over: nothing is queued yet
    assert [m["Subject"] for m in outbox.messages()] == ["Hello"]


def test_the_worker_sends_what_a_request_queued(tmp_path, database_url):
    """A real huey_consumer process takes the message from SQLite storage and writes it out."""
    queue = f"sqlite:///{tmp_path / 'tasks.db'}"
    outbox_dir = tmp_path / "outbox"
    env = {**os.environ, "APP_ENV": "development", "TASK_QUEUE_URL": queue,
           "DATABASE_URL": database_url, "BASE_URL": "http://127.0.0.1",
           "PYTHONPATH": ROOT}
    script = (
        "import wsgi\n"
        "from planner.mail import send_mail\n"
        f"wsgi.app.config['OUTBOX_DIR'] = {str(outbox_dir)!r}\n"
        "with wsgi.app.app_context():\n"
        "    send_mail('ana@example.com', 'From the worker', 'Body')\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True, timeout=60)
    assert not outbox_dir.exists()  # queued, not sent
    consumer_script = (
        "import wsgi\n"
        f"wsgi.app.config['OUTBOX_DIR'] = {str(outbox_dir)!r}\n"
        "from planner.tasks import huey\n"
        "huey.create_consumer(workers=1, periodic=False, check_worker_health=False).run()\n"
    )
    worker = subprocess.Popen([sys.executable, "-c", consumer_script], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(outbox_dir.glob("*.eml")):
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    [message] = list(outbox_dir.glob("*.eml"))
    assert "Subject: From the worker" in message.read_text()


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set")
def test_the_queue_can_live_in_redis(app, outbox):
    storage = make_storage(os.environ["TEST_REDIS_URL"], timeout=2)
    previous, huey.storage = huey.storage, storage
    try:
        storage.flush_queue()
        with app.app_context():
            send_mail("ana@example.com", "Through Redis", "Body")
        assert storage.queue_size() == 1
        assert [m["Subject"] for m in outbox.messages()] == ["Through Redis"]
    finally:
        storage.flush_all()
        huey.storage = previous


def test_a_queue_url_of_another_kind_stops_start_up():
    with pytest.raises(RuntimeError, match="TASK_QUEUE_URL"):
        make_storage("amqp://127.0.0.1", timeout=1)


def test_mail_the_queue_cannot_take_is_kept_and_queued_again(app, client, post, outbox,
                                                           monkeypatch, make_user):
    make_user(username="ana", email="ana@example.com", password_hash=password_hash())

    def down(*args, **kwargs):
        raise ConnectionError("the queue's store is down")

    with monkeypatch.context() as patch:
        patch.setattr(huey.storage, "enqueue", down)
        response = post("/reset-password", {"email": "ana@example.com"})
    assert response.status_code == 303
    with app.app_context():
        [kept] = db.session.scalars(select(FailedMail)).all()
    assert kept.recipients == "ana@example.com" and kept.unsent
    assert outbox.messages() == []
    with app.app_context():
        assert requeue_unsent.call_local() == 1
        assert db.session.scalars(select(FailedMail)).all() == []
    [message] = outbox.messages()
    assert message["To"] == "ana@example.com" and "/reset-password/" in message.get_content()
