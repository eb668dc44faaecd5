"""The history in a data export, and the history an import starts its roadmaps with."""

from datetime import timedelta

from planner.database import utcnow
from planner.dates import iso_time
from planner.roadmaps.export import history_section
from tests.support.history import bulk_history, events_of
from tests.support.portability import document, milestone, roadmap, upload
from tests.support.roadmaps import text
from tests.web.test_data_export import JSON_URL, queries


def test_the_export_holds_every_change_with_the_roadmaps_ids(client, roadmap, post,
                                                            make_roadmap, make_user):
    make_roadmap(make_user(username="stranger"), name="Not mine")
    post(roadmap.milestone_url(0, "status"), {"status": "done"})
    post(roadmap.milestone_url(1, "edit"), {"title": "Renamed", "notes": "Private thought"})
    post(roadmap.milestone_url(2, "delete"), {})
    data = client.get(JSON_URL).get_json()
    history = data["history"]
    exported = data["roadmaps"][0]
    ids = {m["id"] for m in exported["milestones"]}
    assert {e["roadmap_id"] for e in history} == {exported["id"]}
    assert len(history) == 9 + 1 + 2 + 1  # added, done, two fields edited, deleted
    done = next(e for e in history if e["kind"] == "status")
    assert done == {"roadmap_id": exported["id"], "milestone_id": roadmap.milestone_ids[0],
                    "at": done["at"], "kind": "status", "field": "status", "from": "todo",
                    "to": "done", "by": "person", "title": "Sign up on micro-job platforms",
                    "track": "micro-jobs"}
    assert done["at"].endswith("Z") and done["milestone_id"] in ids
    deleted = history[-1]
    assert deleted["kind"] == "deleted" and deleted["milestone_id"] not in ids
    assert deleted["title"] == "Cash out your earnings"
    assert "Not mine" not in text(client.get(JSON_URL))


def test_the_history_section_costs_one_query_for_10_or_10000_changes(app, owner, make_roadmap,
                                                                    count_queries):
    made = make_roadmap(owner)
    costs = []
    for extra in (1, 9_990):
        bulk_history(app, made.id, extra)
        with app.app_context(), count_queries() as statements:
            name, rows = history_section(owner.id)
        costs.append(len(queries(statements)))
    assert name == "history" and len(rows) == 10_000
    assert costs == [1, 1]


def test_an_import_starts_each_milestone_with_what_its_row_remembers(app, client, owner, post):
    done_at = iso_time(utcnow() - timedelta(days=10))  # within the calendar's year
    file = document(roadmap(
        milestone(title="Done one", status="done", done_at=done_at,
                  created_at="2026-03-01T09:00:00Z", minutes_spent=95),
        milestone(title="Started", status="doing", status_changed_at="2026-03-03T10:00:00Z"),
        milestone(title="Open"),
    ), history=[{"roadmap_id": 7, "milestone_id": 70, "kind": "status"}])
    response = upload(post, file)
    assert response.status_code == 303, text(response)
    roadmap_id = int(client.get("/roadmap").location.rsplit("/", 1)[1])
    events = [(e[0], e[2], e[3], e[5]) for e in events_of(app, roadmap_id)]
    assert events == [
        ("added", None, "todo", "Done one"), ("status", "todo", "done", "Done one"),
        ("added", None, "todo", "Started"), ("status", "todo", "doing", "Started"),
        ("added", None, "todo", "Open"),
    ]
    progress = text(client.get(f"/roadmap/{roadmap_id}/progress"))
    assert "1 milestone done on 1 day" in progress
    page = text(client.get(f"/roadmap/{roadmap_id}"))
    assert "1 h 35 min spent" in page


def test_a_file_whose_minutes_are_out_of_range_imports_nothing(client, owner, post):
    response = upload(post, document(roadmap(milestone(minutes_spent=-1))))
    assert response.status_code == 422
    assert "roadmaps[0].milestones[0].minutes_spent" in text(response)
