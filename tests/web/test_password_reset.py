"""Password reset: the same answer for every address, a link that works once for an hour."""

import html
import re
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from planner import mail
from planner.accounts import service
from planner.accounts.models import User
from planner.accounts.passwords import verify_password
from planner.extensions import db
from tests.support.accounts import (
    NEW_PASSWORD,
    PASSWORD,
    fetch_user,
    is_signed_in,
    log_in,
    strip_varying,
)

pytestmark = pytest.mark.usefixtures("outbox")

NEW = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
BAD_LINK = "That reset link is invalid, used or expired. Ask for a new one."


def token_for(app, user, age: int = 0) -> str:
    """A reset token for user as if it had been made age seconds ago."""
    real = TimestampSigner.get_timestamp
    TimestampSigner.get_timestamp = lambda self: int(time.time()) - age
    try:
        with app.test_request_context():
            return service.make_reset_token(db.session.get(User, user.id))
    finally:
        TimestampSigner.get_timestamp = real


def messages_on(client, url: str) -> str:
    """The text of the page at url, where flashed messages show."""
    return html.unescape(client.get(url).get_data(as_text=True))


# --- asking for a link ------------------------------------------------------------------


def test_reset_request_page(client):
    response = client.get("/reset-password")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert '<form id="reset-request-form" method="post" action="/reset-password"' in page


def test_reset_request_partial_for_htmx(client, hx):
    response = client.get("/reset-password", headers=hx)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith('<form id="reset-request-form"')


def test_known_and_unknown_addresses_get_the_same_answer(app, ana, outbox, post):
    answers = []
    for address in ("ANA@example.com", "nobody@example.com"):
        client = app.test_client()
        response = post("/reset-password", {"email": address}, client=client)
        page = strip_varying(client.get(response.headers["Location"]).get_data(as_text=True))
        answers.append((response.status_code, response.headers["Location"], page))
    assert answers[0] == answers[1]
    assert answers[0][:2] == (303, "/login")
    assert "If an account uses that address, a reset link is on its way." in answers[0][2]
    assert len(outbox.messages()) == 1


def test_reset_request_with_htmx_sends_the_browser_to_log_in(client, hx, ana, outbox, post):
    response = post("/reset-password", {"email": "ana@example.com"}, htmx=True)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/login"
    assert len(outbox.links()) == 1


def test_the_reset_mail_is_an_eml_file_with_a_link(ana, client, outbox, post):
    post("/reset-password", {"email": "ana@example.com"})
    assert list(outbox.folder.glob("*.eml")) == []  # queued: the worker writes it
    outbox.deliver()
    files = list(outbox.folder.glob("*.eml"))
    assert len(files) == 1
    message = outbox.messages()[0]
    assert message["To"] == "ana@example.com"
    assert message["Subject"] == "Reset your Learning-Path Planner password"
    assert message["From"].startswith("Learning-Path Planner")
    body = message.get_content()
    assert "Hello Ana," in body and "within one hour" in body
    assert re.search(r"http://localhost/reset-password/[\w.-]+", body)


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Enter your email address."),
     ("not an address", "Enter a valid email address, like name@example.com.")],
)
def test_reset_request_refuses_bad_input(client, hx, outbox, email, message, post):
    response = post("/reset-password", {"email": email}, htmx=True)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert page.lstrip().startswith('<form id="reset-request-form"') and message in page
    assert outbox.messages() == []


def test_mail_goes_over_smtp_when_a_server_is_set(app, ana, client, outbox, monkeypatch, post):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append(("starttls",))

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, message):
            sent.append(("send", message["To"]))

    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.com", MAIL_PORT=2525, MAIL_USERNAME="robot")
    post("/reset-password", {"email": "ana@example.com"})
    assert sent == []  # the request only queues the message
    outbox.deliver()
    assert sent == [("connect", "smtp.example.com", 2525), ("starttls",), ("login", "robot"),
                    ("send", "ana@example.com")]
    assert outbox.messages() == []


# --- using the link ---------------------------------------------------------------------


def test_reset_page_from_the_link(client, ana, outbox, post):
    post("/reset-password", {"email": "ana@example.com"})
    link = outbox.links()[0]
    response = client.get(link)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert f'<form id="reset-form" method="post" action="{link}"' in page


def test_reset_form_partial_for_htmx(app, client, hx, ana):
    response = client.get(f"/reset-password/{token_for(app, ana)}", headers=hx)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith('<form id="reset-form"')


