"""Engine tuning: SQLite that survives concurrent writers, PostgreSQL that cannot hang a request."""

import hashlib
import logging
import os
import sqlite3
from datetime import UTC, datetime
from functools import partial

import psycopg
from flask import has_request_context, request
from psycopg.errors import _WaitTimeout as WaitTimeout  # what Connection.wait(timeout=) raises
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from planner.extensions import db
from planner.writer_turns import NoTurn, WriterTurns

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


SYNCHRONOUS_MODES = frozenset({"FULL", "NORMAL"})
# SQLite errors after which a connection may stay broken although the cause went away (the
# file was made writable again, the disk has room again): such connections are replaced.
SQLITE_BROKEN_CONNECTION = ("readonly database", "disk i/o error", "database or disk is full",
                            "unable to open database file")


# Set on a request (in its WSGI environ) once one of its waits on PostgreSQL ran out of time:
# its later calls fail at once, so the error page does not wait for the frozen server again.
GAVE_UP = "planner.database_gave_up"
# How often a PostgreSQL backend checks, while a statement runs, that its client is still there
# (milliseconds, PostgreSQL 14+): a request that gave up must not leave its query running.
CLIENT_CHECK_MILLISECONDS = 1000


class DatabaseDidNotAnswer(psycopg.OperationalError):
    """PostgreSQL took longer than DATABASE_WAIT_SECONDS to answer a request's call."""


class BoundedConnection(psycopg.Connection):
    """A psycopg connection whose every wait on the server, inside a request, has a deadline.

    A frozen server (stopped, or its host hung while its kernel still answers) acknowledges
    what it is sent, so TCP keepalives, tcp_user_timeout and the server's own statement
    timeout never fire; only the client can stop waiting. Past the deadline the connection
    is closed, which SQLAlchemy sees as a disconnect: the pool discards it, the request
    answers 503, and the next request connects afresh.
    """

    wait_seconds: float = 0  # DATABASE_WAIT_SECONDS, set as it connects; 0: no deadline

    def wait(self, gen, interval=0.1, timeout=None):
        """Consume gen as psycopg does, within the deadline when a request is waiting."""
        if timeout is not None or not self.wait_seconds or not has_request_context():
            return super().wait(gen, interval, timeout)  # outside requests: migrations, worker
        if request.environ.get(GAVE_UP):
            return self._give_up("earlier in this request")
        try:
            return super().wait(gen, interval, self.wait_seconds)
        except WaitTimeout:
            return self._give_up(f"within {self.wait_seconds:g} s")

    def _give_up(self, when: str):
        request.environ[GAVE_UP] = True
        self.pgconn.finish()  # closed: SQLAlchemy counts it a disconnect and drops it
        raise DatabaseDidNotAnswer(f"PostgreSQL did not answer {when}; connection closed")


class TurnTakingConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions take a turn on its engine's writer lock.

    Writers queue on writer_turns instead of sleeping in SQLite's busy handler.
    """

    turns: WriterTurns  # the engine's turns, shared by its connections
    wait_seconds: float = 5.0  # how long to wait for a turn: the connection's busy timeout
    holding: bool = False

    def take_turn(self) -> None:
        """Wait for the turn to write, as long as SQLite would wait for its own lock."""
        try:
            self.turns.take(self.wait_seconds)
        except NoTurn as error:
            raise sqlite3.OperationalError(f"database is locked: {error}") from error
        self.holding = True

    def give_back(self) -> None:
        """Give the turn back if this connection holds it."""
        if self.holding:
            self.holding = False
            self.turns.give_back()

    def commit(self) -> None:
        """Commit, then let the next writer in."""
        try:
            super().commit()
        finally:
            self.give_back()

    def rollback(self) -> None:
        """Roll back, then let the next writer in."""
        try:
            super().rollback()
        finally:
            self.give_back()

    def close(self) -> None:
        """Close; a connection dropped inside a transaction never keeps the turn."""
        try:
            super().close()
        finally:
            self.give_back()


def configure_engine(engine: Engine, config) -> None:
    """Attach per-connection settings and transaction handling to engine."""
    if engine.dialect.name == "postgresql":
        milliseconds = int(config["STATEMENT_TIMEOUT"]) * 1000
        event.listen(engine, "do_connect", partial(_connect, config["DATABASE_WAIT_SECONDS"]))
        event.listen(engine, "connect", partial(_limit_statements, milliseconds))
        return
    if engine.dialect.name != "sqlite":
        return
    synchronous = config["SQLITE_SYNCHRONOUS"]
    if synchronous not in SYNCHRONOUS_MODES:
        raise RuntimeError(f"SQLITE_SYNCHRONOUS must be FULL or NORMAL, not {synchronous!r}")
    event.listen(engine, "do_connect", partial(_connect_sqlite, WriterTurns(_sqlite_file(engine))))
    event.listen(engine, "connect", partial(_on_connect, synchronous))
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "handle_error", _discard_broken_sqlite)


def _connect(seconds: int, _dialect, _record, cargs, cparams):
    # The connect_timeout in cparams bounds connecting; a request that already gave up on the
    # server does not wait for it a second time.
    if has_request_context() and request.environ.get(GAVE_UP):
        raise DatabaseDidNotAnswer("PostgreSQL did not answer earlier in this request")
    try:
        connection = BoundedConnection.connect(*cargs, **cparams)
    except psycopg.errors.ConnectionTimeout:
        if has_request_context():
            request.environ[GAVE_UP] = True
        raise
    connection.wait_seconds = seconds
    return connection


def _limit_statements(milliseconds: int, dbapi_connection, _record) -> None:
    # Set per connection rather than in the URL's options, which the test suite uses for
    # its schema; autocommit so the SET is not left in an open transaction.
    dbapi_connection.autocommit = True
    dbapi_connection.execute(f"SET statement_timeout = {milliseconds:d}")
    if dbapi_connection.info.server_version >= 140000:
        dbapi_connection.execute(
            f"SET client_connection_check_interval = {CLIENT_CHECK_MILLISECONDS:d}")
    dbapi_connection.autocommit = False


def _sqlite_file(engine: Engine) -> str | None:
    # The path of the database file; None for a database in memory, which one process holds.
    path = engine.url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return os.path.abspath(path)


def _connect_sqlite(turns: WriterTurns, _dialect, _record, cargs, cparams):
    connection = sqlite3.connect(*cargs, factory=TurnTakingConnection, **cparams)
    connection.turns = turns
    connection.wait_seconds = float(cparams.get("timeout", 5.0))  # sqlite3's own default
    return connection


def _on_connect(synchronous: str, dbapi_connection, _record) -> None:
    # Let SQLAlchemy emit BEGIN itself, so that _on_begin can choose the kind.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA synchronous={synchronous}")
    cursor.close()


def _discard_broken_sqlite(context) -> None:
    message = str(context.original_exception).lower()
    if any(symptom in message for symptom in SQLITE_BROKEN_CONNECTION):
        context.is_disconnect = True  # the pool drops this connection instead of reusing it


def _on_begin(connection) -> None:
    # A deferred transaction that later writes can fail at once with "database is locked";
    # taking the write lock up front makes it wait on the busy timeout instead.
    if has_request_context() and request.method in READ_METHODS:
        connection.exec_driver_sql("BEGIN")
        return
    writer = connection.connection.dbapi_connection
    try:
        writer.take_turn()
    except sqlite3.OperationalError as error:  # answered 503, as a busy timeout would be
        raise OperationalError("BEGIN IMMEDIATE", None, error) from error
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        writer.give_back()
        raise


# Set on a request (in its WSGI environ) once it committed a write: a database failure after
# that must not answer "try again", which would make the same change twice.
SAVED = "planner.write_saved"
_WROTE = "planner.wrote"  # in Session.info: this transaction changed something


# Set once a COMMIT of a change was sent: if it fails on the way back, the server may have
# made it durable all the same, so "try again" could make it twice.
SENT = "planner.commit_sent"


def _wrote(session) -> None:
    session.info[_WROTE] = True
    if has_request_context():
        request.environ[_WROTE] = True


@event.listens_for(Session, "after_flush")
def _flushed(session, _context) -> None:
    _wrote(session)


@event.listens_for(Session, "do_orm_execute")
def _executed(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _wrote(state.session)


@event.listens_for(Engine, "commit")
def _commit_sent(_connection) -> None:
    if has_request_context() and request.environ.get(_WROTE):
        request.environ[SENT] = True


@event.listens_for(Session, "after_commit")
def _committed(session) -> None:
    if session.info.pop(_WROTE, False) and has_request_context():
        request.environ[SAVED] = True


@event.listens_for(Session, "after_rollback")
def _rolled_back(session) -> None:
    session.info.pop(_WROTE, None)


def write_saved() -> bool:
    """True once this request committed a change, or sent the COMMIT of one (which the
    server may have made durable though its answer never came back)."""
    return has_request_context() and bool(request.environ.get(SAVED) or request.environ.get(SENT))


def utcnow() -> datetime:
    """The current UTC time, naive, as stored in every DateTime column."""
    return datetime.now(UTC).replace(tzinfo=None)


def hold_lock(name: str) -> bool:
    """Make transactions that name the same thing run one at a time, until this one ends;
    True when a lock was taken here, False where the whole transaction holds one already."""
    # SQLite's writers already take turns (BEGIN IMMEDIATE); PostgreSQL runs them side by
    # side, so a check-then-write there waits on a transaction-scoped advisory lock.
    if db.session.get_bind().dialect.name != "postgresql":
        return False
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    key = int.from_bytes(digest, "big", signed=True)
    db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    return True


def end_read_transaction() -> bool:
    """End the session's transaction, if one is open, when it has nothing to write (its
    objects stay loaded), so a remote call after it holds no snapshot or lock; False when
    there are changes the caller has yet to commit."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return False
    if session.in_transaction():
        session.commit()
    return True


def close_transaction(response=None):
    """End the request's database transaction, so that a remote call after it holds no lock."""
    try:
        db.session.remove()
    except SQLAlchemyError as error:
        # The database went away after the answer was decided: ending a dead transaction
        # must not turn that answer into a 500. The broken session is dropped unused.
        db.session.registry.clear()
        logging.getLogger(__name__).warning("Could not end the transaction: %s", error)
    return response
