"""The user is loaded only where something reads it, and the cheaper request still refuses a
revoked session, an expired remember-me, another owner's milestone and a missing token."""

import pytest
from flask import render_template_string

from planner.accounts import models
from planner.accounts.models import User, new_session_token
from planner.extensions import db
from planner.roadmaps.models import Milestone
from tests.support.accounts import PASSWORD, log_in
from tests.support.comments import THREAD_URL

HX = {"HX-Request": "true"}


def user_loads(statements: list[str]) -> int:
    """How many statements loaded the signed-in user."""
    return sum("WHERE users.session_token =" in s for s in statements)


def status_of(app, milestone_id: int) -> str:
    """A milestone's stored status."""
    with app.app_context():
        return db.session.get(Milestone, milestone_id).status


def test_a_template_that_never_reads_the_user_does_not_load_it(app, client, roadmap,
                                                              count_queries):
    app.add_url_rule("/probe", "probe", lambda: render_template_string("{{ inline }}"))
    app.add_url_rule("/who", "who", lambda: render_template_string(
        "{{ current_user.username }} {{ roadmap_url }}"))
    with count_queries() as quiet:
        assert client.get("/probe").status_code == 200
    with count_queries() as reading:
        answer = client.get("/who").get_data(as_text=True)
    assert user_loads(quiet) == 0
    assert user_loads(reading) == 1
    assert answer == "owner /roadmap"


def test_a_revoked_session_changes_no_status(app, post, roadmap):
    with app.app_context():
        db.session.get(User, roadmap.user.id).session_token = new_session_token()
        db.session.commit()
    response = post(roadmap.milestone_url(0, "status"), {"status": "done"}, htmx=True)
    assert response.headers["HX-Redirect"].startswith("/login")
    assert status_of(app, roadmap.milestone_ids[0]) == "todo"


def test_an_expired_remember_me_changes_no_status(app, client, ana, make_roadmap, post,
                                                  monkeypatch):
    mine = make_roadmap(ana)
    log_in(client, "ana", PASSWORD, remember=True)
    issued = models.clock()
    lifetime = app.config["REMEMBER_COOKIE_DURATION"].total_seconds()
    monkeypatch.setattr(models, "clock", lambda: issued + lifetime + 1)
    response = post(mine.milestone_url(0, "status"), {"status": "done"}, htmx=True)
    assert response.headers["HX-Redirect"].startswith("/login")
    assert status_of(app, mine.milestone_ids[0]) == "todo"


def test_another_owners_milestone_answers_404(app, post, roadmap, make_roadmap, make_user):
    theirs = make_roadmap(make_user(username="theirs"))
    response = post(theirs.milestone_url(0, "status"), {"status": "done"}, htmx=True)
    assert response.status_code == 404
    assert status_of(app, theirs.milestone_ids[0]) == "todo"


@pytest.mark.parametrize("what", ["status", "comment"])
def test_a_post_without_its_csrf_token_answers_400(app, client, roadmap, what):
    if what == "status":
        url, data = roadmap.milestone_url(0, "status"), {"status": "done"}
    else:
        url, data = THREAD_URL, {"comment": "No token sent with this one."}
    response = client.post(url, data=data, headers=HX)
    assert response.status_code == 400
    assert status_of(app, roadmap.milestone_ids[0]) == "todo"
