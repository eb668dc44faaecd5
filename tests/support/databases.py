"""Throw-away PostgreSQL schemas, for the test suite and the load scripts alike."""

import os
import uuid
from contextlib import contextmanager

import sqlalchemy as sa


def postgres_url() -> str | None:
    """The PostgreSQL server to test against, when TEST_DATABASE_URL names one."""
    return os.environ.get("TEST_DATABASE_URL") or None


@contextmanager
def postgres_schema(base: str):
    """A private schema on the PostgreSQL server at base, dropped afterwards."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    # pre_ping: the schema is dropped at the end even if the server restarted meanwhile.
    engine = sa.create_engine(base, pool_pre_ping=True)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@contextmanager
def recording_statements(app):
    """Collect every SQL statement app runs inside the with-block (a list of strings)."""
    from planner.extensions import db

    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def save_detached(app, instance):
    """Save a model instance in app's database and return it loaded and detached."""
    from planner.extensions import db

    with app.app_context():
        db.session.add(instance)
        db.session.commit()
        db.session.refresh(instance)
        db.session.expunge(instance)
    return instance
