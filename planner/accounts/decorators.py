"""Access checks for views and blueprints."""

from flask import abort

from planner.extensions import login_manager


def refuse_non_admins(user):
    """None for an admin; send visitors to log in and refuse other users with 403."""
    if not user.is_authenticated:
        return login_manager.unauthorized()
    if not user.is_admin:
        abort(403)
    return None

