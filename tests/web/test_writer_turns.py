"""SQLite writers take turns, threads on a lock and processes on a file lock, instead of polling
SQLite's busy handler, and no failure ever leaves the turn taken."""

import fcntl
import multiprocessing
import os
import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from planner import create_app
from planner.extensions import db


def sqlite_app(tmp_path, busy_seconds: float):
    """An app on its own SQLite file with a counter table, waiting busy_seconds for a turn."""
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'turns.db'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": busy_seconds}},
        "WTF_CSRF_ENABLED": False,
    })
    with app.app_context(), db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE counter (n INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO counter VALUES (0)")

    @app.post("/bump")
    def bump():
        db.session.execute(sa.text("UPDATE counter SET n = n + 1"))
        db.session.commit()
        return "ok"

    @app.post("/fail")
    def fail():
        db.session.execute(sa.text("UPDATE counter SET n = n + 100"))
        raise RuntimeError("a bug after the first write")

    return app


@pytest.fixture
def impatient(tmp_path):
    """An app whose writers never wait: a taken turn answers at once."""
    app = sqlite_app(tmp_path, 0)
    yield app
    with app.app_context():
        db.engine.dispose()


def counter(app) -> int:
    """The counter's value."""
    with app.app_context(), db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT n FROM counter").scalar()


def test_threads_queue_for_the_write_lock_rather_than_on_sqlite(tmp_path):
    """With SQLite's own busy wait turned off, only the writer lock keeps threads apart."""
    app = sqlite_app(tmp_path, 15)
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "connect",
                    lambda dbapi, _record: dbapi.execute("PRAGMA busy_timeout = 0"))
    engine.dispose()
    errors: list[Exception] = []

    def bump():
        try:
            for _ in range(20):
                with engine.begin() as conn:
                    n = conn.exec_driver_sql("SELECT n FROM counter").scalar()
                    conn.exec_driver_sql("UPDATE counter SET n = ?", (n + 1,))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=bump) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counter(app) == 120
    engine.dispose()


def test_a_writer_without_a_turn_in_time_answers_503(impatient):
    with impatient.app_context(), db.engine.connect() as holder:
        holder.begin()  # outside a request: BEGIN IMMEDIATE, the turn taken
        holder.exec_driver_sql("UPDATE counter SET n = n + 1")
        refused = impatient.test_client().post("/bump")
        holder.commit()
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "5"
    assert impatient.test_client().post("/bump").status_code == 200
    assert counter(impatient) == 2


def test_a_request_that_fails_after_writing_gives_the_turn_back(impatient):
    assert impatient.test_client().post("/fail").status_code == 500
    assert impatient.test_client().post("/bump").status_code == 200
    assert counter(impatient) == 1  # the failed request's write was rolled back


def test_a_begin_that_sqlite_refuses_gives_the_turn_back(impatient, tmp_path):
    other_process = sqlite3.connect(tmp_path / "turns.db", timeout=0, isolation_level=None)
    other_process.execute("BEGIN IMMEDIATE")
    try:
        assert impatient.test_client().post("/bump").status_code == 503
    finally:
        other_process.execute("ROLLBACK")
        other_process.close()
    assert impatient.test_client().post("/bump").status_code == 200


def test_a_connection_dropped_inside_a_transaction_gives_the_turn_back(impatient):
    with impatient.app_context():
        holder = db.engine.connect()
        holder.begin()
        holder.exec_driver_sql("UPDATE counter SET n = n + 1")
        holder.invalidate()  # closed under the transaction, as after a lost file
        holder.close()
    assert impatient.test_client().post("/bump").status_code == 200
    assert counter(impatient) == 1


def bump_in_another_process(database_path: str, times: int, start_at: float) -> None:
    """Read-then-write the counter times over, from a process of its own, never busy-waiting."""
    app = sqlite_app_at(database_path, busy_seconds=15)
    with app.app_context():
        engine = db.engine
        sa.event.listen(engine, "connect",
                        lambda dbapi, _record: dbapi.execute("PRAGMA busy_timeout = 0"))
        engine.dispose()
        # Every process starts writing at the same moment, whatever its start-up took.
        time.sleep(max(0.0, start_at - time.time()))
        for _ in range(times):
            with engine.begin() as conn:
                n = conn.exec_driver_sql("SELECT n FROM counter").scalar()
                conn.exec_driver_sql("UPDATE counter SET n = ?", (n + 1,))
        engine.dispose()


def sqlite_app_at(database_path: str, busy_seconds: float):
    """An app on an existing SQLite file."""
    return create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database_path}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": busy_seconds}},
    })


def test_processes_take_turns_on_the_file_lock_rather_than_on_sqlite(tmp_path):
    """Writers of separate processes, with SQLite's busy wait off, lose nothing."""
    app = sqlite_app(tmp_path, 15)
    with app.app_context():
        db.engine.dispose()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=bump_in_another_process,
                               args=(str(tmp_path / "turns.db"), 200, time.time() + 5))
               for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0, 0]
    assert counter(app) == 600


def test_a_turn_kept_by_another_process_answers_503_then_frees(impatient, tmp_path):
    other_process = os.open(tmp_path / "turns.db-turn", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(other_process, fcntl.LOCK_EX)
        assert impatient.test_client().post("/bump").status_code == 503
        fcntl.flock(other_process, fcntl.LOCK_UN)
        assert impatient.test_client().post("/bump").status_code == 200
    finally:
        os.close(other_process)
    assert counter(impatient) == 1
