"""Building, listing, showing, renaming and deleting roadmaps."""

import pytest

from planner.roadmaps.models import Milestone, Roadmap
from tests.support.roadmaps import ids_in, text

MICRO_JOBS = ["register", "daily-tasks", "cash-out", "save-for-skills"]
FREELANCING = [
    "learn-a-skill", "build-portfolio", "create-profiles", "small-projects", "grow-client-base",
]


# The builder ------------------------------------------------------------------------------

def test_builder_page_offers_the_four_templates_with_the_recommended_one_chosen(client, owner):
    response = client.get("/roadmap/new")
    html = text(response)
    assert response.status_code == 200
    assert 'id="builder"' in html and "<h1>Build a roadmap</h1>" in html
    for name in ("recommended", "micro-jobs", "freelancing", "empty"):
        assert f'value="{name}"' in html
    assert 'value="recommended" aria-describedby="template-recommended-about" checked' in html
    assert "Sign up on micro-job platforms" in html and "Grow your client base" in html


def test_builder_partial_for_htmx_is_just_the_form(client, owner, hx):
    response = client.get("/roadmap/new", headers=hx)
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<form id="builder"')
    assert "<html" not in html


@pytest.mark.parametrize(
    ("template", "tracks"),
    [
        ("recommended", [("micro-jobs", MICRO_JOBS), ("freelancing", FREELANCING)]),
        ("micro-jobs", [("micro-jobs", MICRO_JOBS)]),
        ("freelancing", [("freelancing", FREELANCING)]),
        ("empty", []),
    ],
)
def test_building_copies_the_steps_of_the_template_in_order(
    client, owner, post, milestones_of, template, tracks
):
    response = post("/roadmap/new", {"name": "Side income", "template": template})
    assert response.status_code == 303
    roadmap_id = int(response.location.rsplit("/", 1)[1])
    saved = milestones_of(roadmap_id)
    expected = [(track, key) for track, keys in tracks for key in keys]
    by_track = sorted(expected, key=lambda pair: pair[0])
    assert [(m.track, m.step_key) for m in saved] == by_track
    assert all(m.status == "todo" and m.title for m in saved)
    page = client.get(response.location)
    assert "Your roadmap “Side income” is ready." in text(page)
    assert len(ids_in(text(page))) == len(expected)


def test_recommended_roadmap_shows_micro_jobs_steps_before_freelancing(client, owner, post):
    location = post("/roadmap/new", {"name": "Plan", "template": "recommended"}).location
    html = text(client.get(location))
    assert html.index("Sign up on micro-job platforms") < html.index("Learn a skill")
    assert html.index('id="track-micro-jobs"') < html.index('id="track-freelancing"')


def test_milestones_keep_their_copy_when_the_guides_change(app, client, roadmap, fetch):
    """A roadmap is a copy: its titles do not depend on the guide content at request time."""
    app.extensions["library"] = type(app.extensions["library"])(())
    response = client.get(roadmap.url)
    assert response.status_code == 200
    assert fetch(Milestone, roadmap.milestone_ids[0]).title in text(response)


