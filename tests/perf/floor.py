"""The floor of a signed-in request: the planner app with two routes that do nothing.

    gunicorn --config python:planner.serving 'tests.perf.floor:make_app()'

GET and POST /perf/floor answer an empty 204 to a signed-in user; the POST is CSRF-checked
like every POST. What they cost is what every signed-in path pays before its own work (the
session, the user, the CSRF check, the headers), so `make bench` reads each path against it.
"""

from flask import Flask
from flask_login import login_required

from planner import create_app

PATH = "/perf/floor"


def floor() -> tuple[str, int]:
    """Do nothing, for a signed-in user (and, as a POST, after the CSRF check)."""
    return "", 204


def add_floor(app: Flask) -> Flask:
    """app with GET and POST PATH answering floor()."""
    app.add_url_rule(PATH, "perf_floor", login_required(floor), methods=["GET", "POST"])
    return app


def make_app() -> Flask:
    """The planner app as wsgi.py builds it, with the floor added (gunicorn's factory)."""
    return add_floor(create_app())
