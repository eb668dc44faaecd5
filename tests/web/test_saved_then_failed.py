"""A database that fails after a request's change committed never gets "please try again":
the change was saved, so repeating it would make it twice. The answer says it was saved and
shows the page afresh; a failure before anything committed still answers 503."""

import sqlite3
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select, update

from planner.errors import SAVED_ANYWAY
from planner.extensions import db
from planner.roadmaps.models import Milestone
from tests.support.roadmaps import text


@contextmanager
def database_fails(app, *, after_commit: bool):
    """Every statement fails, from the first one or from the first one after a commit."""
    with app.app_context():
        engine = db.engine
    state = {"failing": not after_commit}

    def committed(_connection):
        state["failing"] = True

    def before(_conn, _cursor, statement, *_args):
        if state["failing"] and not statement.startswith(("ROLLBACK", "COMMIT")):
            raise sqlite3.OperationalError("disk I/O error")

    event.listen(engine, "commit", committed)
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(engine, "commit", committed)
        event.remove(engine, "before_cursor_execute", before)
        engine.dispose()


SAVE_THEN_READ = "/__test__/save-then-read"


@pytest.fixture
def app(app):
    """The app, with a plain form's route that reads again after its commit."""

    @app.post(SAVE_THEN_READ)
    def save_then_read():
        db.session.execute(update(Milestone).values(title="Renamed"))
        db.session.commit()
        db.session.scalar(select(Milestone.title))
        return "read"

    return app


@pytest.fixture(autouse=True)
def sqlite_only(app):
    """The failure is injected as SQLite's own error."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the injected failure is SQLite's")


def test_an_htmx_delete_saved_before_the_database_failed_reloads_the_page(
        client, roadmap, post, fetch):
    milestone_id = roadmap.milestone_ids[0]
    with database_fails(client.application, after_commit=True):
        response = post(roadmap.milestone_url(0, "delete"), htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Refresh"] == "true"
    assert fetch(Milestone, milestone_id) is None
    assert SAVED_ANYWAY in text(client.get(roadmap.url))


def test_a_plain_post_saved_before_the_database_failed_goes_back_to_its_page(
        client, roadmap, post, fetch):
    with database_fails(client.application, after_commit=True):
        response = post(SAVE_THEN_READ, headers={"Referer": f"http://localhost{roadmap.url}"})
    assert response.status_code == 303
    assert response.headers["Location"] == roadmap.url
    assert fetch(Milestone, roadmap.milestone_ids[0]).title == "Renamed"
    assert SAVED_ANYWAY in text(client.get(roadmap.url))


@pytest.mark.parametrize("referrer", ["http://elsewhere.example/x", "http://localhost//evil.example",
                                      "http://localhost/\\evil.example", ""])
def test_going_back_never_leaves_the_site(client, roadmap, post, referrer):
    with database_fails(client.application, after_commit=True):
        response = post(SAVE_THEN_READ, headers={"Referer": referrer})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_a_failure_before_anything_was_saved_still_asks_to_try_again(
        client, roadmap, post, fetch):
    milestone_id = roadmap.milestone_ids[0]
    with database_fails(client.application, after_commit=False):
        response = post(roadmap.milestone_url(0, "delete"), htmx=True)
    assert response.status_code == 503
    assert "HX-Refresh" not in response.headers
    assert fetch(Milestone, milestone_id) is not None
