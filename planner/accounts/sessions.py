"""Starting and ending sessions, and where to send the user next."""

from flask import current_app, request, session, url_for
from flask_login import login_user, logout_user
from flask_login.config import COOKIE_NAME

from planner import htmx
from planner.accounts.models import User, remembered_id
from planner.accounts.rules import is_safe_next


def start_session(user: User, remember: bool = False) -> None:
    """Sign user in on a clean session, so nothing from before the login carries over."""
    session.clear()
    login_user(user, remember=remember)
    if remember:
        # Flask-Login writes the remember-me cookie from this value when the response leaves.
        session["_user_id"] = remembered_id(user)


def restart_session(user: User) -> None:
    """Sign user in again after the token rotated, keeping "remember me" if it was on."""
    cookie = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
    start_session(user, remember=cookie in request.cookies)


def end_session() -> None:
    """Sign out here, drop everything the session held and delete the remember-me cookie."""
    # Clear first: logout_user() leaves the note that tells Flask-Login to delete the cookie.
    session.clear()
    logout_user()


def next_url(default: str | None = None) -> str:
    """The local page to go to after signing in; anything else falls back to default."""
    target = request.values.get("next")
    if is_safe_next(target):
        return target
    return default or url_for("guides.home")


def current_path() -> str:
    """The page the user was on: htmx tells us; a plain GET is its own page."""
    if htmx.current_url():
        return _local_part(htmx.current_url())
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return _local_part(request.referrer or "") or url_for("guides.home")


def _local_part(url: str) -> str:
    # Keep only path, query and fragment of an absolute URL from our own host.
    host = request.host_url.rstrip("/")
    if url.startswith(host + "/"):
        url = url[len(host) :]
    return url if is_safe_next(url) else ""
