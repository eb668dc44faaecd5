"""Every change to a milestone is recorded with the change itself: one test per kind of write.

Each test fails when its event is missing. Rows read (kind, field, from, to, milestone id,
title, actor, actor id); see tests/support/history.py.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from planner.database import utcnow
from planner.earnings.models import MilestoneMove
from planner.extensions import db
from planner.roadmaps import milestones as milestone_work
from planner.roadmaps import time_spent
from planner.roadmaps.models import Milestone, MilestoneEvent
from tests.support.accounts import PASSWORD, Auth, log_in
from tests.support.concurrency import at_once, meeting_before
from tests.support.forms import csrf_token
from tests.support.history import count_events, events_of
from tests.support.pathfinder import build_form
from tests.support.roadmaps import text

PERSON, AUTOMATIC = "person", "automatic"


def last(app, made, n: int = 1) -> list[tuple]:
    """The newest n events of a roadmap, oldest of them first."""
    return events_of(app, made.id)[-n:]


# Adding ---------------------------------------------------------------------------------------

def test_building_from_a_template_records_one_added_per_milestone(app, client, owner, post):
    response = post("/roadmap/new", {"name": "Plan", "template": "recommended"})
    roadmap_id = int(response.location.rsplit("/", 1)[1])
    events = events_of(app, roadmap_id)
    assert [e[0] for e in events] == ["added"] * 9
    assert {(e[6], e[7]) for e in events} == {(PERSON, owner.id)}
    assert events[0][3] == "todo" and events[0][5] == "Sign up on micro-job platforms"
    with app.app_context():
        ids = set(db.session.scalars(select(Milestone.id)
                                     .where(Milestone.roadmap_id == roadmap_id)))
    assert {e[4] for e in events} == ids


def test_building_from_the_path_finder_records_one_added_per_milestone(app, client, owner,
                                                                        post):
    location = post("/path-finder/build", build_form(client)).location
    roadmap_id = int(location.rsplit("/", 1)[1])
    events = events_of(app, roadmap_id)
    assert len(events) == 9 and {e[0] for e in events} == {"added"}
    assert "Sharpen your writing for paid work" in {e[5] for e in events}


def test_adding_a_custom_milestone_records_it(app, roadmap, post):
    post(f"{roadmap.url}/milestones", {"track": "custom", "title": "Open a wallet"})
    kind, _, _, new, milestone_id, title, actor, actor_id = last(app, roadmap)[0]
    assert (kind, new, title, actor, actor_id) == ("added", "todo", "Open a wallet", PERSON,
                                                   roadmap.user.id)
    assert milestone_id not in roadmap.milestone_ids


def test_adding_a_guide_step_records_it(app, make_roadmap, owner, post):
    made = make_roadmap(owner, template="micro-jobs")
    post("/roadmap/steps/freelancing/learn-a-skill", {"roadmap_id": str(made.id)})
    assert last(app, made)[0][:1] + last(app, made)[0][5:6] == ("added", "Learn a skill")
    post("/roadmap/steps/freelancing/learn-a-skill", {"roadmap_id": str(made.id)})
    assert len(events_of(app, made.id)) == 5  # already there: nothing more recorded


# Status ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("htmx", [False, True])
def test_a_status_change_records_from_and_to(app, roadmap, post, htmx):
    post(roadmap.milestone_url(0, "status"), {"status": "doing"}, htmx=htmx)
    post(roadmap.milestone_url(0, "status"), {"status": "done"}, htmx=htmx)
    assert [e[:5] for e in last(app, roadmap, 2)] == [
        ("status", "status", "todo", "doing", roadmap.milestone_ids[0]),
        ("status", "status", "doing", "done", roadmap.milestone_ids[0]),
    ]


def test_setting_the_same_status_again_records_nothing(app, roadmap, post):
    for _ in range(3):
        post(roadmap.milestone_url(0, "status"), {"status": "done"})
    assert [e[0] for e in events_of(app, roadmap.id)].count("status") == 1


def test_a_tick_on_a_guide_page_is_recorded_too(app, roadmap, post):
    post(roadmap.milestone_url(0, "status"), {"status": "done", "shown_on": "guide"}, htmx=True)
    assert last(app, roadmap)[0][:4] == ("status", "status", "todo", "done")


# Edits ----------------------------------------------------------------------------------------

def test_an_edit_records_each_changed_field_and_only_those(app, roadmap, post):
    post(roadmap.milestone_url(0, "edit"),
         {"title": "Sign up on two platforms", "target_date": "2030-06-30", "notes": ""})
    assert [e[:4] for e in last(app, roadmap, 2)] == [
        ("edited", "title", "Sign up on micro-job platforms", "Sign up on two platforms"),
        ("edited", "target_date", None, "2030-06-30"),
    ]
    before = len(events_of(app, roadmap.id))
    post(roadmap.milestone_url(0, "edit"),
         {"title": "Sign up on two platforms", "target_date": "2030-06-30"})
    assert len(events_of(app, roadmap.id)) == before  # nothing changed, nothing recorded


def test_a_refused_edit_records_nothing(app, roadmap, post):
    before = len(events_of(app, roadmap.id))
    response = post(roadmap.milestone_url(0, "edit"), {"title": ""})
    assert response.status_code == 422
    assert len(events_of(app, roadmap.id)) == before


# Moves ----------------------------------------------------------------------------------------

def test_a_move_records_the_places_of_the_milestone_moved(app, roadmap, post):
    post(roadmap.milestone_url(1, "move"), {"direction": "up"}, htmx=True)
    assert last(app, roadmap)[0][:5] == ("moved", "position", "2", "1",
                                         roadmap.milestone_ids[1])
    post(roadmap.milestone_url(1, "move"), {"direction": "up"})  # already first
    assert last(app, roadmap)[0][:4] == ("moved", "position", "2", "1")
    assert [e[0] for e in events_of(app, roadmap.id)].count("moved") == 1


def test_a_move_to_another_track_records_both_tracks(app, make_roadmap, owner, post):
    made = make_roadmap(owner, template="empty", custom=2)
    post(made.milestone_url(0, "track"), {"track": "micro-jobs"})
    assert last(app, made)[0][:5] == ("moved", "track", "custom", "micro-jobs",
                                      made.milestone_ids[0])
    post(made.milestone_url(0, "track"), {"track": "micro-jobs"})  # already there
    assert len(events_of(app, made.id)) == 1


# Deleting -------------------------------------------------------------------------------------

def test_a_deleted_milestone_keeps_its_history_and_its_title(app, client, roadmap, post):
    post(roadmap.milestone_url(0, "status"), {"status": "done"})
    post(roadmap.milestone_url(0, "delete"), {}, htmx=True)
    gone = roadmap.milestone_ids[0]
    assert last(app, roadmap)[0][:5] == ("deleted", None, "done", None, gone)
    html = text(client.get(f"{roadmap.url}/history"))
    # Added, done, deleted: each line still names it.
    assert html.count("<strong>Sign up on micro-job platforms</strong>") == 3
    assert "Deleted from Micro jobs" in html and "Status changed from To do to Done" in html


# Time -----------------------------------------------------------------------------------------

def test_logging_time_records_the_totals(app, roadmap, post):
    post(roadmap.milestone_url(0, "time"), {"minutes": "30"})
    post(roadmap.milestone_url(0, "time"), {"minutes": "45"}, htmx=True)
    assert [e[:4] for e in last(app, roadmap, 2)] == [("time", "minutes", "0", "30"),
                                                      ("time", "minutes", "30", "75")]


# The earnings loop ----------------------------------------------------------------------------

def test_the_earnings_loop_moves_are_recorded_as_automatic_and_the_undo_as_yours(
    app, client, roadmap, post
):
    yesterday = (utcnow().date() - timedelta(days=1)).isoformat()
    post("/earnings/entries", {"day": yesterday, "platform": "Clickworker",
                               "kind": "data-entry", "amount": "300", "currency": "PKR"})
    daily = roadmap.milestone_ids[1]
    kind, _, old, new, milestone_id, _, actor, actor_id = last(app, roadmap)[0]
    assert (kind, old, new, milestone_id, actor, actor_id) == ("status", "todo", "doing", daily,
                                                               AUTOMATIC, None)
    html = text(client.get(f"{roadmap.url}/history"))
    assert "automatic, from your earnings log" in html
    with app.app_context():
        move_id = db.session.scalar(select(MilestoneMove.id))
    post(f"/earnings/moves/{move_id}/undo", {})
    assert last(app, roadmap)[0][:4] + last(app, roadmap)[0][6:] == (
        "status", "status", "doing", "todo", PERSON, roadmap.user.id)


# One transaction ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("action", "data", "module"),
    [
        ("status", {"status": "done"}, milestone_work),
        ("edit", {"title": "Renamed"}, milestone_work),
        ("move", {"direction": "down"}, milestone_work),
        ("delete", {}, milestone_work),
        ("time", {"minutes": "30"}, time_spent),
    ],
)
def test_a_change_that_fails_after_recording_leaves_neither_change_nor_record(
    app, roadmap, post, fetch, monkeypatch, action, data, module
):
    before = count_events(app)

    def broken(roadmap_id):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(module, "roadmap_progress", broken)
    response = post(roadmap.milestone_url(0, action), data, htmx=True)
    assert response.status_code == 500
    assert count_events(app) == before
    first = fetch(Milestone, roadmap.milestone_ids[0])
    assert (first.status, first.title, first.position, first.minutes_spent) == (
        "todo", "Sign up on micro-job platforms", 1, 0)


def test_adding_that_fails_after_recording_leaves_nothing(app, roadmap, post, monkeypatch,
                                                           milestones_of):
    before = count_events(app)
    monkeypatch.setattr(milestone_work, "roadmap_progress",
                        lambda roadmap_id: (_ for _ in ()).throw(RuntimeError("no")))
    response = post(f"{roadmap.url}/milestones", {"track": "custom", "title": "Lost"})
    assert response.status_code == 500
    assert count_events(app) == before and len(milestones_of(roadmap.id)) == 9


def test_a_change_to_another_users_milestone_records_nothing(app, roadmap, make_roadmap,
                                                              make_user, post):
    theirs = make_roadmap(make_user(username="someone"))
    before = count_events(app)
    for action, data in (("status", {"status": "done"}), ("edit", {"title": "Mine now"}),
                         ("time", {"minutes": "30"}), ("delete", {})):
        assert post(theirs.milestone_url(0, action), data).status_code == 404
    assert count_events(app) == before


# Going with the roadmap and the account -------------------------------------------------------

def test_deleting_a_roadmap_deletes_its_history(app, roadmap, make_roadmap, owner, post):
    other = make_roadmap(owner)
    post(roadmap.milestone_url(0, "status"), {"status": "done"})
    post(f"{roadmap.url}/delete", {})
    with app.app_context():
        left = set(db.session.scalars(select(MilestoneEvent.roadmap_id)))
    assert left == {other.id}


def test_deleting_the_account_deletes_its_history(app, client, ana, make_roadmap, make_user,
                                                   post):
    assert log_in(client, "ana").status_code == 303
    mine = make_roadmap(ana)
    theirs = make_roadmap(make_user(username="bob"))
    post(mine.milestone_url(0, "status"), {"status": "done"})
    response = post("/account/delete", {"current_password": PASSWORD, "comments": "keep"})
    assert response.status_code == 303
    assert events_of(app, mine.id) == []
    assert len(events_of(app, theirs.id)) == 9


# Races ----------------------------------------------------------------------------------------

def test_two_tabs_ticking_one_milestone_at_once_record_one_change(app, roadmap):
    """Both requests reach the history's INSERT ... SELECT together; the row lock makes the
    second read the first one's "done" and record nothing (PostgreSQL; SQLite serialises)."""
    def tab():
        client = app.test_client()
        Auth(client).login(roadmap.user)
        data = {"status": "done", "csrf_token": csrf_token(client)}
        return lambda: client.post(roadmap.milestone_url(0, "status"), data=data)

    calls = [tab(), tab()]
    with meeting_before(app, "INSERT INTO MILESTONE_EVENTS", 2):
        results = at_once(*calls)
    assert [r.status_code for r in results] == [303, 303]
    assert [e[:4] for e in events_of(app, roadmap.id) if e[0] == "status"] == [
        ("status", "status", "todo", "done")]
