"""Account settings: profile, password and deletion, each as page, partial and plain post."""

import html
import re

import pytest

from planner.accounts import service
from planner.accounts.passwords import verify_password
from planner.extensions import db
from planner.roadmaps.models import Milestone, Roadmap
from tests.support.accounts import (
    NEW_PASSWORD,
    PASSWORD,
    count_users,
    fetch_user,
    is_signed_in,
    log_in,
)

pytestmark = pytest.mark.usefixtures("outbox")

SETTINGS_FORMS = ["profile-form", "password-form", "delete-form"]
CHANGE = {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}


def error_text(page: str, field: str) -> str:
    """The message shown next to field, or "" when there is none."""
    match = re.search(rf'<small id="{field}-error" class="field-error">([^<]*)</small>', page)
    return html.unescape(match.group(1)) if match else ""


@pytest.fixture
def signed_in(client, ana):
    """The client, freshly logged in as ana through the form."""
    assert log_in(client, "ana").status_code == 303
    return client


@pytest.fixture
def remembered(app, ana):
    """A client signed in only by a remember-me cookie, as after closing the browser."""
    laptop = app.test_client()
    log_in(laptop, "ana", remember=True)
    restored = app.test_client()
    restored.set_cookie("remember_token", laptop.get_cookie("remember_token").value)
    return restored


# --- the page ---------------------------------------------------------------------------


def test_settings_page_shows_the_three_forms(signed_in):
    response = signed_in.get("/account")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    for form_id in SETTINGS_FORMS:
        assert f'<form id="{form_id}" method="post"' in page
    assert re.search(r'<input checked id="comments-0" name="comments"[^>]* value="keep">', page)
    assert 'value="delete"' in page and "former member" in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "every id on the page is unique"
    assert response.headers["Cache-Control"] == "no-store"


def test_settings_partial_for_htmx(signed_in, hx):
    response = signed_in.get("/account", headers=hx)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith('<form id="profile-form"')


def test_settings_send_visitors_to_log_in_and_back(client):
    response = client.get("/account")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login?next=/account"


def test_settings_send_htmx_visitors_to_log_in_by_full_redirect(client, hx):
    response = client.get("/account", headers=hx)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/login?next=/account"


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/account", {"display_name": "Mallory", "email": "ana@example.com"}),
        ("/account/password", CHANGE),
        ("/account/delete", {"current_password": PASSWORD, "comments": "delete"}),
    ],
)
def test_settings_changes_need_a_signed_in_user(app, client, ana, url, data, post):
    response = post(url, data)
    assert response.status_code == 303 and response.headers["Location"].startswith("/login")
    user = fetch_user(app, ana.id)
    assert user.display_name == "Ana" and user.password_hash == ana.password_hash


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/account", {"display_name": "Mallory", "email": "ana@example.com"}),
        ("/account/password", CHANGE),
        ("/account/delete", {"current_password": PASSWORD, "comments": "delete"}),
    ],
)
def test_settings_changes_need_the_csrf_token(app, signed_in, ana, url, data):
    response = signed_in.post(url, data=data)
    assert response.status_code == 400
    user = fetch_user(app, ana.id)
    assert user.display_name == "Ana" and user.password_hash == ana.password_hash


def test_settings_page_runs_a_constant_number_of_queries(signed_in, account, count_queries):
    def measure() -> int:
        with count_queries() as statements:
            assert signed_in.get("/account").status_code == 200
        return len(statements)

    few = measure()
    for _ in range(15):
        account()
    assert measure() == few


# --- profile ----------------------------------------------------------------------------


def test_change_display_name_without_javascript(app, signed_in, ana, post):
    response = post("/account", {"display_name": "Ana B.", "email": ana.email})
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    page = signed_in.get("/account").get_data(as_text=True)
    assert "Your profile has been saved." in page and ">Ana B.<" in page
    assert fetch_user(app, ana.id).display_name == "Ana B."


