"""Roadmaps: build a personal plan from the guides' steps and tick milestones off."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the routes: the roadmap pages, and the history, progress and time pages."""
    from planner.roadmaps import activity_views  # noqa: F401  (adds its routes to views.bp)
    from planner.roadmaps.views import bp

    app.register_blueprint(bp)
