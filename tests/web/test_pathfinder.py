"""The path finder's routes: every question, one step, the result, building the roadmap."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.pathfinder import questions as q
from planner.pathfinder.models import RoadmapAnswers, SavedAnswers
from planner.roadmaps.models import Roadmap
from tests.support.accounts import PASSWORD, log_in
from tests.support.forms import submit
from tests.support.roadmaps import text

# A writer who needs money this week and wants a career: micro jobs while freelancing grows.
WRITER = {"skill": "writing", "money": "this-week", "hours": "5-15", "goal": "career",
          "clients": "yes", "learn": "yes"}
KEY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')


def query(answers: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in answers.items())


def result_path(answers: dict) -> str:
    return "/path-finder/result?" + query(answers)


def answers_in(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query))


# The whole form ---------------------------------------------------------------------------

def test_the_page_asks_every_question_in_one_plain_form(client):
    response = client.get("/path-finder")
    html = text(response)
    assert response.status_code == 200
    assert "<h1>Which path fits me?</h1>" in html
    assert '<form method="post" action="/path-finder"' in html
    for question in q.QUESTIONS:
        assert f'id="question-{question.name}"' in html
        for option in question.options:
            assert f'name="{question.name}" value="{option.value}"' in html
    assert 'hx-get="/path-finder?step=1" hx-trigger="load"' in html


def test_the_form_as_an_htmx_partial_is_one_root(client, hx):
    response = client.get("/path-finder", headers=hx)
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="path-finder"')
    assert "<html" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_a_query_fills_in_the_answers(client):
    html = text(client.get("/path-finder?skill=design&goal=career"))
    assert 'value="design" checked' in html and 'value="career" checked' in html
    assert 'hx-get="/path-finder?step=1&amp;skill=design&amp;goal=career"' in html


def test_posting_every_answer_without_javascript_redirects_to_the_result(client):
    response = submit(client, "/path-finder", WRITER)
    assert response.status_code == 303
    assert urlsplit(response.location).path == "/path-finder/result"
    assert answers_in(response.location) == WRITER
    page = client.get(response.location)
    assert page.status_code == 200 and "Micro jobs while you learn a skill" in text(page)


def test_posting_with_htmx_sends_the_browser_to_the_result(client, hx):
    response = submit(client, "/path-finder", WRITER, htmx=True)
    assert response.status_code == 200
    assert answers_in(response.headers["HX-Redirect"]) == WRITER


@pytest.mark.parametrize("missing", ["skill", "learn"])
def test_a_missing_answer_comes_back_422_with_its_message(client, missing):
    data = {k: v for k, v in WRITER.items() if k != missing}
    response = submit(client, "/path-finder", data)
    html = text(response)
    assert response.status_code == 422
    assert f'<small id="{missing}-error" class="field-error">{q.MISSING}</small>' in html
    assert "1 of the 6 questions still need an answer." in html
    assert 'value="this-week" checked aria-invalid' not in html  # only the missing one is marked


def test_an_answer_that_is_not_offered_is_refused(client):
    response = submit(client, "/path-finder", {**WRITER, "skill": "juggling"})
    assert response.status_code == 422
    assert q.UNKNOWN in text(response)


def test_the_form_needs_its_csrf_token(client):
    response = client.post("/path-finder", data=WRITER)
    assert response.status_code == 400


# One question at a time ------------------------------------------------------------------

def test_a_step_page_shows_one_question_with_progress_and_back(client):
    response = client.get("/path-finder?step=3&skill=writing&money=this-week")
    html = text(response)
    assert response.status_code == 200
    assert "Question 3 of 6" in html and '<progress value="3" max="6"' in html
    assert html.count('<fieldset id="question-') == 1 and 'id="question-hours"' in html
    assert '<input type="hidden" name="skill" value="writing">' in html
    assert '<input type="hidden" name="step" value="4">' in html
    assert 'href="/path-finder?step=2&amp;skill=writing&amp;money=this-week"' in html
    assert "autofocus" not in html  # a whole page leaves the focus to the browser


def test_a_step_as_an_htmx_partial_takes_the_focus(client, hx):
    response = client.get("/path-finder?step=2&skill=writing&money=months", headers=hx)
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="path-finder"')
    assert 'value="months" checked autofocus' in html
    assert "HX-Push-Url" not in response.headers  # the form's own address is pushed


def test_later_answers_are_kept_when_going_back(client, hx):
    html = text(client.get("/path-finder?step=2&" + query(WRITER), headers=hx))
    for name in ("skill", "hours", "goal", "clients", "learn"):
        assert f'<input type="hidden" name="{name}" value="{WRITER[name]}">' in html
    assert 'value="this-week" checked' in html


def test_the_first_step_has_no_back_and_the_last_one_posts(client):
    first = text(client.get("/path-finder?step=1"))
    assert ">Back</a>" not in first and 'method="get"' in first
    last = text(client.get("/path-finder?step=6&" + query(WRITER)))
    assert 'method="post" action="/path-finder" hx-post="/path-finder"' in last
    assert 'name="csrf_token"' in last and "See my recommendation" in last


@pytest.mark.parametrize("htmx", [False, True])
def test_going_on_without_an_answer_shows_that_question_again(client, hx, htmx):
    response = client.get("/path-finder?step=3&skill=writing", headers=hx if htmx else {})
    html = text(response)
    assert response.status_code == 422
    assert "Question 2 of 6" in html and q.MISSING in html
    if htmx:
        assert response.headers["HX-Push-Url"] == "false"


@pytest.mark.parametrize("step", ["0", "7", "x", "-1", "٣"])
def test_a_step_that_does_not_exist_is_404(client, step):
    response = client.get(f"/path-finder?step={step}")
    assert response.status_code == 404
    assert "There is no such question" in text(response)


def test_the_last_step_posted_with_htmx_and_an_answer_missing_stays_on_the_steps(client, hx):
    data = {**{k: v for k, v in WRITER.items() if k != "learn"}, "step": "6"}
    response = submit(client, "/path-finder", data, htmx=True)
    html = text(response)
    assert response.status_code == 422
    assert html.lstrip().startswith('<section id="path-finder"') and "Question 6 of 6" in html
    assert response.headers["HX-Push-Url"] == "false"


# Saved answers ----------------------------------------------------------------------------

def saved(app, user_id: int) -> str | None:
    with app.app_context():
        return db.session.scalar(
            select(SavedAnswers.answers).where(SavedAnswers.user_id == user_id))


def test_a_signed_in_users_answers_are_saved_and_can_be_changed(app, client, owner):
    submit(client, "/path-finder", WRITER)
    assert saved(app, owner.id) == q.encode(WRITER)
    html = text(client.get("/path-finder"))
    assert 'value="writing" checked' in html and 'value="this-week" checked' in html
    assert f'<a href="{result_path(WRITER).replace("&", "&amp;")}">See the advice' in html
    submit(client, "/path-finder", {**WRITER, "skill": "design"})
    assert saved(app, owner.id) == q.encode({**WRITER, "skill": "design"})
    assert 'value="design" checked' in text(client.get("/path-finder"))


def test_a_visitors_answers_are_not_stored(app, client):
    submit(client, "/path-finder", WRITER)
    with app.app_context():
        assert db.session.scalars(select(SavedAnswers)).all() == []


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

def build_form(client, answers=WRITER) -> dict:
    """The build form's fields as the signed-in result page renders them."""
    html = text(client.get(result_path(answers)))
    return {**answers, "idempotency_key": KEY.search(html).group(1)}


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
