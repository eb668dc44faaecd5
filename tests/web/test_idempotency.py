"""A creating form sent again, or twice at once, creates once and answers with the first result."""

import re
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from planner import idempotency
from planner.accounts import service
from planner.accounts.models import User
from planner.extensions import db
from planner.idempotency import IdempotencyKey
from planner.roadmaps import rules
from planner.roadmaps.models import Milestone, Roadmap
from tests.support.accounts import PASSWORD
from tests.support.forms import token_in

KEY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')


def key_on(client, url: str) -> str:
    """The idempotency key of the first creating form on the page at url."""
    return KEY.search(client.get(url).get_data(as_text=True)).group(1)


def count(app, model, **where) -> int:
    """How many rows of model match where."""
    with app.app_context():
        query = select(func.count()).select_from(model).filter_by(**where)
        return db.session.scalar(query)


def test_every_rendered_builder_carries_a_new_key(client, owner):
    assert key_on(client, "/roadmap/new") != key_on(client, "/roadmap/new")


@pytest.mark.parametrize("htmx", [False, True])
def test_the_builder_sent_again_builds_one_roadmap(app, client, owner, post, htmx):
    form = {"name": "Side income", "template": "recommended",
            "idempotency_key": key_on(client, "/roadmap/new")}
    first = post("/roadmap/new", form, htmx=htmx)
    again = post("/roadmap/new", form, htmx=htmx)
    assert count(app, Roadmap, user_id=owner.id) == 1
    where = "HX-Redirect" if htmx else "Location"
    assert first.headers[where] == again.headers[where]
    assert re.fullmatch(r"/roadmap/\d+", again.headers[where])


def test_a_new_key_builds_a_second_roadmap(app, client, owner, post):
    for _ in range(2):
        form = {"name": "Plan", "template": "empty",
                "idempotency_key": key_on(client, "/roadmap/new")}
        assert post("/roadmap/new", form).status_code == 303
    assert count(app, Roadmap, user_id=owner.id) == 2


@pytest.mark.parametrize("htmx", [False, True])
def test_a_custom_milestone_sent_again_is_added_once(app, client, roadmap, post, htmx):
    form = {"title": "Learn Canva", "track": "custom",
            "idempotency_key": key_on(client, roadmap.url)}
    first = post(f"{roadmap.url}/milestones", form, htmx=htmx)
    assert first.status_code == (200 if htmx else 303)
    again = post(f"{roadmap.url}/milestones", form, htmx=htmx)
    assert count(app, Milestone, roadmap_id=roadmap.id, title="Learn Canva") == 1
    with app.app_context():
        added = db.session.scalar(select(Milestone.id).filter_by(title="Learn Canva"))
    where = "HX-Redirect" if htmx else "Location"
    assert again.headers[where] == f"{roadmap.url}#milestone-{added}"


def test_the_track_returned_after_adding_offers_a_fresh_key(client, roadmap, post):
    key = key_on(client, roadmap.url)
    response = post(f"{roadmap.url}/milestones",
                    {"title": "One", "track": "custom", "idempotency_key": key}, htmx=True)
    keys = set(KEY.findall(response.get_data(as_text=True)))
    assert keys and key not in keys


def test_two_copies_sent_at_the_same_instant_create_one_row(app, client, owner, csrf):
    """A double submission: both requests race; the database lets one through."""
    token, key = csrf(), key_on(client, "/roadmap/new")
    cookie = client.get_cookie("session")
    barrier, answers = threading.Barrier(2), []

    def submit():
        twin = app.test_client()
        twin.set_cookie(cookie.key, cookie.value)
        barrier.wait()
        answers.append(twin.post("/roadmap/new", data={
            "csrf_token": token, "name": "Race", "template": "recommended",
            "idempotency_key": key}))

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [303, 303]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    assert count(app, Roadmap, user_id=owner.id) == 1
    assert count(app, Milestone) == 9


def test_another_users_key_creates_nothing(app, client, auth, make_user, owner, post):
    key = key_on(client, "/roadmap/new")
    post("/roadmap/new", {"name": "Mine", "template": "empty", "idempotency_key": key})
    stranger = auth.login(make_user(username="stranger"))
    response = post("/roadmap/new", {"name": "Theirs", "template": "empty", "idempotency_key": key})
    assert response.status_code == 409
    assert count(app, Roadmap, user_id=stranger.id) == 0


@pytest.fixture
def database_fails_after_commit(app):
    """From the first COMMIT on, every statement fails as if the database had gone away."""
    committed = threading.Event()

    def after_commit(conn):
        committed.set()

    def before_execute(conn, cursor, statement, *args):
        if committed.is_set():
            raise OperationalError(statement, {}, Exception("the database went away"))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "commit", after_commit)
    sa.event.listen(engine, "before_cursor_execute", before_execute)
    yield committed
    sa.event.remove(engine, "commit", after_commit)
    sa.event.remove(engine, "before_cursor_execute", before_execute)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_committed_roadmap_is_never_answered_with_try_again(
    app, client, owner, post, database_fails_after_commit, htmx
):
    form = {"name": "Saved", "template": "recommended",
            "idempotency_key": key_on(client, "/roadmap/new")}
    response = post("/roadmap/new", form, htmx=htmx)
    assert database_fails_after_commit.is_set()
    assert response.status_code == (200 if htmx else 303)
    assert "try again" not in response.get_data(as_text=True)


