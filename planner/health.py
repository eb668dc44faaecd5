"""Liveness and readiness for load balancers and operators: /health and /ready."""

from functools import cache

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, Response, current_app
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from planner.extensions import db, limiter
from planner.security import no_store

bp = Blueprint("health", __name__)


@cache
def migration_heads(directory: str) -> frozenset[str]:
    """The newest revisions in the migrations folder (read once per process)."""
    return frozenset(ScriptDirectory(directory).get_heads())


def database_problem(engine: Engine, migrations: str) -> str | None:
    """Why the database cannot serve requests (unreachable, not migrated), or None."""
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        return f"the database cannot be reached: {error.__class__.__name__}: {error.orig}"
    expected = migration_heads(migrations)
    if current != expected:
        found = ", ".join(sorted(current)) or "none"
        return (f"the database is not migrated (revision {found}, expected "
                f"{', '.join(sorted(expected))}): run `flask --app wsgi db upgrade`")
    return None


def _plain(text: str, status: int) -> Response:
    return no_store(Response(text + "\n", status, mimetype="text/plain"))


@bp.get("/health")
@limiter.exempt
def health():
    """The process is up and answering."""
    return _plain("ok", 200)


@bp.get("/ready")
@limiter.exempt
def ready():
    """The database is reachable and migrated: 200, else 503 saying why."""
    problem = database_problem(db.engine, current_app.extensions["migrate"].directory)
    if problem:
        current_app.logger.warning("Not ready: %s", problem)
        return _plain("not ready: the database is unavailable or not migrated", 503)
    return _plain("ready", 200)