def test_the_link_works_once(app, client, ana, outbox, post):
    post("/reset-password", {"email": "ana@example.com"})
    link = outbox.links()[0]
    response = post(link, NEW)
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert "Log in with the new one." in messages_on(client, "/login")
    stored = fetch_user(app, ana.id).password_hash
    assert verify_password(stored, NEW_PASSWORD) and not verify_password(stored, PASSWORD)
    assert log_in(app.test_client(), "ana", NEW_PASSWORD).status_code == 303
    notice = outbox.messages()[-1]
    assert notice["To"] == "ana@example.com"
    assert notice["Subject"] == "Your Learning-Path Planner password was reset"

    again = client.get(link)
    assert again.status_code == 303 and again.headers["Location"] == "/reset-password"
    assert BAD_LINK in messages_on(client, "/reset-password")
    reused = post(link, {"password": "yet another passphrase",
                                      "confirm": "yet another passphrase"})
    assert reused.status_code == 303
    assert verify_password(fetch_user(app, ana.id).password_hash, NEW_PASSWORD)


def test_reset_with_htmx_sends_the_browser_to_log_in(app, client, hx, ana, post):
    response = post(f"/reset-password/{token_for(app, ana)}", NEW, htmx=True)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/login"


def test_a_link_just_under_an_hour_old_still_works(app, client, ana):
    assert client.get(f"/reset-password/{token_for(app, ana, age=3590)}").status_code == 200


def test_an_expired_link_is_refused(app, client, ana, post):
    link = f"/reset-password/{token_for(app, ana, age=3601)}"
    response = client.get(link)
    assert response.status_code == 303 and response.headers["Location"] == "/reset-password"
    assert BAD_LINK in messages_on(client, "/reset-password")
    assert post(link, NEW).status_code == 303
    assert fetch_user(app, ana.id).password_hash == ana.password_hash


def tampered_tokens(app, user) -> list[str]:
    """Tokens an attacker could make: edited, re-signed with the wrong key, for another user."""
    good = token_for(app, user)
    payload, stamp, signature = good.split(".")
    # The first character: every bit of it counts, while the last one's low bits are padding
    # that decoding drops, so changing those may leave the signature as it was.
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    forged = URLSafeTimedSerializer("not-our-secret", salt=service.RESET_SALT)
    other_salt = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="something-else")
    return [
        f"{payload}.{stamp}.{flipped}",
        f"{payload[:-2]}xx.{stamp}.{signature}",
        forged.dumps({"id": user.id, "fp": "0" * 16}),
        other_salt.dumps({"id": user.id}),
        "not-a-token-at-all",
        "%00",
    ]


def test_tampered_links_are_refused(app, client, ana, post):
    for token in tampered_tokens(app, ana):
        response = post(f"/reset-password/{token}", NEW)
        assert response.status_code == 303, token
        assert response.headers["Location"] == "/reset-password"
    assert BAD_LINK in messages_on(client, "/reset-password")
    assert fetch_user(app, ana.id).password_hash == ana.password_hash


def test_a_link_for_a_deleted_account_is_refused(app, client, ana):
    token = token_for(app, ana)
    with app.app_context():
        db.session.execute(db.delete(User))
        db.session.commit()
    assert client.get(f"/reset-password/{token}").status_code == 303


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"password": "short", "confirm": "short"}, "Use at least 8 characters"),
        ({"password": "trustno1", "confirm": "trustno1"}, "most common passwords"),
        ({"password": NEW_PASSWORD, "confirm": "different"}, "The two passwords do not match."),
    ],
)
def test_reset_form_refuses_bad_passwords(app, client, hx, ana, form, message, post):
    response = post(f"/reset-password/{token_for(app, ana)}", form, htmx=True)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert page.lstrip().startswith('<form id="reset-form"') and message in page
    assert fetch_user(app, ana.id).password_hash == ana.password_hash


def test_after_a_reset_old_sessions_are_dead(app, ana, post):
    laptop = app.test_client()
    log_in(laptop, "ana", remember=True)
    remember = laptop.get_cookie("remember_token").value
    assert is_signed_in(laptop)
    post(f"/reset-password/{token_for(app, ana)}", NEW, client=app.test_client())
    assert not is_signed_in(laptop)
    thief = app.test_client()
    thief.set_cookie("remember_token", remember)
    assert not is_signed_in(thief)
