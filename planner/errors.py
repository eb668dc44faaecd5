"""Error pages: a whole page for browsers, a message fragment for htmx requests."""

import time

from flask import Flask, Response, current_app, flash, g, render_template, request
from flask.globals import request_ctx
from flask_limiter import RateLimitExceeded
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from planner import htmx
from planner.database import close_transaction, write_saved
from planner.extensions import limiter, login_manager

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have permission to do that.",
    404: "We could not find that page.",
    405: "That action is not allowed here.",
    409: "That conflicts with something already saved.",
    413: "What you sent is too large.",
    422: "Some of what you sent needs fixing.",
    429: "Too many requests. Please wait a moment and try again.",
    500: "Something went wrong on our side. Nothing you sent was half-saved; please try again.",
    503: "The service is briefly unavailable. Please try again in a moment.",
}
# When the database failed after the request's change was saved: never "try again".
SAVED_ANYWAY = "Your change was saved, but the page could not be brought up to date."


def render_error(code: int, message: str | None = None, headers: dict | None = None):
    """Render the error page, or for a partial request the message into the message area."""
    stock = MESSAGES.get(code, "Something went wrong.")
    if request_ctx.url_adapter is None:
        # An untrusted or malformed Host leaves no way to build the page's links; its
        # description would echo the forged host back, so only the stock words are sent.
        return Response(stock, code, mimetype="text/plain")
    message = message or stock
    _load_user_if_possible()
    context = {"code": code, "message": message}
    if htmx.is_partial():
        body = render_template("errors/_error.html", **context)
        response = htmx.respond(body, code, retarget="#messages", reswap="innerHTML")
    else:
        response = htmx.respond(_render_page(context), code)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _render_page(context: dict) -> str:
    """The whole error page; as an anonymous visitor's when the signed-in user cannot load."""
    try:
        return render_template("errors/error.html", **context)
    except SQLAlchemyError:  # the database failed, or the user's row went with a rollback
        close_transaction()
        g._login_user = login_manager.anonymous_user()
        return render_template("errors/error.html", **context)


def _load_user_if_possible() -> None:
    # The navigation shows who is signed in, which needs the database. When the database is
    # what failed, render the page for an anonymous visitor instead of failing again.
    if "_login_user" in g:
        return
    try:
        current_user._get_current_object()
    except SQLAlchemyError:
        close_transaction()
        g._login_user = login_manager.anonymous_user()


def handle_http_error(error: HTTPException):
    """Render any HTTP error raised with abort(), keeping a message we wrote ourselves."""
    code = error.code or 500
    stock = error.description == type(error).description
    headers = {}
    if code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    retry_after = getattr(error, "retry_after", None)
    if retry_after:
        headers["Retry-After"] = str(retry_after)
    return render_error(code, None if stock else error.description, headers)


def handle_rate_limited(error: RateLimitExceeded):
    """Say how long to wait, in words and in Retry-After."""
    current = limiter.current_limit
    # Rounded down like the Retry-After header that Flask-Limiter writes, so the two agree.
    wait = max(1, int(current.reset_at - time.time())) if current else 60
    unit = "second" if wait == 1 else "seconds"
    message = f"Too many attempts. Please wait {wait} {unit} and try again."
    return render_error(429, message, {"Retry-After": str(wait)})


def handle_csrf_error(error: CSRFError):
    """A missing or stale CSRF token: ask for a reload rather than failing silently."""
    return render_error(400, "Your form expired. Please reload the page and try again.")


def handle_unexpected(error: Exception):
    """Roll back whatever the failed request left open, then show the 500 page."""
    close_transaction()
    if isinstance(error, HTTPException) and not isinstance(error, InternalServerError):
        return handle_http_error(error)
    original = getattr(error, "original_exception", None) or error
    current_app.logger.error("Unhandled error", exc_info=original)
    return render_error(500)


def handle_database_unavailable(error: OperationalError):
    """A lost or locked database is a passing condition: answer 503, not 500."""
    close_transaction()  # a rollback on the dead connection would fail again
    current_app.logger.warning("Database unavailable: %s", error.orig)
    if write_saved():
        return saved_anyway()
    return render_error(503, headers={"Retry-After": "5"})


def saved_anyway():
    """The change committed before the database failed: say so, and show the page afresh."""
    flash(SAVED_ANYWAY, "info")
    if htmx.is_htmx():
        return htmx.reload_page()
    # Back to the page the form was on when it is ours; the site's home otherwise.
    host = request.host_url
    back = request.referrer or ""
    path = back[len(host) - 1:] if back.startswith(host) else "/"
    return htmx.see_other("/" if path[1:2] in ("/", "\\") else path)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(RateLimitExceeded, handle_rate_limited)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
