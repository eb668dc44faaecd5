"""gunicorn's settings (`gunicorn -c python:planner.serving`): quiet headers, no tokens in logs."""

import sys

from gunicorn.glogging import Logger
from gunicorn.http.wsgi import Response

from planner import create_app
from planner.extensions import db
from planner.health import database_problem
from planner.logs import redact


class RedactingLogger(Logger):
    """gunicorn's logger, with tokens taken out of every access-log field."""

    def atoms(self, resp, req, environ, request_time):
        """The access-log fields, redacted."""
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}


_default_headers = Response.default_headers


def _headers_without_server(self):
    # gunicorn has no setting for it: the Server banner only tells an attacker what runs here.
    return [h for h in _default_headers(self) if not h.startswith("Server:")]


Response.default_headers = _headers_without_server

logger_class = RedactingLogger
# Threads keep a slow phone connection from holding a whole worker; one machine's app needs no
# runtime control socket shared under $HOME.
worker_class = "gthread"
threads = 4
control_socket_disable = True


def on_starting(server) -> None:
    """Refuse to start, saying why, when the database is unreachable or not migrated."""
    app = create_app()
    with app.app_context():
        problem = database_problem(db.engine, app.extensions["migrate"].directory)
        db.engine.dispose()  # no connection may be shared with the workers forked next
    if problem:
        sys.exit(f"Not starting: {problem}")
