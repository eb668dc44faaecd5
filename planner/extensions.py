"""Extension objects, created unbound here and bound to the app in create_app."""

from flask import current_app
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, Table, event
from sqlalchemy.orm import DeclarativeBase

from planner import ratelimit_store  # noqa: F401  (registers the sqlite:// limit store)

# Named constraints keep migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Objects keep their values after a commit: an answer built from them needs no read-back,
# so a write that committed can never be answered "please try again".
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})


@event.listens_for(Table, "after_parent_attach")
def _never_reuse_ids(table: Table, parent) -> None:
    # SQLite gives a new row the id of a deleted newest row unless told not to, and ids
    # outlive their rows: in sessions (a guest's held comments), the audit trail, idempotency
    # keys and links in mail. A migration that creates a table says it too.
    if parent is db.metadata:
        table.dialect_kwargs["sqlite_autoincrement"] = True


migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
compress = Compress()


class AppLimiter(Limiter):
    """Flask-Limiter's limiter, starting each app bound to it on its own store."""

    def init_app(self, app) -> None:
        """Bind to app; a store found unreachable by an earlier app is not assumed dead."""
        # Flask-Limiter keeps "the store is down, count in memory" on the limiter object, not
        # per app: without this, one app's lost Redis would steer the next app's counts.
        self._storage_dead = False
        super().init_app(app)

    def _check_request_limit(self, callable_name=None, in_middleware: bool = True) -> None:
        """Check the limits of this request; the pass before every request only when some
        limit covers more than one route."""
        # Each route's own limit is checked by its decorator: the pass Flask-Limiter makes
        # before every request can only find limits of the app, a blueprint or meta limits.
        if in_middleware and not self._limits_beyond_routes():
            return
        super()._check_request_limit(callable_name, in_middleware)

    def _limits_beyond_routes(self) -> bool:
        manager = self.limit_manager
        return bool(manager.application_limits or manager.default_limits
                    or manager._blueprint_limits or self._meta_limits)


limiter = AppLimiter(key_func=get_remote_address, default_limits=[])


def limit_setting(name: str):
    """A rate limit read from the config when each request is checked (tests change it)."""
    return lambda: current_app.config[name]

__all__ = ["compress", "csrf", "db", "limiter", "login_manager", "migrate"]
