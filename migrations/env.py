"""Alembic environment: runs migrations against the app's own engine and metadata."""

import logging

from alembic import context
from flask import current_app

logger = logging.getLogger("alembic.env")
if not logging.getLogger().handlers:
    # Show "Running upgrade ..." lines when run from the shell.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s [%(name)s] %(message)s")
config = context.config


def target_metadata():
    """The metadata of every model the app registered."""
    return current_app.extensions["migrate"].db.metadata


def engine():
    """The engine the app uses, with its SQLite pragmas and PostgreSQL pool settings."""
    return current_app.extensions["migrate"].db.engine


def run_migrations_offline():
    """Emit SQL to standard output instead of running it (flask db upgrade --sql)."""
    url = engine().url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=target_metadata(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run the migrations over a live connection."""

    def skip_empty(context_, revision, directives):
        # `flask db migrate` with no model change should not write an empty revision.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    options = current_app.extensions["migrate"].configure_args
    options.setdefault("process_revision_directives", skip_empty)
    with engine().connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            foreign_keys_off(connection)
        try:
            context.configure(connection=connection, target_metadata=target_metadata(), **options)
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                check_foreign_keys(connection)
        finally:
            if sqlite:
                connection.invalidate()  # never handed out again with foreign keys off


def foreign_keys_off(connection) -> None:
    """Turn SQLite's foreign keys off, outside any transaction as SQLite requires.

    A batch migration rebuilds a table by copying it and dropping the old one; with foreign
    keys on, the drop would first delete (or cascade to) every row that refers to it.
    """
    connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")


def check_foreign_keys(connection) -> None:
    """Fail, naming them, if the migrations left rows that refer to nothing."""
    connection.commit()
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    connection.rollback()
    if broken:
        raise RuntimeError(f"the migrations left rows referring to missing rows: {broken[:10]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
