"""The path finder's result and "Build this roadmap", for visitors and signed-in users."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.pathfinder import questions as q
from planner.pathfinder.models import RoadmapAnswers
from planner.roadmaps.models import Roadmap
from tests.support.accounts import PASSWORD, log_in
from tests.support.forms import submit
from tests.support.pathfinder import WRITER, answers_in, build_form, result_path, saved
from tests.support.roadmaps import text

# The result -------------------------------------------------------------------------------

def test_the_result_shows_the_path_reasons_changes_and_plan(client):
    response = client.get(result_path(WRITER))
    html = text(response)
    assert response.status_code == 200
    assert '<h1 id="path-title">Micro jobs while you learn a skill</h1>' in html
    assert "while your writing wins its first clients" in html
    assert html.count('href="/guides/micro-jobs-vs-freelancing#key-differences">') >= 2
    assert "Payment cycle</a>" in html and "What would change it" in html
    assert "Three sample articles for your portfolio" in html
    assert "Sign up on micro-job platforms" in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">', html)


def test_the_share_link_holds_the_answers_and_nothing_else(client, owner):
    html = text(client.get(result_path(WRITER)))
    share = re.search(r'id="share-url" type="url" value="([^"]+)"', html).group(1)
    assert answers_in(share.replace("&amp;", "&")) == WRITER
    assert "owner" not in share


def test_the_result_as_an_htmx_partial(client, hx):
    response = client.get(result_path(WRITER), headers=hx)
    assert response.status_code == 200
    assert text(response).lstrip().startswith('<article id="path-result"')


def test_a_visitor_is_offered_sign_up_that_comes_back_with_the_answers(client):
    html = text(client.get(result_path(WRITER)))
    link = re.search(r'<a href="(/register\?next=[^"]+)" role="button">Sign up and build', html)
    assert link and "Build this roadmap</button>" not in html
    register = client.get(link.group(1).replace("&amp;", "&"))
    hidden = re.search(r'name="next" type="hidden" value="([^"]+)"', text(register)).group(1)
    assert answers_in(hidden.replace("&amp;", "&")) == WRITER


@pytest.mark.parametrize("answers", [{}, {"skill": "writing"}, {**WRITER, "goal": "fame"}])
def test_a_result_without_every_answer_asks_again(client, answers):
    response = client.get(result_path(answers))
    assert response.status_code == 422
    assert '<div id="path-finder"' in text(response)


# Building ---------------------------------------------------------------------------------

@pytest.mark.parametrize("htmx", [False, True])
def test_build_this_roadmap_builds_it_in_one_step(app, client, owner, post, milestones_of, htmx):
    response = post("/path-finder/build", build_form(client), htmx=htmx)
    location = response.headers["HX-Redirect" if htmx else "Location"]
    assert response.status_code == (200 if htmx else 303)
    roadmap_id = int(re.fullmatch(r"/roadmap/(\d+)", location).group(1))
    made = milestones_of(roadmap_id)
    titles = [m.title for m in made]
    assert "Three sample articles for your portfolio" in titles
    assert "Sign up on micro-job platforms" in titles
    assert all(m.target_date for m in made) and len(made) == 9
    with app.app_context():
        roadmap = db.session.get(Roadmap, roadmap_id)
        remembered = db.session.get(RoadmapAnswers, roadmap_id)
        assert (roadmap.user_id, roadmap.template) == (owner.id, "recommended")
        assert roadmap.name == "Micro jobs, then freelancing in writing"
        assert (remembered.answers, remembered.path) == (q.encode(WRITER), "both")
    assert saved(app, owner.id) == q.encode(WRITER)
    assert "Your roadmap is ready" in text(client.get(location))


def test_build_sent_twice_builds_once(app, client, owner, post, roadmap_count):
    form = build_form(client)
    first, again = post("/path-finder/build", form), post("/path-finder/build", form)
    assert first.location == again.location
    assert roadmap_count() == 1


def test_the_result_names_a_roadmap_already_built_from_the_answers(client, owner, post):
    location = post("/path-finder/build", build_form(client)).location
    html = text(client.get(result_path(WRITER)))
    assert f'You already built <a href="{location}">' in html


def test_build_needs_its_csrf_token(client, owner, roadmap_count):
    form = build_form(client)
    assert client.post("/path-finder/build", data=form).status_code == 400
    assert roadmap_count() == 0


def test_another_users_roadmap_from_the_same_answers_is_not_named(
    client, auth, make_user, owner, post
):
    post("/path-finder/build", build_form(client))
    auth.login(make_user(username="stranger"))
    assert "You already built" not in text(client.get(result_path(WRITER)))


def test_a_visitor_posting_build_is_sent_to_sign_up_with_the_answers(client, roadmap_count):
    response = submit(client, "/path-finder/build", WRITER)
    assert response.status_code == 303
    target = dict(parse_qsl(urlsplit(response.location).query))["next"]
    assert urlsplit(response.location).path == "/register"
    assert answers_in(target) == WRITER
    assert roadmap_count() == 0


@pytest.mark.parametrize("answers", [{}, {**WRITER, "skill": ""}, {**WRITER, "hours": "lots"}])
def test_build_with_bad_answers_builds_nothing(client, owner, post, roadmap_count, answers):
    response = post("/path-finder/build", answers)
    assert response.status_code == 422
    assert "Answer the questions again" in text(response)
    assert roadmap_count() == 0


def test_a_visitors_answers_survive_registration_and_build_the_right_roadmap(
    client, milestones_of
):
    answers = {**WRITER, "skill": "video-editing", "money": "no-rush"}
    html = text(client.get(result_path(answers)))
    link = re.search(r'<a href="(/register\?next=[^"]+)"', html).group(1).replace("&amp;", "&")
    registered = submit(client, link, {
        "username": "newcomer", "email": "new@example.com", "password": PASSWORD,
        "confirm": PASSWORD, "next": dict(parse_qsl(urlsplit(link).query))["next"]})
    assert registered.status_code == 303
    assert answers_in(registered.location.partition("#")[0]) == answers
    response = submit(client, "/path-finder/build", build_form(client, answers))
    made = milestones_of(int(response.location.rsplit("/", 1)[1]))
    assert {m.track for m in made} == {"freelancing"}
    assert "Three sample edits for your portfolio" in [m.title for m in made]


def test_the_result_costs_the_same_queries_however_many_roadmaps(
    client, owner, post, count_queries
):
    def queries() -> int:
        with count_queries() as statements:
            assert client.get(result_path(WRITER)).status_code == 200
        return len(statements)

    before = queries()
    for _ in range(3):
        post("/path-finder/build", build_form(client))
    assert queries() == before


def test_a_built_roadmap_and_the_answers_go_with_the_roadmap_and_the_account(app, client, ana):
    assert log_in(client, "ana").status_code == 303
    location = submit(client, "/path-finder/build", build_form(client)).location
    assert submit(client, f"{location}/delete").status_code == 303
    submit(client, "/path-finder/build", build_form(client))
    assert saved(app, ana.id) == q.encode(WRITER)
    response = submit(client, "/account/delete",
                         {"current_password": PASSWORD, "comments": "keep"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalars(select(RoadmapAnswers)).all() == []
    assert saved(app, ana.id) is None


# Links ------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/guides/micro-jobs-vs-freelancing", "/roadmap/new"])
def test_the_path_finder_is_linked(client, owner, url):
    assert 'href="/path-finder"' in text(client.get(url))


def test_the_comparison_links_from_its_which_is_better_section(client):
    html = text(client.get("/guides/micro-jobs-vs-freelancing"))
    section = html[html.index('<section id="which-is-better"'):]
    assert section.index('href="/path-finder"') < section.index("</section>")
