"""Sharing a roadmap read-only, its progress card, and the calendar feed of target dates."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the models and the routes: the owner's controls and the tokenized pages."""
    from planner.sharing import models  # noqa: F401
    from planner.sharing.public import bp as public_bp
    from planner.sharing.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
