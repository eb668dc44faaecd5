"""The "add to my roadmap" control on every step of the two step-by-step guides."""

import re

import pytest

from planner.roadmaps.models import Milestone, Roadmap
from tests.support.roadmaps import text

STEPS = {
    "micro-jobs": ["register", "daily-tasks", "cash-out", "save-for-skills"],
    "freelancing": [
        "learn-a-skill", "build-portfolio", "create-profiles", "small-projects", "grow-client-base",
    ],
}
ADD = "/roadmap/steps/micro-jobs/daily-tasks"


def add_step_blocks(html: str) -> dict[str, str]:
    """The add-to-roadmap block of each step, by step key."""
    return dict(re.findall(r'<div id="add-step-([a-z-]+)" class="add-step">(.*?)\n</div>', html,
                           re.S))


@pytest.mark.parametrize("track", ["micro-jobs", "freelancing"])
def test_visitors_are_offered_to_log_in_on_every_step(client, track):
    blocks = add_step_blocks(text(client.get(f"/guides/{track}")))
    assert list(blocks) == STEPS[track]
    for key, block in blocks.items():
        assert f'next=/roadmap/steps/{track}/{key}">Log in to add this step' in block
        assert "<form" not in block


def test_the_comparison_guide_has_no_step_controls(client, owner):
    assert add_step_blocks(text(client.get("/guides/micro-jobs-vs-freelancing"))) == {}


def test_visitors_log_in_with_the_step_page_as_next(client):
    html = text(client.get("/guides/micro-jobs"))
    assert 'href="/login?next=/roadmap/steps/micro-jobs/daily-tasks"' in html


def test_the_step_page_where_logging_in_leads_offers_the_step(client, owner):
    response = client.get(ADD)
    html = text(response)
    assert response.status_code == 200
    assert "<h1>Add “Do a few small tasks every day” to a roadmap</h1>" in html
    assert 'href="/guides/micro-jobs#daily-tasks"' in html
    assert "Add to my roadmap" in add_step_blocks(html)["daily-tasks"]


def test_the_step_partial_for_htmx_is_the_control(client, owner, hx):
    response = client.get(ADD, headers=hx)
    assert response.status_code == 200
    assert text(response).lstrip().startswith('<div id="add-step-daily-tasks" class="add-step">')


def test_a_user_without_roadmaps_gets_one_made_for_the_step(client, owner, post, milestones_of):
    blocks = add_step_blocks(text(client.get("/guides/micro-jobs")))
    assert all("Add to my roadmap" in block for block in blocks.values())
    response = post(ADD)
    assert response.status_code == 303
    assert response.location == "/guides/micro-jobs#daily-tasks"
    html = text(client.get(response.location))
    assert "Added “Do a few small tasks every day” in “My roadmap”." in html
    block = add_step_blocks(html)["daily-tasks"]
    assert "This step is in" in block and "My roadmap</a>" in block
    assert 'class="add-step-form"' not in block
    assert "<form" in add_step_blocks(html)["register"]


def test_steps_already_in_the_roadmap_say_so_instead(client, roadmap):
    for track in STEPS:
        for block in add_step_blocks(text(client.get(f"/guides/{track}"))).values():
            assert "This step is in" in block and f'href="{roadmap.url}#milestone-' in block
            assert 'class="add-step-form"' not in block


def test_adding_with_htmx_swaps_the_control_and_announces_it(make_roadmap, owner, post,
                                                             milestones_of):
    made = make_roadmap(owner, template="empty")
    response = post(ADD, {"roadmap_id": made.id}, htmx=True)
    html = text(response)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "milestone-added"
    assert html.lstrip().startswith('<div id="add-step-daily-tasks" class="add-step">')
    assert "This step is in" in html and "autofocus" in html
    assert "Added “Do a few small tasks every day” in “My plan”." in html
    saved = milestones_of(made.id)
    assert [(m.track, m.step_key, m.title, m.position) for m in saved] == [
        ("micro-jobs", "daily-tasks", "Do a few small tasks every day", 1)
    ]


def test_adding_the_same_step_twice_keeps_one(make_roadmap, owner, post, milestones_of):
    made = make_roadmap(owner, template="empty")
    post(ADD, {"roadmap_id": made.id})
    response = post(ADD, {"roadmap_id": made.id}, htmx=True)
    assert response.status_code == 200
    assert "Already had “Do a few small tasks every day”" in text(response)
    assert len(milestones_of(made.id)) == 1


def test_a_step_goes_to_the_end_of_its_track(roadmap, post, milestones_of):
    post(f"{roadmap.url}/milestones/{roadmap.milestone_ids[1]}/delete")
    post(ADD)
    track = [m for m in milestones_of(roadmap.id) if m.track == "micro-jobs"]
    assert [m.step_key for m in track] == ["register", "cash-out", "save-for-skills",
                                          "daily-tasks"]


