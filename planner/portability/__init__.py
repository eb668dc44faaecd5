"""A user's data, out and back in: the JSON export of everything, the milestones as CSV,
and importing an export into the signed-in account."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the routes."""
    from planner.portability.views import bp

    app.register_blueprint(bp)
