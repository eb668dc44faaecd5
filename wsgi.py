"""The one module-level application, for gunicorn, the flask command and the queue's worker."""

from planner import create_app
from planner.tasks import huey  # the worker: huey_consumer wsgi.huey

app = create_app()

__all__ = ["app", "huey"]
