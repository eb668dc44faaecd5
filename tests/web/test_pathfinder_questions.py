"""The path finder's questions: all in one form, one at a time, and a user's saved answers."""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.pathfinder import questions as q
from planner.pathfinder.models import SavedAnswers
from tests.support.forms import submit
from tests.support.pathfinder import WRITER, answers_in, query, result_path, saved
from tests.support.roadmaps import text

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
