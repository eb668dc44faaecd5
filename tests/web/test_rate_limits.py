"""Failed log-ins are limited per account and per address, however the name is typed."""

import pytest

from tests.support.accounts import PASSWORD, is_signed_in, log_in, wait_seconds

pytestmark = pytest.mark.usefixtures("outbox")

WRONG = "not the password"


def test_failed_logins_per_account_answer_429_with_when_to_retry(client, limits, ana):
    limits(account="3 per minute")
    for _ in range(3):
        assert log_in(client, "ana", WRONG).status_code == 422
    response = log_in(client, "ana", WRONG)
    assert response.status_code == 429
    assert 1 <= wait_seconds(response) <= 60
    assert response.headers["Retry-After"] == str(wait_seconds(response))
    assert log_in(client, "ana", PASSWORD).status_code == 429  # even the right password waits
    assert log_in(client, "someone-else", WRONG).status_code == 422


def test_the_account_count_ignores_case_and_whether_name_or_email_is_used(app, limits, ana):
    limits(account="3 per minute")
    for login in ("ana", "ANA@example.com", " Ana "):
        assert log_in(app.test_client(), login, WRONG).status_code == 422
    assert log_in(app.test_client(), "ana@example.com", WRONG).status_code == 429


def test_failed_logins_per_address_answer_429(app, limits, ana):
    limits(address="3 per minute")
    client = app.test_client()
    for login in ("ana", "bob", "carla"):
        assert log_in(client, login, WRONG).status_code == 422
    response = log_in(client, "dmitri", WRONG)
    assert response.status_code == 429 and "Retry-After" in response.headers
    elsewhere = app.test_client()
    response = log_in(elsewhere, "ana", PASSWORD, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 303


def test_successful_logins_do_not_count(app, limits, ana):
    limits(account="3 per minute", address="3 per minute")
    for _ in range(5):
        assert log_in(app.test_client(), "ana").status_code == 303
    assert log_in(app.test_client(), "ana", WRONG).status_code == 422


def test_a_success_between_failures_is_not_counted(app, limits, ana):
    limits(account="3 per minute")
    assert log_in(app.test_client(), "ana", WRONG).status_code == 422
    assert log_in(app.test_client(), "ana", WRONG).status_code == 422
    assert log_in(app.test_client(), "ana").status_code == 303
    assert log_in(app.test_client(), "ana", WRONG).status_code == 422
    assert log_in(app.test_client(), "ana", WRONG).status_code == 429


def test_the_login_page_itself_is_never_limited(client, limits, ana):
    limits(account="1 per minute", address="1 per minute")
    log_in(client, "ana", WRONG)
    for _ in range(3):
        assert client.get("/login").status_code == 200


def test_a_limited_htmx_login_puts_the_message_in_the_message_area(client, hx, limits, ana):
    limits(account="1 per minute")
    log_in(client, "ana", WRONG, headers=hx)
    response = log_in(client, "ana", WRONG, headers=hx)
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and "<html" not in page
    assert response.headers["HX-Retarget"] == "#messages"
    assert 'id="error-message"' in page and "Too many attempts" in page


def test_reset_requests_are_limited_per_address(client, limits, ana, outbox, post):
    limits(reset="2 per minute")
    for _ in range(2):
        assert post("/reset-password", {"email": "ana@example.com"}).status_code == 303
    response = post("/reset-password", {"email": "ana@example.com"})
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert len(outbox.messages()) == 2


# Ways of typing ana's name or address that the form authenticates as ana.
SAME_ACCOUNT = [
    "ana\u00a0",
    "\u2003ANA",
    "ana\u3000",
    "a\u200bna",
    "an\u00ada",
    "\ufeffAna",
    "ANA@EXAMPLE.COM\u00a0",
    "ana@example.com\u202f",
    "\u2060ana@exam\u200dple.com",
]


@pytest.mark.parametrize("login", SAME_ACCOUNT)
def test_padding_invisible_characters_and_case_share_the_account_count(app, limits, ana, login):
    limits(account="3 per minute")
    assert log_in(app.test_client(), login).status_code == 303  # the form signs ana in
    for _ in range(3):
        assert log_in(app.test_client(), "ana", WRONG).status_code == 422
    assert log_in(app.test_client(), login, PASSWORD).status_code == 429


def test_a_refused_form_does_not_count_against_the_account(app, limits, ana):
    limits(account="2 per minute")
    for _ in range(3):
        assert log_in(app.test_client(), "ana", "").status_code == 422  # no password typed
    assert log_in(app.test_client(), "ana").status_code == 303



@pytest.mark.parametrize("login", ["ana\x00", "ana\x1b", "a" * 300])
def test_logins_the_form_refuses_are_answered_4xx_and_sign_nobody_in(app, ana, login):
    client = app.test_client()
    assert 400 <= log_in(client, login).status_code < 500
    assert not is_signed_in(client)


def test_routes_without_a_limit_skip_the_limiter(client, monkeypatch):
    from planner.extensions import limiter

    asked: list[str] = []
    real = limiter.identify_request
    monkeypatch.setattr(limiter, "identify_request", lambda: asked.append("?") or real())
    assert client.get("/").status_code == 200
    assert client.get("/health").status_code == 200
    assert asked == []


def test_a_limited_route_still_counts_and_refuses(client, limits, ana):
    limits(address="2 per minute")
    for _ in range(2):
        assert log_in(client, "ana", WRONG).status_code == 422
    assert log_in(client, "ana", WRONG).status_code == 429
