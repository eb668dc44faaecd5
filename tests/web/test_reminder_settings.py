"""The Reminders form of the account page: page, htmx partial and plain post."""

import re

import pytest

from planner.accounts.models import User
from planner.database import utcnow

FORM_START = '<form id="reminders-form" method="post" action="/account/reminders"'


def checked(page: str, name: str) -> bool:
    """Whether the checkbox called name is ticked in page."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    return " checked" in tag


@pytest.fixture
def member(make_user, auth):
    """A signed-in member with a confirmed address."""
    return auth.login(make_user(username="ana", email="ana@example.com",
                                email_verified_at=utcnow()))


def test_the_page_shows_the_form_with_both_reminders_off(client, member):
    response = client.get("/account")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert FORM_START in page and 'hx-post="/account/reminders"' in page
    assert '<h2 id="reminders-title">Reminders</h2>' in page
    assert not checked(page, "weekly") and not checked(page, "day_before")
    assert "Monday at 08:00 your time" in page
    assert "only to a confirmed address" not in page


def test_without_javascript_the_choice_is_saved_and_the_page_comes_back(client, member,
                                                                       post, fetch):
    response = post("/account/reminders", {"weekly": "y"})
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    stored = fetch(User, member.id)
    assert (stored.remind_weekly, stored.remind_day_before) == (True, False)
    page = client.get("/account").get_data(as_text=True)
    assert "Saved: you will get the weekly summary." in page
    assert checked(page, "weekly") and not checked(page, "day_before")


def test_with_htmx_the_form_alone_comes_back(member, post, fetch):
    response = post("/account/reminders", {"weekly": "y", "day_before": "y"}, htmx=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith(FORM_START)
    assert response.headers["HX-Trigger"] == "reminders-updated"
    assert "HX-Request" in response.headers["Vary"]
    assert response.headers["Cache-Control"] == "no-store"
    assert 'id="messages"' in page and "the weekly summary and the reminder the day" in page
    assert checked(page, "weekly") and checked(page, "day_before")
    assert "autofocus" in page  # the button the keyboard was on comes back focused
    stored = fetch(User, member.id)
    assert (stored.remind_weekly, stored.remind_day_before) == (True, True)


def test_unticking_both_turns_them_off(member, post, fetch):
    post("/account/reminders", {"weekly": "y", "day_before": "y"})
    response = post("/account/reminders", {})
    assert response.status_code == 303
    stored = fetch(User, member.id)
    assert (stored.remind_weekly, stored.remind_day_before) == (False, False)


def test_an_unconfirmed_address_is_told_that_reminders_wait(client, make_user, auth, post):
    auth.login(make_user(username="bo", email="bo@example.com"))
    assert "only to a confirmed address" in client.get("/account").get_data(as_text=True)
    page = post("/account/reminders", {"day_before": "y"}, htmx=True).get_data(as_text=True)
    assert "They start once you confirm bo@example.com." in page


def test_visitors_are_sent_to_log_in(client, csrf):
    response = client.post("/account/reminders", data={"csrf_token": csrf(), "weekly": "y"})
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login")


def test_a_post_without_its_csrf_token_is_refused(client, member, fetch):
    assert client.post("/account/reminders", data={"weekly": "y"}).status_code == 400
    assert fetch(User, member.id).remind_weekly is False
