"""The schema comes from the migrations, and SQLite is set up for concurrent writers."""

import threading

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from planner import create_app
from planner.extensions import db


def test_migrations_build_exactly_the_models_schema(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
            tables = set(sa.inspect(conn).get_table_names())
        db.engine.dispose()
    assert differences == []
    assert set(db.metadata.tables) <= tables


def test_migrations_go_down_and_up_again(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        flask_migrate.upgrade()
        flask_migrate.downgrade(revision="base")
        with db.engine.connect() as conn:
            left = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
        flask_migrate.upgrade()
        db.engine.dispose()
    assert left == set()


@pytest.fixture
def sqlite_app(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}"})
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(sqlite_app):
    with sqlite_app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000


def test_writes_begin_immediate_and_reads_deferred(sqlite_app, count_queries):
    seen: list[str] = []

    @sqlite_app.route("/probe", methods=["GET", "POST"])
    def probe():
        db.session.execute(sa.text("SELECT 1"))
        return "ok"

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    with sqlite_app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    client = sqlite_app.test_client()
    sqlite_app.config["WTF_CSRF_ENABLED"] = False
    client.get("/probe")
    client.post("/probe")
    sa.event.remove(engine, "before_cursor_execute", record)
    assert [s for s in seen if s.startswith("BEGIN")] == ["BEGIN", "BEGIN IMMEDIATE"]


def test_concurrent_writers_wait_instead_of_failing(sqlite_app):
    """Many threads incrementing one row lose no update and never see 'locked'."""
    with sqlite_app.app_context():
        with db.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE counter (n INTEGER NOT NULL)")
            conn.exec_driver_sql("INSERT INTO counter VALUES (0)")
        engine = db.engine
    errors: list[Exception] = []

    def bump():
        try:
            for _ in range(20):
                with engine.begin() as conn:  # outside a request: BEGIN IMMEDIATE
                    n = conn.exec_driver_sql("SELECT n FROM counter").scalar()
                    conn.exec_driver_sql("UPDATE counter SET n = ?", (n + 1,))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=bump) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as conn:
        total = conn.exec_driver_sql("SELECT n FROM counter").scalar()
    assert errors == []
    assert total == 120
