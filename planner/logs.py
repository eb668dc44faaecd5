"""Logs: one line per request with a request id (also sent as X-Request-ID), text or JSON."""

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request
from sqlalchemy import inspect

REQUEST_ID_HEADER = "X-Request-ID"
# An id a trusted proxy may hand us; anything else is replaced by our own.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Paths whose next segment is a secret (a reset, verification, opt-out or unsubscribe token,
# a share link, a calendar feed): no log may hold it, nor the Referer of the next page.
TOKEN_PATHS = re.compile(
    r"(/reset-password/|/verify-email/|/mail/stop/|/reminders/stop/|/s/|/feed/)[^/?#\s\"]+"
)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
access = logging.getLogger("planner.requests")


def redact(text: str) -> str:
    """Text with every token path segment replaced by a placeholder."""
    return TOKEN_PATHS.sub(r"\1[token]", text)


def request_id() -> str:
    """This request's id, or "-" outside a request."""
    return g.get("request_id", "-") if has_request_context() else "-"


class RequestIdFilter(logging.Filter):
    """Stamps every record with the id of the request it was logged in."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add record.request_id; never drops a record."""
        record.request_id = request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, traceback included, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(log_format: str) -> None:
    """Send the app's records to standard error, as text or JSON lines (once per process)."""
    root = logging.getLogger()
    if any(getattr(h, "planner", False) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.planner = True
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if log_format == "json" else
                         logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _start(app: Flask):
    def start() -> None:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        trusted = app.config["TRUSTED_PROXIES"] and REQUEST_ID_PATTERN.fullmatch(offered)
        g.request_id = offered if trusted else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    return start


def _finish(response):
    response.headers[REQUEST_ID_HEADER] = request_id()
    started = g.get("request_started")
    milliseconds = (time.perf_counter() - started) * 1000 if started else 0.0
    user_id = _user_id(g.get("_login_user"))
    path = redact(request.full_path.rstrip("?"))
    fields = {"method": request.method, "path": path, "status": response.status_code,
              "duration_ms": round(milliseconds, 1), "user_id": user_id}
    access.info("%s %s %s %.1fms user=%s", request.method, path, response.status_code,
                milliseconds, user_id, extra={"fields": fields})
    return response


def _user_id(user) -> int | str:
    # Only a user the request loaded, read from its identity: the session may be closed and
    # the object expired by now, and logging must never query.
    state = inspect(user, raiseerr=False) if user is not None else None
    return state.identity[0] if state is not None and state.identity else "-"


def init_app(app: Flask) -> None:
    """Give every request an id and a log line; outside tests, write the records out."""
    app.before_request(_start(app))
    app.after_request(_finish)
    if not app.testing:
        configure_logging(app.config["LOG_FORMAT"])
