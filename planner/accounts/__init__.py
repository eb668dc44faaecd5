"""Accounts: registration, signing in and out, settings, password reset."""

from flask import Flask, flash, request, url_for

from planner import htmx
from planner.accounts import settings, views  # noqa: F401  (settings adds its routes to views.bp)
from planner.accounts.sessions import current_path
from planner.extensions import login_manager


def init_app(app: Flask) -> None:
    """Register the routes and tell Flask-Login where the log-in page is."""
    login_manager.login_view = "accounts.login"
    login_manager.refresh_view = "accounts.login"
    login_manager.unauthorized_handler(send_to_login)
    login_manager.needs_refresh_handler(send_to_reauthenticate)
    app.register_blueprint(views.bp)


def send_to_login():
    """Anonymous visitors asking for a signed-in page go to log in, then come back."""
    flash("Please log in to continue.", "info")
    return htmx.navigate(url_for("accounts.login", next=current_path()))


def send_to_reauthenticate():
    """Sensitive changes need a password typed in this session, not a remembered one."""
    flash("Please log in again to confirm it is you.", "info")
    target = current_path() if request.method == "GET" else url_for("accounts.settings")
    return htmx.navigate(url_for("accounts.login", next=target))
