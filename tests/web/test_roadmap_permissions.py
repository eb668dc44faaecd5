"""Every roadmap route, every method: owners only, signed-in only, CSRF-checked."""

from urllib.parse import parse_qs, urlsplit

import pytest

from planner.roadmaps.models import Milestone, Roadmap

MILESTONE = "/roadmap/{r}/milestones/{m}"
# (method, URL pattern, valid form data): every route of the blueprint that takes an id.
OWNED_ROUTES = [
    ("GET", "/roadmap/{r}", None),
    ("GET", "/roadmap/{r}/edit", None),
    ("POST", "/roadmap/{r}/edit", {"name": "Taken over"}),
    ("GET", "/roadmap/{r}/delete", None),
    ("POST", "/roadmap/{r}/delete", {}),
    ("GET", "/roadmap/{r}/history", None),
    ("GET", "/roadmap/{r}/progress", None),
    ("POST", "/roadmap/{r}/milestones", {"track": "custom", "title": "Planted"}),
    ("GET", MILESTONE, None),
    ("POST", MILESTONE + "/status", {"status": "done"}),
    ("GET", MILESTONE + "/edit", None),
    ("POST", MILESTONE + "/edit", {"title": "Taken over"}),
    ("POST", MILESTONE + "/move", {"direction": "down"}),
    ("POST", MILESTONE + "/track", {"track": "custom"}),
    ("GET", MILESTONE + "/delete", None),
    ("POST", MILESTONE + "/delete", {}),
    ("GET", MILESTONE + "/time", None),
    ("POST", MILESTONE + "/time", {"minutes": "30"}),
]
OPEN_ROUTES = [
    ("GET", "/roadmap", None),
    ("GET", "/roadmap/new", None),
    ("POST", "/roadmap/new", {"name": "Plan", "template": "recommended"}),
    ("GET", "/roadmap/steps/micro-jobs/register", None),
    ("POST", "/roadmap/steps/micro-jobs/register", {}),
]


def params(routes):
    """The routes as test parameters named "METHOD /url"."""
    return [pytest.param(*route, id=f"{route[0]} {route[1]}") for route in routes]


@pytest.fixture
def theirs(make_roadmap, make_user):
    """Someone else's roadmap."""
    return make_roadmap(make_user(username="someone"), name="Theirs")


def unchanged(fetch, made) -> bool:
    """The other user's roadmap and first milestone are exactly as they were made."""
    roadmap = fetch(Roadmap, made.id)
    first = fetch(Milestone, made.milestone_ids[0])
    return (
        roadmap is not None
        and roadmap.name == "Theirs"
        and first is not None
        and (first.status, first.position, first.minutes_spent) == ("todo", 1, 0)
        and first.title == "Sign up on micro-job platforms"
    )


def call(client, post, method, url, data, htmx=False):
    if method == "GET":
        return client.get(url, headers={"HX-Request": "true"} if htmx else {})
    return post(url, data, htmx=htmx)


def test_the_matrix_covers_every_roadmap_route(app):
    covered = {(method, pattern) for method, pattern, _ in OWNED_ROUTES + OPEN_ROUTES}
    declared = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("roadmaps."):
            path = rule.rule.replace("<id:roadmap_id>", "{r}").replace("<id:milestone_id>", "{m}")
            path = path.replace("<track>/<key>", "micro-jobs/register")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                declared.add((method, path))
    assert declared == covered


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("method", "pattern", "data"), params(OWNED_ROUTES))
def test_another_users_roadmap_answers_404_and_stays_as_it_was(
    client, post, owner, theirs, fetch, milestones_of, method, pattern, data, htmx
):
    url = pattern.format(r=theirs.id, m=theirs.milestone_ids[0])
    response = call(client, post, method, url, data, htmx)
    assert response.status_code == 404
    assert unchanged(fetch, theirs)
    assert len(milestones_of(theirs.id)) == 9


@pytest.mark.parametrize(
    ("method", "pattern", "data"), params(r for r in OWNED_ROUTES if "{m}" in r[1])
)
def test_another_users_milestone_through_my_roadmap_answers_404(
    client, post, roadmap, theirs, fetch, method, pattern, data
):
    url = pattern.format(r=roadmap.id, m=theirs.milestone_ids[0])
    response = call(client, post, method, url, data)
    assert response.status_code == 404
    assert unchanged(fetch, theirs)


@pytest.mark.parametrize(("method", "pattern", "data"), params(OWNED_ROUTES))
def test_ids_that_do_not_exist_answer_404(client, post, owner, method, pattern, data):
    response = call(client, post, method, pattern.format(r=999999, m=999999), data)
    assert response.status_code == 404


def test_a_404_for_htmx_lands_in_the_message_area(client, post, owner, theirs):
    response = post(f"/roadmap/{theirs.id}/milestones/{theirs.milestone_ids[0]}/status",
                    {"status": "done"}, htmx=True)
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#messages"


@pytest.mark.parametrize(("method", "pattern", "data"), params(OWNED_ROUTES + OPEN_ROUTES))
def test_logged_out_requests_are_sent_to_log_in(
    client, post, theirs, fetch, method, pattern, data
):
    """A GET comes back to itself after logging in; a POST to the page it was sent from."""
    url = pattern.format(r=theirs.id, m=theirs.milestone_ids[0])
    came_from = "/guides/micro-jobs"
    if method == "GET":
        response = client.get(url)
    else:
        response = post(url, data, headers={"Referer": f"http://localhost{came_from}"})
    assert response.status_code in (302, 303)
    location = urlsplit(response.location)
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [url if method == "GET" else came_from]
    assert unchanged(fetch, theirs)


@pytest.mark.parametrize(("method", "pattern", "data"), params(OWNED_ROUTES[:3]))
def test_logged_out_htmx_requests_are_sent_to_log_in_by_htmx(
    client, post, theirs, hx, method, pattern, data
):
    url = pattern.format(r=theirs.id, m=theirs.milestone_ids[0])
    headers = {**hx, "HX-Current-URL": f"http://localhost/roadmap/{theirs.id}"}
    if method == "GET":
        response = client.get(url, headers=headers)
    else:
        response = post(url, data, headers=headers)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/login?next=")


@pytest.mark.parametrize(
    ("method", "pattern", "data"),
    params(r for r in OWNED_ROUTES + OPEN_ROUTES if r[0] == "POST"),
)
def test_posts_without_the_csrf_token_are_refused(
    client, roadmap, fetch, roadmap_count, method, pattern, data
):
    url = pattern.format(r=roadmap.id, m=roadmap.milestone_ids[0])
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    first = fetch(Milestone, roadmap.milestone_ids[0])
    assert (first.status, first.minutes_spent) == ("todo", 0)
    assert roadmap_count() == 1
