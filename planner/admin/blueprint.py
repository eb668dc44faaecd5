"""The admin blueprint: every route in it is for admins only, except the mail opt-out."""

from flask import Blueprint, request

from planner.accounts.decorators import admin_required

bp = Blueprint("admin", __name__)

# Routes open to anyone: the opt-out link in mail must work without an account.
PUBLIC_ENDPOINTS = {"admin.unsubscribe"}


@bp.before_request
def guard():
    """Refuse every admin route to non-admins before the view runs."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    return admin_required(lambda: None)()
