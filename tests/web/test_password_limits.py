"""Typing the password again on the settings forms is limited like log-in, and shares its count."""

import pytest

from tests.support.accounts import NEW_PASSWORD, PASSWORD, fetch_user, log_in, wait_seconds
from tests.support.forms import submit

pytestmark = pytest.mark.usefixtures("outbox")

WRONG = "not the password"

# Each settings form that asks for the password, with a wrong one and with the right one.
CONFIRMATIONS = {
    "email change": (
        "/account",
        {"display_name": "Ana", "email": "new@example.com", "current_password": WRONG},
        {"display_name": "Ana", "email": "new@example.com", "current_password": PASSWORD},
    ),
    "password change": (
        "/account/password",
        {"current_password": WRONG, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    ),
    "account deletion": (
        "/account/delete",
        {"current_password": WRONG, "comments": "keep"},
        {"current_password": PASSWORD, "comments": "keep"},
    ),
}


@pytest.fixture
def signed_in(client, ana):
    """The client, freshly logged in as ana through the form."""
    assert log_in(client, "ana").status_code == 303
    return client


@pytest.mark.parametrize("form", CONFIRMATIONS)
def test_wrong_passwords_on_settings_are_limited_per_account(app, signed_in, limits, ana, form):
    limits(account="3 per minute")
    url, wrong, right = CONFIRMATIONS[form]
    for _ in range(3):
        assert submit(signed_in, url, wrong).status_code == 422
    response = submit(signed_in, url, right)  # even the right password waits
    assert response.status_code == 429
    assert 1 <= wait_seconds(response) <= 60
    assert response.headers["Retry-After"] == str(wait_seconds(response))
    user = fetch_user(app, ana.id)
    assert user is not None and user.email == "ana@example.com"
    assert user.password_hash == ana.password_hash


@pytest.mark.parametrize("form", CONFIRMATIONS)
def test_settings_and_log_in_share_one_count_per_account(app, signed_in, limits, ana, form):
    limits(account="3 per minute")
    url, wrong, _right = CONFIRMATIONS[form]
    assert log_in(app.test_client(), "ana", WRONG).status_code == 422
    assert submit(signed_in, url, wrong).status_code == 422
    assert log_in(app.test_client(), "ana@example.com", WRONG).status_code == 422
    assert log_in(app.test_client(), "ana", PASSWORD).status_code == 429
    assert submit(signed_in, url, wrong).status_code == 429


@pytest.mark.parametrize("form", CONFIRMATIONS)
def test_wrong_passwords_on_settings_are_limited_per_address(app, account, limits, form):
    limits(address="3 per minute")
    url, wrong, right = CONFIRMATIONS[form]
    for n in range(3):
        client = app.test_client()
        account(username=f"member{n}", email=f"member{n}@example.com")
        assert log_in(client, f"member{n}").status_code == 303
        assert submit(client, url, wrong).status_code == 422
    client = app.test_client()
    account(username="member9", email="member9@example.com")
    log_in(client, "member9")  # a right password: not counted, but the address is spent
    response = submit(client, url, right)
    assert response.status_code == 429 and "Retry-After" in response.headers


def test_other_mistakes_on_settings_do_not_count(signed_in, limits):
    limits(account="2 per minute")
    for _ in range(3):
        blank_name = {"display_name": "", "email": "ana@example.com"}
        assert submit(signed_in, "/account", blank_name).status_code == 422
    url, _wrong, right = CONFIRMATIONS["password change"]
    assert submit(signed_in, url, right).status_code == 303


def test_a_limited_htmx_settings_form_puts_the_message_in_the_message_area(
    signed_in, hx, limits
):
    limits(account="1 per minute")
    url, wrong, _right = CONFIRMATIONS["password change"]
    submit(signed_in, url, wrong, headers=hx)
    response = submit(signed_in, url, wrong, headers=hx)
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and "<html" not in page
    assert response.headers["HX-Retarget"] == "#messages"
    assert "Too many attempts" in page
