"""gunicorn's settings (`gunicorn -c python:planner.serving`): quiet headers, no tokens in logs."""

import re

from gunicorn.glogging import Logger
from gunicorn.http.wsgi import Response

# Paths whose last segment is a secret (a reset or opt-out token): an access log, or the
# Referer of the next page, must never hand that secret to whoever reads the logs.
TOKEN_PATHS = re.compile(r"(/reset-password/|/mail/stop/)[^/?#\s\"]+")
REDACTED = r"\1[token]"


def redact(text: str) -> str:
    """Text with every token path segment replaced by a placeholder."""
    return TOKEN_PATHS.sub(REDACTED, text)


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
