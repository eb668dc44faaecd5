"""Engine tuning: SQLite that survives concurrent writers, PostgreSQL left to its defaults."""

from datetime import UTC, datetime

from flask import has_request_context, request
from sqlalchemy import Engine, event

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def configure_engine(engine: Engine) -> None:
    """Attach the SQLite pragmas and transaction handling to engine."""
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)


def _on_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy emit BEGIN itself, so that _on_begin can choose the kind.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_begin(connection) -> None:
    # A deferred transaction that later writes can fail at once with "database is locked";
    # taking the write lock up front makes it wait on the busy timeout instead.
    if has_request_context() and request.method in READ_METHODS:
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def utcnow() -> datetime:
    """The current UTC time, naive, as stored in every DateTime column."""
    return datetime.now(UTC).replace(tzinfo=None)
