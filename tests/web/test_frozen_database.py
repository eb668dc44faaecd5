"""A frozen PostgreSQL: every request gives up within DATABASE_WAIT_SECONDS, the site recovers.

The server's processes are stopped with SIGSTOP. Its kernel still accepts connections and
acknowledges what is sent, so TCP keepalives, tcp_user_timeout and the server's statement
timeout never fire: only the app's own deadline ends the wait. The server is one of the
tests' own (own_postgres), never the shared one.
"""

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from planner import create_app
from planner.database import BoundedConnection
from planner.extensions import csrf, db

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

WAIT = 2  # DATABASE_WAIT_SECONDS under test (psycopg connects in no less than 2 s)
WORKER_TIMEOUT = 30  # gunicorn's: a request still waiting then has hung the worker


@pytest.fixture
def app(own_postgres):
    """An app on the test's own PostgreSQL, with a few routes that use the database."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": own_postgres.url,
                      "DATABASE_WAIT_SECONDS": WAIT})
    with app.app_context():
        db.session.execute(text("CREATE TABLE IF NOT EXISTS notes (body text)"))
        db.session.execute(text("DELETE FROM notes"))
        db.session.commit()

    @app.get("/test-only/backend")
    def backend():
        return str(db.session.execute(text("SELECT pg_backend_pid()")).scalar_one())

    @app.post("/test-only/write")
    @csrf.exempt
    def write():
        db.session.execute(text("INSERT INTO notes VALUES ('half')"))
        app.config["WRITING"].set()
        db.session.execute(text("SELECT pg_sleep(1)"))
        db.session.commit()
        return "saved"

    @app.get("/test-only/twice")
    def twice():
        try:
            db.session.execute(text("SELECT 1"))
        except OperationalError:  # the first wait gives up; the second call is under test
            db.session.rollback()
        db.session.execute(text("SELECT 2"))
        return "never"

    @app.get("/test-only/sleep")
    def sleep():
        db.session.execute(text("SELECT pg_sleep(:s)"), {"s": WAIT + 1})
        return "slept"

    yield app
    own_postgres.thaw()
    with app.app_context():
        db.engine.dispose()


def answer_while_frozen(server, send, freeze_after: threading.Event | None = None):
    """Freeze server, send a request from a thread, and return its answer, still frozen.

    freeze_after: freeze only once the request sets this event (it is then under way).
    A request that has not answered by gunicorn's worker timeout fails the test.
    """
    result = {}

    def run():
        result["answer"] = send()

    if freeze_after is None:
        server.freeze()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    if freeze_after is not None:
        assert freeze_after.wait(WORKER_TIMEOUT)
        server.freeze()
    thread.join(WORKER_TIMEOUT)
    hung = thread.is_alive()
    still_frozen = bool(server.frozen)
    server.thaw()
    assert not hung, "the request waited on the frozen database until the worker timeout"
    assert still_frozen
    return result["answer"]


def test_a_pooled_connection_to_a_frozen_database_answers_503_then_recovers(app, own_postgres):
    client = app.test_client()
    before = client.get("/test-only/backend")
    assert before.status_code == 200
    answer = answer_while_frozen(own_postgres, lambda: client.get("/test-only/backend"))
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert "try again" in answer.get_data(as_text=True)
    after = client.get("/test-only/backend")  # resumed: the next request is served at once
    assert after.status_code == 200
    assert after.get_data() != before.get_data()  # the waiting connection was thrown away


def test_connecting_to_a_frozen_database_answers_503(app, own_postgres):
    with app.app_context():
        db.engine.dispose()  # no connection in the pool: the request must connect
    client = app.test_client()
    answer = answer_while_frozen(own_postgres, lambda: client.get("/test-only/backend"))
    assert answer.status_code == 503
    assert client.get("/test-only/backend").status_code == 200


def test_a_write_under_way_when_the_database_freezes_saves_nothing(app, own_postgres):
    client = app.test_client()
    app.config["WRITING"] = threading.Event()
    answer = answer_while_frozen(own_postgres, lambda: client.post("/test-only/write"),
                                 freeze_after=app.config["WRITING"])
    assert answer.status_code == 503
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM notes")).scalar_one() == 0


def test_a_request_that_gave_up_does_not_wait_again(app, own_postgres, caplog):
    client = app.test_client()
    answer = answer_while_frozen(own_postgres, lambda: client.get("/test-only/twice"))
    assert answer.status_code == 503
    assert "did not answer earlier in this request" in caplog.text


def test_the_deadline_holds_for_requests_only(app):
    """A live server's statement past the deadline: 503 in a request, done in a command."""
    assert app.test_client().get("/test-only/sleep").status_code == 503
    with app.app_context():  # migrations, backups and the queue's worker run like this
        db.session.execute(text("SELECT pg_sleep(:s)"), {"s": WAIT + 1})
        connection = db.session.connection().connection.driver_connection
        assert isinstance(connection, BoundedConnection)
        db.session.remove()
