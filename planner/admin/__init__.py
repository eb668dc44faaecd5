"""Admin console: the moderation queue, editable rules, the audit trail, mail opt-outs."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the admin routes (models register on import)."""
    from planner.admin import (  # noqa: F401  (routes and models register on import)
        audit_views,
        comment_views,
        context,
        models,
        settings_views,
        views,
    )
    from planner.admin.blueprint import bp

    app.register_blueprint(bp)