def test_change_display_name_with_htmx(app, signed_in, hx, ana, post):
    form = {"display_name": "Ana B.", "email": ana.email}
    response = post("/account", form, htmx=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith('<form id="profile-form"')
    assert response.headers["HX-Trigger"] == "profile-updated"
    assert re.search(r'<a id="account-link"[^>]* hx-swap-oob="true">Ana B\.<', page)
    assert 'id="messages"' in page and "Your profile has been saved." in page
    assert fetch_user(app, ana.id).display_name == "Ana B."


def test_the_old_address_is_told_when_the_email_changes(signed_in, outbox, post):
    post("/account", {"display_name": "Ana B.", "email": "ana@example.com"})
    assert outbox.messages() == []  # a new display name alone is no news
    post("/account", {"display_name": "Ana", "email": "new@example.com",
                      "current_password": PASSWORD})
    [notice] = outbox.messages()
    assert notice["To"] == "ana@example.com"
    assert notice["Subject"] == "Your Learning-Path Planner email address was changed"
    assert "new@example.com" not in notice.get_content()


def test_changing_the_email_needs_the_current_password(app, signed_in, ana, post):
    response = post(
        "/account", {"display_name": "Ana", "email": "new@example.com"}
    )
    assert response.status_code == 422
    message = error_text(response.get_data(as_text=True), "profile_current_password")
    assert message == "Enter your current password to change email."
    assert fetch_user(app, ana.id).email == "ana@example.com"
    response = post(
        "/account",
        {"display_name": "Ana", "email": " New@Example.com ", "current_password": PASSWORD},
    )
    assert response.status_code == 303
    assert fetch_user(app, ana.id).email == "new@example.com"


PROFILE_ERRORS = [
    ("display_name", "", "Enter a display name."),
    ("display_name", "    ", "Enter a display name."),
    ("display_name", "x" * 65, "Use at most 64 characters."),
    ("display_name", "An\x00a", "Remove the invisible control characters."),
    ("email", "", "Enter your email address."),
    ("email", "nope", "Enter a valid email address, like name@example.com."),
    ("email", "taken@example.com", "An account with that email address already exists."),
    ("current_password", "wrong password", "Enter your current password to change email."),
]


@pytest.mark.parametrize(("field", "value", "message"), PROFILE_ERRORS)
def test_profile_refuses_bad_input_saving_nothing(
    app, signed_in, hx, account, ana, field, value, message, post
):
    account(email="taken@example.com")
    form = {"display_name": "Changed", "email": "other@example.com",
            "current_password": PASSWORD, field: value}
    response = post("/account", form, htmx=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.lstrip().startswith('<form id="profile-form"') and "<html" not in page
    field_id = "profile_current_password" if field == "current_password" else field
    assert error_text(page, field_id) == message
    user = fetch_user(app, ana.id)
    assert (user.display_name, user.email) == ("Ana", "ana@example.com")


def test_profile_errors_without_javascript_show_the_whole_page(signed_in, post):
    response = post("/account", {"display_name": "", "email": "ana@example.com"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" in page
    assert error_text(page, "display_name") == "Enter a display name."
    assert all(f'id="{form_id}"' in page for form_id in SETTINGS_FORMS)


def test_an_email_taken_in_a_race_is_a_message_not_an_error(
    app, signed_in, account, monkeypatch, post
):
    account(email="taken@example.com")
    monkeypatch.setattr(service, "_check_free", lambda *args, **kwargs: None)
    response = post(
        "/account",
        {"display_name": "Ana", "email": "taken@example.com", "current_password": PASSWORD},
    )
    assert response.status_code == 422
    assert "already exists" in error_text(response.get_data(as_text=True), "email")


# --- password ---------------------------------------------------------------------------


def test_change_password_without_javascript(app, signed_in, ana, outbox, post):
    response = post("/account/password", CHANGE)
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    page = signed_in.get("/account").get_data(as_text=True)
    assert "Other devices have been signed out." in page
    stored = fetch_user(app, ana.id).password_hash
    assert verify_password(stored, NEW_PASSWORD) and not verify_password(stored, PASSWORD)
    assert is_signed_in(signed_in)
    notices = outbox.messages()
    assert len(notices) == 1 and notices[0]["To"] == "ana@example.com"
    assert "password was changed" in notices[0]["Subject"]


def test_change_password_with_htmx(signed_in, hx, post):
    response = post("/account/password", CHANGE, htmx=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith('<form id="password-form"')
    assert response.headers["HX-Trigger"] == "password-changed"
    assert "Other devices have been signed out." in page
    assert is_signed_in(signed_in)


def test_after_a_password_change_the_remember_cookie_of_this_browser_still_works(app, ana, post):
    browser = app.test_client()
    log_in(browser, "ana", remember=True)
    assert post("/account/password", CHANGE, client=browser).status_code == 303
    reopened = app.test_client()
    reopened.set_cookie("remember_token", browser.get_cookie("remember_token").value)
    assert is_signed_in(reopened)


PASSWORD_ERRORS = [
    ("current_password", "", "Enter your current password."),
    ("current_password", "not my password", "Your current password is not correct."),
    ("password", "short", "Use at least 8 characters (15 or more is better)."),
    ("password", "iloveyou", "This is one of the most common passwords, so it is easy to "
                             "guess. Choose another."),
    ("confirm", "something else entirely", "The two passwords do not match."),
]


@pytest.mark.parametrize(("field", "value", "message"), PASSWORD_ERRORS)
def test_change_password_refuses_bad_input_changing_nothing(
    app, signed_in, hx, ana, field, value, message, post
):
    form = {**CHANGE, field: value}
    if field == "password":
        form["confirm"] = value
    response = post("/account/password", form, htmx=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.lstrip().startswith('<form id="password-form"')
    assert error_text(page, field) == message
    assert fetch_user(app, ana.id).password_hash == ana.password_hash


def test_change_password_needs_a_fresh_login(app, remembered, ana, post):
    assert is_signed_in(remembered)  # the remember-me cookie restores the session...
    response = post("/account/password", CHANGE, client=remembered)
    assert response.status_code == 303  # ...but it is not enough to change the password
    assert response.headers["Location"] == "/login?next=/account"
    assert fetch_user(app, ana.id).password_hash == ana.password_hash
    login_page = remembered.get(response.headers["Location"])
    assert login_page.status_code == 200
    assert "log in again to confirm" in login_page.get_data(as_text=True)
    again = post("/login", {"login": "ana", "password": PASSWORD,
                                             "next": "/account"}, client=remembered)
    assert again.status_code == 303 and again.headers["Location"] == "/account"
    assert post("/account/password", CHANGE, client=remembered).status_code == 303
    assert verify_password(fetch_user(app, ana.id).password_hash, NEW_PASSWORD)


def test_stale_session_is_sent_to_log_in_again_by_htmx_redirect(remembered, hx, post):
    response = post("/account/password", CHANGE, htmx=True, client=remembered)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/login?next=/account"


# --- delete -----------------------------------------------------------------------------


@pytest.mark.parametrize("choice", ["keep", "delete"])
def test_delete_account_without_javascript(app, signed_in, ana, choice, post):
    response = post(
        "/account/delete", {"current_password": PASSWORD, "comments": choice}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/"
    home = signed_in.get("/").get_data(as_text=True)
    assert "Your account and your roadmaps have been deleted." in home
    assert fetch_user(app, ana.id) is None and count_users(app) == 0
    assert not is_signed_in(signed_in)


def test_deleting_the_account_removes_its_roadmaps_and_milestones(
    app, signed_in, ana, make_roadmap, account, post
):
    mine = make_roadmap(ana, custom=2)
    theirs = make_roadmap(account(username="bob"))
    post("/account/delete", {"current_password": PASSWORD, "comments": "keep"})
    with app.app_context():
        roadmaps = db.session.scalars(db.select(Roadmap.id)).all()
        milestones = db.session.scalars(db.select(Milestone.id)).all()
    assert roadmaps == [theirs.id]
    assert sorted(milestones) == sorted(theirs.milestone_ids)
    assert mine.milestone_ids and not set(mine.milestone_ids) & set(milestones)


def test_delete_account_with_htmx(app, signed_in, hx, ana, post):
    response = post(
        "/account/delete",
        {"current_password": PASSWORD, "comments": "keep"},
        htmx=True,
    )
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/"
    assert fetch_user(app, ana.id) is None
    assert not is_signed_in(signed_in)


def test_a_deleted_accounts_remember_cookie_is_useless(app, ana, post):
    browser = app.test_client()
    log_in(browser, "ana", remember=True)
    cookie = browser.get_cookie("remember_token").value
    post("/account/delete", {"current_password": PASSWORD, "comments": "delete"}, client=browser)
    thief = app.test_client()
    thief.set_cookie("remember_token", cookie)
    assert not is_signed_in(thief)


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"current_password": ""}, "current_password", "Enter your password to confirm."),
        ({"current_password": "wrong"}, "current_password", "Your password is not correct."),
        ({"comments": "sell them"}, "comments", "Not a valid choice."),
    ],
)
def test_delete_refuses_bad_input_keeping_the_account(
    app, signed_in, hx, ana, form, field, message, post
):
    data = {"current_password": PASSWORD, "comments": "keep", **form}
    response = post("/account/delete", data, htmx=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.lstrip().startswith('<form id="delete-form"')
    assert message in page
    assert fetch_user(app, ana.id) is not None and is_signed_in(signed_in)


def test_delete_needs_a_fresh_login(app, remembered, ana, post):
    response = post(
        "/account/delete", {"current_password": PASSWORD, "comments": "delete"}, client=remembered
    )
    assert response.status_code == 303 and response.headers["Location"].startswith("/login")
    assert fetch_user(app, ana.id) is not None
