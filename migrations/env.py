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
        context.configure(connection=connection, target_metadata=target_metadata(), **options)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
