"""The one module-level application, for gunicorn and the flask command."""

from planner import create_app

app = create_app()
