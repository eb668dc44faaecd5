"""Response headers every answer carries: CSP with a nonce, no sniffing, no framing."""

import secrets
from collections.abc import Callable

from flask import Flask, Response, abort, current_app, g, request, session
from flask_login.config import COOKIE_NAME

NONCE_KEY = "planner.csp_nonce"
PRIVATE_CHECKS_KEY = "private_page_checks"


def csp_nonce() -> str:
    """Return this request's CSP nonce, made on first use."""
    # Kept on the request, not on g: g lives as long as the app context, which may
    # span several requests.
    environ = request.environ
    if NONCE_KEY not in environ:
        environ[NONCE_KEY] = secrets.token_urlsafe(16)
    return environ[NONCE_KEY]


def content_security_policy(nonce: str) -> str:
    """Only our own origin may supply scripts, styles, images, forms and requests."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "form-action 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


def add_security_headers(response: Response) -> Response:
    """Set the security headers on every response, partials and errors included."""
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    # A page reached by a secret link sets its own (unlisted() below): kept, not overwritten.
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_app.config["HSTS"]:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if _signed_in() or (response.mimetype == "text/html" and _personal_page()):
        # Pages of a signed-in user, or showing what only this browser may see, must not be
        # kept by shared or back-button caches.
        no_store(response)
    return response


def no_store(response: Response) -> Response:
    """Forbid every cache to keep this answer: the one spelling of the app's cache policy."""
    response.headers["Cache-Control"] = "no-store"
    return response


def unlisted(response: Response) -> Response:
    """Headers of an answer reached by a secret link (a share link, a calendar feed).

    Search engines must not list it; the next page must not learn its address through the
    Referer; and no shared cache (a proxy, a CDN) may keep it, so revoking the link takes
    effect at once: `private` keeps it to the one browser, `no-cache` makes that browser ask
    again each time (a 304 where an ETag allows), and the answer to a revoked token is 404.
    """
    headers = response.headers
    headers["X-Robots-Tag"] = "noindex, nofollow"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Cache-Control"] = "private, no-cache"
    return response


def keep_private_when(app: Flask, check: Callable[[], bool]) -> None:
    """Mark a page no-store also when check() says it shows this browser's own data."""
    app.extensions.setdefault(PRIVATE_CHECKS_KEY, []).append(check)


def _personal_page() -> bool:
    return any(check() for check in current_app.extensions.get(PRIVATE_CHECKS_KEY, ()))


def _signed_in() -> bool:
    # Whether the session or a remember-me cookie names an account, read without loading the
    # account: a request that needs no user pays nothing, and a revoked session is kept out
    # of caches too, which is only stricter.
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
    if "_user_id" in session or remember in request.cookies:
        return True
    loaded = g.get("_login_user")  # a user signed in by other means during this request
    return bool(loaded is not None and loaded.is_authenticated)


def refuse_nul_characters() -> None:
    """Answer 400 to a query string with NUL, which no person types and PostgreSQL refuses."""
    # Forms say the same next to the field instead (planner.forms.Form).
    if any("\x00" in value for values in request.args.listvalues() for value in values):
        abort(400, description="Text cannot contain NUL characters.")


def init_app(app: Flask) -> None:
    """Register the headers hook: the one owner of every response's security and cache headers."""
    app.before_request(refuse_nul_characters)
    app.after_request(add_security_headers)
