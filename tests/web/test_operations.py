"""What an operator relies on: health and readiness, timeouts, recovery, durable SQLite."""

import flask_migrate
import pytest
import sqlalchemy as sa
from flask_login import current_user
from sqlalchemy import text

import config
from planner import create_app
from planner.extensions import db
from tests.support.databases import postgres_url


def migrated_app(url: str):
    """An app on url with every migration applied."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade(directory=str(app.extensions["migrate"].directory))
    return app


def test_health_answers_while_the_process_runs(client):
    response = client.get("/health")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok\n"


def test_ready_when_the_database_is_migrated(empty_database_url):
    app = migrated_app(empty_database_url)
    response = app.test_client().get("/ready")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        db.engine.dispose()


def test_not_ready_before_the_migrations_ran(empty_database_url, caplog):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    response = app.test_client().get("/ready")
    assert response.status_code == 503
    assert "not migrated" in caplog.text and "db upgrade" in caplog.text
    with app.app_context():
        db.engine.dispose()


def test_not_ready_when_the_database_cannot_be_reached(caplog):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:9/x",
                      "DATABASE_WAIT_SECONDS": 2})
    response = app.test_client().get("/ready")
    assert response.status_code == 503
    assert "cannot be reached" in caplog.text


def test_a_relative_sqlite_path_is_taken_from_the_project_folder():
    url = config.database_url("sqlite:///instance/planner.db")
    assert url == f"sqlite:///{config.BASE_DIR / 'instance' / 'planner.db'}"
    assert "instance/instance" not in url
    assert config.database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    assert config.database_url("sqlite:///:memory:") == "sqlite:///:memory:"


def test_sqlite_commits_are_durable_by_default(sqlite_app):
    with sqlite_app.app_context():
        assert db.session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_an_unknown_synchronous_mode_stops_start_up(tmp_path):
    with pytest.raises(RuntimeError, match="SQLITE_SYNCHRONOUS"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
                    "SQLITE_SYNCHRONOUS": "OFF"})


def test_a_sqlite_connection_that_turned_read_only_is_replaced(sqlite_app):
    """After a read-only or I/O error the next request gets a fresh connection."""
    with sqlite_app.app_context():
        db.session.execute(text("PRAGMA query_only = ON"))  # writes now fail on this connection
        db.session.commit()
        with pytest.raises(Exception, match="readonly"):
            db.session.execute(text("CREATE TABLE t (x)"))
        db.session.rollback()
        db.session.execute(text("CREATE TABLE t (x)"))  # a new connection, writable again
        db.session.commit()
        assert db.session.execute(text("PRAGMA query_only")).scalar() == 0


@pytest.fixture
def sqlite_app(tmp_path):
    """An app on a SQLite file, whatever database the suite runs on."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'ops.db'}",
                      "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 0}})
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.skipif(not postgres_url(), reason="TEST_DATABASE_URL is not set")
def test_a_slow_statement_on_postgresql_answers_503_within_the_limit(app_config):
    app = create_app({**app_config, "STATEMENT_TIMEOUT": 1})

    @app.get("/test-only/slow")
    def slow():
        db.session.execute(text("SELECT pg_sleep(30)"))
        return "never"

    try:
        response = app.test_client().get("/test-only/slow")
        assert response.status_code == 503
        with app.app_context():
            assert db.session.execute(text("SHOW statement_timeout")).scalar() == "1s"
            db.session.remove()
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.skipif(not postgres_url(), reason="TEST_DATABASE_URL is not set")
def test_a_database_that_dies_after_the_answer_does_not_turn_it_into_a_500(app_config):
    """The connection is cut between the view's work and the end of the request."""
    app = create_app(app_config)
    killer = sa.create_engine(postgres_url())

    @app.get("/test-only/cut")
    def cut():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with killer.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return "done"

    @app.get("/test-only/query")
    def query():
        return str(db.session.execute(text("SELECT 1")).scalar_one())

    try:
        response = app.test_client().get("/test-only/cut")
        assert response.status_code == 200 and response.get_data(as_text=True) == "done"
        assert app.test_client().get("/test-only/query").get_data(as_text=True) == "1"
    finally:
        killer.dispose()
        with app.app_context():
            db.engine.dispose()


@pytest.mark.skipif(not postgres_url(), reason="TEST_DATABASE_URL is not set")
def test_a_database_that_dies_mid_request_answers_503(app_config):
    """The connection is cut, then the view queries again: a passing failure, never a 500."""
    app = create_app(app_config)
    killer = sa.create_engine(postgres_url())

    @app.get("/test-only/cut-then-query")
    def cut_then_query():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with killer.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        db.session.execute(text("SELECT 1"))
        return "never"

    try:
        response = app.test_client().get("/test-only/cut-then-query")
        assert response.status_code == 503
        assert "briefly unavailable" in response.get_data(as_text=True)
    finally:
        killer.dispose()
        with app.app_context():
            db.engine.dispose()


@pytest.mark.skipif(not postgres_url(), reason="TEST_DATABASE_URL is not set")
def test_the_503_page_renders_for_a_signed_in_user_whose_row_cannot_load(
    app_config, make_user
):
    """The navigation names the user: with the database gone, the page is a visitor's."""
    app = create_app(app_config)
    killer = sa.create_engine(postgres_url())
    user = make_user(username="ana")

    @app.get("/test-only/signed-in-cut")
    def signed_in_cut():
        assert current_user.is_authenticated
        db.session.expire(current_user._get_current_object())  # as a rollback would
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with killer.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        db.session.execute(text("SELECT 1"))
        return "never"

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
    try:
        response = client.get("/test-only/signed-in-cut")
        assert response.status_code == 503
        assert "Log in" in response.get_data(as_text=True)
    finally:
        killer.dispose()
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("seconds", [0, 31])
def test_a_database_wait_out_of_bounds_stops_start_up(tmp_path, seconds):
    with pytest.raises(RuntimeError, match="DATABASE_WAIT_SECONDS"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
                    "DATABASE_WAIT_SECONDS": seconds})
