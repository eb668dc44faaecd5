"""Safeguards on accounts: reset links, password rules on every form, the last admin,
and remember-me cookies that the server lets expire."""

import pytest

from planner.accounts import models
from tests.support.accounts import (
    NEW_PASSWORD,
    PASSWORD,
    count_users,
    fetch_user,
    is_signed_in,
    log_in,
)
from tests.support.forms import submit

pytestmark = pytest.mark.usefixtures("outbox")

SAME_AS_ACCOUNT = "Your password must not be your username or email address."


@pytest.fixture
def signed_in(client, ana):
    """The client, freshly logged in as ana through the form."""
    assert log_in(client, "ana").status_code == 303
    return client


def reset_link(client, outbox, address: str = "ana@example.com") -> str:
    """Ask for a reset link for address and return its path."""
    submit(client, "/reset-password", {"email": address})
    return outbox.links()[-1]


# --- reset links --------------------------------------------------------------------------


def test_a_reset_link_dies_when_the_email_address_changes(app, signed_in, ana, outbox):
    link = reset_link(app.test_client(), outbox)
    response = submit(signed_in, "/account", {
        "display_name": "Ana", "email": "new@example.com", "current_password": PASSWORD})
    assert response.status_code == 303
    response = app.test_client().get(link)
    assert response.status_code == 303 and response.headers["Location"] == "/reset-password"
    stranger = app.test_client()
    submit(stranger, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert fetch_user(app, ana.id).password_hash == ana.password_hash


def test_a_reset_link_survives_a_new_display_name(app, signed_in, outbox):
    link = reset_link(app.test_client(), outbox)
    submit(signed_in, "/account", {"display_name": "Ana B.", "email": "ana@example.com"})
    assert app.test_client().get(link).status_code == 200


# --- the password must not be the account's own name or address ---------------------------


@pytest.mark.parametrize("password", ["anagrams", "ANAGRAMS", "anagrams@example.com"])
def test_registration_refuses_the_username_or_email_as_password(app, client, password):
    form = {"username": "anagrams", "email": "anagrams@example.com", "password": password,
            "confirm": password}
    response = submit(client, "/register", form)
    assert response.status_code == 422 and SAME_AS_ACCOUNT in response.get_data(as_text=True)
    assert count_users(app) == 0


@pytest.mark.parametrize("password", ["anagrams", "AnaGrams", "anagrams@example.com"])
def test_a_password_change_refuses_the_username_or_email(app, client, account, password):
    user = account(username="anagrams", email="anagrams@example.com")
    log_in(client, "anagrams")
    response = submit(client, "/account/password", {
        "current_password": PASSWORD, "password": password, "confirm": password})
    assert response.status_code == 422 and SAME_AS_ACCOUNT in response.get_data(as_text=True)
    assert fetch_user(app, user.id).password_hash == user.password_hash


@pytest.mark.parametrize("password", ["anagrams", "ANAGRAMS", "Anagrams@Example.com"])
def test_a_reset_refuses_the_username_or_email(app, client, account, outbox, password):
    user = account(username="anagrams", email="anagrams@example.com")
    link = reset_link(client, outbox, "anagrams@example.com")
    response = submit(client, link, {"password": password, "confirm": password})
    assert response.status_code == 422 and SAME_AS_ACCOUNT in response.get_data(as_text=True)
    assert fetch_user(app, user.id).password_hash == user.password_hash


# --- the last admin -----------------------------------------------------------------------


def delete_own_account(client):
    """Submit the delete form with the right password."""
    return submit(client, "/account/delete", {"current_password": PASSWORD, "comments": "keep"})


def test_the_last_admin_cannot_delete_their_account(app, client, account):
    admin = account(username="boss", email="boss@example.com", role="admin")
    log_in(client, "boss")
    response = delete_own_account(client)
    assert response.status_code == 422
    assert "You are the only admin" in response.get_data(as_text=True)
    assert fetch_user(app, admin.id).is_admin and is_signed_in(client)


def test_an_admin_may_leave_while_another_admin_stays(app, client, account):
    first = account(username="boss", email="boss@example.com", role="admin")
    second = account(username="deputy", email="deputy@example.com", role="admin")
    log_in(client, "boss")
    assert delete_own_account(client).status_code == 303
    assert fetch_user(app, first.id) is None
    deputy = app.test_client()
    log_in(deputy, "deputy")
    assert delete_own_account(deputy).status_code == 422
    assert fetch_user(app, second.id).is_admin


# --- remember-me cookies expire on the server ---------------------------------------------


def test_a_replayed_remember_me_cookie_stops_working_after_its_lifetime(
    app, ana, monkeypatch
):
    laptop = app.test_client()
    log_in(laptop, "ana", remember=True)
    cookie = laptop.get_cookie("remember_token").value
    lifetime = app.config["REMEMBER_COOKIE_DURATION"].total_seconds()
    issued = models.clock()

    def restored_after(seconds: float) -> bool:
        monkeypatch.setattr(models, "clock", lambda: issued + seconds)
        browser = app.test_client()
        browser.set_cookie("remember_token", cookie)
        return is_signed_in(browser)

    assert restored_after(lifetime - 60)
    assert not restored_after(lifetime + 60)