def test_with_several_roadmaps_the_user_picks_one(client, owner, make_roadmap, post,
                                                  milestones_of):
    first = make_roadmap(owner, name="Quick", template="empty")
    second = make_roadmap(owner, name="Later", template="micro-jobs")
    block = add_step_blocks(text(client.get("/guides/micro-jobs")))["daily-tasks"]
    assert "This step is in" in block and "Later</a>" in block
    options = re.findall(r'<option value="(\d+)">([^<]+)</option>', block)
    assert options == [(str(first.id), "Quick")]
    assert post(ADD, {"roadmap_id": first.id}).status_code == 303
    assert [m.step_key for m in milestones_of(first.id)] == ["daily-tasks"]
    assert len(milestones_of(second.id)) == 4


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("roadmap_id", [None, "", "first"])
def test_with_several_roadmaps_a_missing_choice_is_refused(owner, make_roadmap, post,
                                                          milestones_of, roadmap_id, htmx):
    first = make_roadmap(owner, template="empty")
    second = make_roadmap(owner, template="empty")
    data = {} if roadmap_id is None else {"roadmap_id": roadmap_id}
    response = post(ADD, data, htmx=htmx)
    html = text(response)
    assert response.status_code == 422
    assert "Choose which roadmap to add this step to." in html
    assert ("<h1>" in html) is not htmx
    assert milestones_of(first.id) == [] and milestones_of(second.id) == []


def test_another_users_roadmap_cannot_receive_steps(owner, make_roadmap, make_user, post,
                                                    milestones_of):
    theirs = make_roadmap(make_user(), template="empty")
    assert post(ADD, {"roadmap_id": theirs.id}).status_code == 404
    assert milestones_of(theirs.id) == []


@pytest.mark.parametrize(
    "url",
    ["/roadmap/steps/micro-jobs/no-such-step", "/roadmap/steps/cooking/register",
     "/roadmap/steps/micro-jobs/intro", "/roadmap/steps/freelancing/register"],
)
def test_unknown_steps_answer_404(owner, post, client, roadmap_count, url):
    assert post(url).status_code == 404
    assert client.get(url).status_code == 404
    assert roadmap_count() == 0


def test_the_guide_page_uses_the_same_number_of_queries_for_one_or_many_roadmaps(
    client, owner, make_roadmap, count_queries
):
    make_roadmap(owner, template="micro-jobs")
    with count_queries() as few:
        client.get("/guides/micro-jobs")
    for _ in range(6):
        make_roadmap(owner)
    with count_queries() as many:
        client.get("/guides/micro-jobs")
    assert len(few) == len(many)


def test_a_step_deleted_in_the_roadmap_is_offered_again(client, roadmap, post):
    post(f"{roadmap.url}/milestones/{roadmap.milestone_ids[0]}/delete")
    block = add_step_blocks(text(client.get("/guides/micro-jobs")))["register"]
    assert 'class="add-step-form"' in block and "This step is in" not in block


def test_database_forbids_the_same_step_twice_in_one_roadmap(app, roadmap):
    from sqlalchemy.exc import IntegrityError

    from planner.extensions import db

    with app.app_context():
        db.session.add(Milestone(roadmap_id=roadmap.id, track="micro-jobs", position=9,
                                 title="Again", step_key="register"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(Roadmap, roadmap.id) is not None


def test_a_step_in_the_roadmap_shows_its_status_and_a_tick(client, roadmap, post):
    post(roadmap.milestone_url(1, "status"), {"status": "doing"})
    block = add_step_blocks(text(client.get("/guides/micro-jobs")))["daily-tasks"]
    assert '<strong class="step-status">In progress</strong>' in block
    tick = f'id="step-tick-{roadmap.milestone_ids[1]}"'
    assert tick in block and 'value="done"' in block and 'aria-checked="false"' in block
    assert f'action="{roadmap.milestone_url(1, "status")}"' in block


def test_ticking_a_step_on_its_guide_without_javascript_goes_back_to_it(client, roadmap, post,
                                                                       fetch):
    response = post(roadmap.milestone_url(1, "status"), {"status": "done", "shown_on": "guide"})
    assert response.status_code == 303
    assert response.location == "/guides/micro-jobs#daily-tasks"
    assert fetch(Milestone, roadmap.milestone_ids[1]).status == "done"
    html = text(client.get(response.location))
    assert "“Do a few small tasks every day” is now done." in html
    assert '<strong class="step-status">Done</strong>' in add_step_blocks(html)["daily-tasks"]


def test_ticking_a_step_on_its_guide_with_htmx_answers_its_control(roadmap, post):
    first = roadmap.milestone_ids[1]
    data = {"status": "done", "shown_on": "guide"}
    response = post(roadmap.milestone_url(1, "status"), data, htmx=True)
    html = text(response)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "milestone-updated"
    assert html.lstrip().startswith('<div id="add-step-daily-tasks" class="add-step">')
    assert f'id="step-tick-{first}" class="tick-box" name="status" value="todo"' in html
    assert 'aria-checked="true"' in html and "autofocus" in html
    assert "is now done." in html


def test_a_broken_hidden_field_on_a_guide_tick_is_refused_with_a_message(roadmap, post, fetch):
    response = post(roadmap.milestone_url(1, "status"), {"status": "done", "shown_on": "a\x00b"})
    assert response.status_code == 422
    assert fetch(Milestone, roadmap.milestone_ids[1]).status == "todo"
