"""Flask commands, grouped by domain."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the command groups."""
