"""Throw-away PostgreSQL schemas, for the test suite and the load scripts alike."""

import uuid
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def postgres_schema(base: str):
    """A private schema on the PostgreSQL server at base, dropped afterwards."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
