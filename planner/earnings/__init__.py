"""Earnings log, cash-outs and the learning fund: the micro-jobs loop, private to each user."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the models and the routes."""
    from planner.earnings import fund_views, models  # noqa: F401  (fund_views adds to bp)
    from planner.earnings.views import bp

    app.register_blueprint(bp)