def test_building_with_htmx_navigates_to_the_new_roadmap(client, owner, post):
    response = post("/roadmap/new", {"name": "Plan", "template": "empty"}, htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/roadmap/")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "template": "recommended"}, "Give your roadmap a name."),
        ({"name": "   ", "template": "recommended"}, "Give your roadmap a name."),
        ({"name": "x" * 101, "template": "recommended"}, "100 characters or fewer"),
        ({"name": "Plan", "template": "toggle"}, "Choose one of the starting points"),
        ({"name": "Plan", "template": ""}, "Choose"),
        ({"name": "Plan"}, "Choose how to start your roadmap."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_builder_input_is_refused_with_a_message_and_nothing_saved(
    client, owner, post, roadmap_count, data, message, htmx
):
    response = post("/roadmap/new", data, htmx=htmx)
    html = text(response)
    assert response.status_code == 422
    assert message in html
    assert ('<html' in html) is not htmx
    assert roadmap_count() == 0


# The list ---------------------------------------------------------------------------------

def test_list_without_roadmaps_opens_the_builder(client, owner):
    response = client.get("/roadmap")
    assert response.status_code == 302
    assert response.location == "/roadmap/new"


def test_list_opens_the_only_roadmap_directly(client, roadmap):
    response = client.get("/roadmap")
    assert response.status_code == 302
    assert response.location == roadmap.url


def test_list_shows_every_roadmap_with_its_progress(client, owner, make_roadmap, post):
    first = make_roadmap(owner, name="Quick money", template="micro-jobs")
    make_roadmap(owner, name="Career", template="freelancing")
    post(first.milestone_url(0, "status"), {"status": "done"})
    html = text(client.get("/roadmap"))
    assert "Quick money" in html and "Career" in html
    assert "1 done · 0 in progress · 0 skipped · 4 total" in html
    assert "0 done · 0 in progress · 0 skipped · 5 total" in html
    bar = html[html.index(f'<svg id="bar-roadmap-{first.id}"'):]
    assert bar.index('<rect class="bar-done" width="25.0"') < bar.index("25%</strong>")


# The roadmap page -------------------------------------------------------------------------

def test_roadmap_page_groups_milestones_by_track_with_progress(client, roadmap):
    response = client.get(roadmap.url)
    html = text(response)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "<h1>My plan</h1>" in html
    assert 'id="progress"' in html
    assert "0 done · 0 in progress · 0 skipped · 9 total" in html
    assert ids_in(html) == [f"milestone-{i}" for i in roadmap.milestone_ids]
    for track in ("micro-jobs", "freelancing", "custom"):
        assert f'id="track-{track}"' in html
        assert f'id="add-{track}"' in html


def test_roadmap_page_marks_overdue_milestones_in_words(client, owner, make_roadmap):
    from datetime import date

    made = make_roadmap(owner, template="micro-jobs", target_date=date(2001, 1, 1))
    html = text(client.get(made.url))
    assert html.count("<strong>Overdue</strong>") == 4
    assert "is-overdue" in html


def test_nav_links_signed_in_users_to_their_roadmap_and_the_builder(client, owner):
    html = text(client.get("/"))
    assert 'href="/roadmap">My roadmap</a>' in html
    assert 'href="/roadmap" role="button">Build my roadmap' in html


def test_visitors_are_sent_to_register_from_build_my_roadmap(client):
    html = text(client.get("/"))
    assert 'href="/register?next=/roadmap/new" role="button">Build my roadmap' in html
    assert "My roadmap</a>" not in html


# Renaming ---------------------------------------------------------------------------------

def test_rename_page_shows_the_form(client, roadmap):
    response = client.get(f"{roadmap.url}/edit")
    assert response.status_code == 200
    assert 'value="My plan"' in text(response)


def test_rename_partial_replaces_the_header(client, roadmap, hx):
    response = client.get(f"{roadmap.url}/edit", headers=hx)
    assert response.status_code == 200
    assert text(response).lstrip().startswith('<header id="roadmap-header"')


def test_rename_without_javascript_redirects_to_the_renamed_roadmap(client, roadmap, post, fetch):
    response = post(f"{roadmap.url}/edit", {"name": "Plan B"})
    assert response.status_code == 303 and response.location == roadmap.url
    assert "<h1>Plan B</h1>" in text(client.get(roadmap.url))
    assert fetch(Roadmap, roadmap.id).name == "Plan B"


def test_rename_with_htmx_answers_the_new_header(roadmap, post):
    response = post(f"{roadmap.url}/edit", {"name": "Plan B"}, htmx=True)
    html = text(response)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "roadmap-renamed"
    assert '<header id="roadmap-header"' in html and "<h1>Plan B</h1>" in html
    assert "Renamed the roadmap to “Plan B”." in html


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("name", ["", "y" * 101])
def test_bad_names_are_refused(roadmap, post, fetch, name, htmx):
    response = post(f"{roadmap.url}/edit", {"name": name}, htmx=htmx)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in text(response)
    assert fetch(Roadmap, roadmap.id).name == "My plan"


# Deleting a roadmap -----------------------------------------------------------------------

def test_delete_roadmap_page_asks_first(client, roadmap):
    response = client.get(f"{roadmap.url}/delete")
    assert response.status_code == 200
    assert "Delete “My plan”?" in text(response)


def test_delete_roadmap_partial_is_the_question(client, roadmap, hx):
    response = client.get(f"{roadmap.url}/delete", headers=hx)
    assert response.status_code == 200
    assert text(response).lstrip().startswith('<section id="delete-roadmap"')


def test_delete_roadmap_without_javascript_removes_it_and_its_milestones(
    client, roadmap, post, fetch
):
    response = post(f"{roadmap.url}/delete")
    assert response.status_code == 303 and response.location == "/roadmap"
    assert fetch(Roadmap, roadmap.id) is None
    assert all(fetch(Milestone, i) is None for i in roadmap.milestone_ids)
    assert "Deleted the roadmap “My plan”." in text(client.get("/roadmap", follow_redirects=True))


def test_delete_roadmap_with_htmx_navigates_to_the_list(roadmap, post, fetch):
    response = post(f"{roadmap.url}/delete", htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/roadmap"
    assert fetch(Roadmap, roadmap.id) is None


def test_deleting_the_account_removes_its_roadmaps(app, roadmap, fetch):
    from planner.accounts.models import User
    from planner.extensions import db

    with app.app_context():
        db.session.delete(db.session.get(User, roadmap.user.id))
        db.session.commit()
    assert fetch(Roadmap, roadmap.id) is None
    assert fetch(Milestone, roadmap.milestone_ids[0]) is None