def test_a_committed_milestone_is_never_answered_with_try_again(
    client, roadmap, post, database_fails_after_commit
):
    form = {"title": "Saved", "track": "custom", "idempotency_key": key_on(client, roadmap.url)}
    response = post(f"{roadmap.url}/milestones", form)
    assert database_fails_after_commit.is_set()
    assert response.status_code == 303


@pytest.mark.parametrize("htmx", [False, True])
def test_a_full_roadmap_refuses_one_more_milestone_saying_why(
    app, make_roadmap, owner, post, htmx
):
    full = make_roadmap(owner, template="empty", custom=rules.MILESTONES_MAX)
    response = post(f"{full.url}/milestones", {"title": "One too many", "track": "custom"},
                    htmx=htmx)
    assert response.status_code == 422
    assert f"at most {rules.MILESTONES_MAX} milestones" in response.get_data(as_text=True)
    assert count(app, Milestone, roadmap_id=full.id) == rules.MILESTONES_MAX


@pytest.mark.parametrize("key", ["k" * 65, "k" * 70_000, "short", "not a key at all!!!!"])
def test_a_malformed_key_counts_as_no_key(app, owner, post, key):
    response = post("/roadmap/new", {"name": "Odd", "template": "empty", "idempotency_key": key})
    assert response.status_code == 303
    assert count(app, Roadmap, user_id=owner.id) == 1
    assert count(app, IdempotencyKey) == 0


# --- registration: no account, so the key is bound to the session that sent the form ------

REGISTRATION = {"username": "Bea", "email": "bea@example.com",
                "password": "plum-kettle-orbit-42", "confirm": "plum-kettle-orbit-42"}


@pytest.fixture
def registration_form(client, csrf):
    """A rendered registration form: (its fields with CSRF token and key, the session cookie)."""
    token, key = csrf(), key_on(client, "/register")
    return {**REGISTRATION, "csrf_token": token, "idempotency_key": key}, client.get_cookie(
        "session"
    )


def browser_with(app, cookie):
    """A test client holding a copy of a session cookie, as the same browser retrying."""
    twin = app.test_client()
    twin.set_cookie(cookie.key, cookie.value)
    return twin


def accounts(app) -> int:
    """How many accounts exist."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize("htmx", [False, True])
def test_a_registration_sent_again_makes_one_account_and_signs_in(
    app, registration_form, htmx
):
    """The answer to the first copy was lost (its cookie too): the browser sends it again."""
    form, cookie = registration_form
    headers = {"HX-Request": "true"} if htmx else {}
    first = browser_with(app, cookie).post("/register", data=form, headers=headers)
    retry = browser_with(app, cookie)
    again = retry.post("/register", data=form, headers=headers)
    where = "HX-Redirect" if htmx else "Location"
    assert again.status_code == first.status_code == (200 if htmx else 303)
    assert again.headers[where] == first.headers[where] == "/"
    assert "taken" not in again.get_data(as_text=True)
    assert accounts(app) == 1
    assert retry.get("/account").status_code == 200


def test_a_repeat_with_another_password_is_sent_to_log_in(app, registration_form):
    form, cookie = registration_form
    browser_with(app, cookie).post("/register", data=form)
    retry = browser_with(app, cookie)
    again = retry.post("/register", data={**form, "password": "x" * 20, "confirm": "x" * 20})
    assert again.status_code == 303 and again.headers["Location"] == "/login"
    assert retry.get("/account").status_code == 303, "not signed in"
    assert accounts(app) == 1


def test_the_key_from_another_session_is_no_repeat(app, registration_form):
    """A copied form (key and all) in another browser: told the name is taken, not let in."""
    form, cookie = registration_form
    browser_with(app, cookie).post("/register", data=form)
    stranger = app.test_client()
    token = token_in(stranger.get("/register").get_data(as_text=True))
    answer = stranger.post("/register", data={**form, "csrf_token": token})
    assert answer.status_code == 422
    assert "That username is taken" in answer.get_data(as_text=True)
    assert stranger.get("/account").status_code == 303, "not signed in"
    assert accounts(app) == 1


def test_two_registrations_sent_at_the_same_instant_make_one_account(app, registration_form):
    """A double click: both copies race; the database lets one through, both are let in."""
    form, cookie = registration_form
    barrier, answers = threading.Barrier(2), []

    def submit():
        twin = browser_with(app, cookie)
        barrier.wait()
        answers.append(twin.post("/register", data=form))

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [303, 303]
    assert [a.headers["Location"] for a in answers] == ["/", "/"]
    assert accounts(app) == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_a_committed_registration_is_never_answered_with_try_again(
    app, registration_form, database_fails_after_commit, htmx
):
    form, cookie = registration_form
    headers = {"HX-Request": "true"} if htmx else {}
    response = browser_with(app, cookie).post("/register", data=form, headers=headers)
    assert database_fails_after_commit.is_set()
    assert response.status_code == (200 if htmx else 303)
    assert "try again" not in response.get_data(as_text=True)


def test_a_twin_registration_that_committed_after_the_key_was_looked_up_is_the_same_account(
    app,
):
    """The window of a double click: the view found no key, then the twin committed."""
    with app.test_request_context():
        made = service.register_user("twin", "twin@example.com", PASSWORD, key="k-twin")
        with pytest.raises(idempotency.AlreadyDone) as repeat:
            service.register_user("twin", "twin@example.com", PASSWORD, key="k-twin")
        assert repeat.value.result_id == made.id
        with pytest.raises(service.AccountError):  # another form's key: the name is taken
            service.register_user("twin", "twin@example.com", PASSWORD, key="k-other")
