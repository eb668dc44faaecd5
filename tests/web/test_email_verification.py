"""Confirming an account's address: the link mailed on registration and on a change of address,
the account page's status and "send the link again", and mail only to confirmed addresses."""

import re
import time

import pytest
from itsdangerous import TimestampSigner

from planner.accounts import service, verification
from planner.accounts.models import User
from planner.database import utcnow
from planner.extensions import db
from tests.support.accounts import PASSWORD, fetch_user, log_in

pytestmark = pytest.mark.usefixtures("outbox")

LINK = re.compile(r"http://localhost(/verify-email/\S+)")
STATUS_ROOT = '<div id="email-verification"'


def confirmation_links(outbox) -> list[str]:
    """The paths of every confirmation link mailed so far, oldest first."""
    return [path for m in outbox.messages() for path in LINK.findall(m.get_content())]


def token_for(app, user_id: int) -> str:
    """A confirmation token for the user's current address, as the mail would carry."""
    with app.test_request_context():
        return verification.make_token(db.session.get(User, user_id))


@pytest.fixture
def signed_in(client, ana):
    """The client, logged in as ana through the form."""
    assert log_in(client, "ana").status_code == 303
    return client


def is_verified(app, user) -> bool:
    """True when the stored account has its address confirmed."""
    return fetch_user(app, user.id).email_verified


# --- registration and the link --------------------------------------------------------------


def test_registering_mails_a_link_and_leaves_the_address_unconfirmed(app, client, post, outbox):
    data = {"username": "Bea", "email": "bea@example.com", "password": PASSWORD,
            "confirm": PASSWORD}
    assert post("/register", data).status_code == 303
    [message] = outbox.messages()
    assert message["To"] == "bea@example.com"
    assert message["Subject"] == "Confirm your Learning-Path Planner email address"
    with app.app_context():
        user = service.find_by_username("Bea")
        assert user.email_verified_at is None
    [link] = confirmation_links(outbox)
    assert post(link).headers["Location"] == "/account"
    assert is_verified(app, user)


def test_the_link_opens_a_page_that_asks_to_confirm(app, client, ana):
    response = client.get(f"/verify-email/{token_for(app, ana.id)}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert '<form id="verify-form" method="post"' in page and "ana@example.com" in page
    assert not is_verified(app, ana), "opening the link (mail scanners do) changes nothing"


def test_the_link_page_as_htmx_partial(app, client, ana, hx):
    response = client.get(f"/verify-email/{token_for(app, ana.id)}", headers=hx)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith('<form id="verify-form"')
    assert "HX-Request" in response.headers["Vary"]


def test_confirming_without_javascript_redirects_to_the_account_page(app, signed_in, ana, post):
    response = post(f"/verify-email/{token_for(app, ana.id)}")
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert is_verified(app, ana)
    page = signed_in.get("/account").get_data(as_text=True)
    assert "is confirmed as your address" in page and "<strong>Confirmed:</strong>" in page


def test_confirming_with_htmx_sends_the_browser_on(app, client, ana, post):
    response = post(f"/verify-email/{token_for(app, ana.id)}", htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/login"  # signed out: the link alone suffices
    assert is_verified(app, ana)


def test_confirming_needs_the_csrf_token(app, client, ana):
    path = f"/verify-email/{token_for(app, ana.id)}"
    client.get(path)
    assert client.post(path).status_code == 400
    assert not is_verified(app, ana)


def expired_token(app, user_id: int, monkeypatch) -> str:
    """A token signed longer ago than a link lives."""
    past = int(time.time()) - verification.VERIFY_MAX_AGE - 60
    with monkeypatch.context() as patched:
        patched.setattr(TimestampSigner, "get_timestamp", lambda self: past)
        return token_for(app, user_id)


def reset_token(app, user_id: int) -> str:
    """A valid password-reset token: signed by us, but for another purpose."""
    with app.test_request_context():
        return service.make_reset_token(db.session.get(User, user_id))


@pytest.mark.parametrize("kind", ["forged", "expired", "reset", "moved"])
def test_a_bad_link_confirms_nothing_and_says_so(app, signed_in, ana, post, monkeypatch, kind):
    if kind == "forged":
        token = "not-a-token"
    elif kind == "expired":
        token = expired_token(app, ana.id, monkeypatch)
    elif kind == "reset":
        token = reset_token(app, ana.id)
    else:  # sent to the address the account used before
        token = token_for(app, ana.id)
        with app.app_context():
            db.session.get(User, ana.id).email = "elsewhere@example.com"
            db.session.commit()
    for response in (post(f"/verify-email/{token}"), signed_in.get(f"/verify-email/{token}")):
        assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert not is_verified(app, ana)
    assert "That confirmation link is invalid" in signed_in.get("/account").get_data(
        as_text=True
    )


# --- the account page -------------------------------------------------------------------------


def test_the_account_page_says_the_address_is_not_confirmed_and_offers_a_link(signed_in):
    page = signed_in.get("/account").get_data(as_text=True)
    assert STATUS_ROOT in page and "Not confirmed yet" in page
    assert 'action="/account/verify"' in page and "Send the link again" in page


def test_sending_the_link_again_without_javascript(signed_in, post, outbox):
    response = post("/account/verify")
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    [message] = outbox.messages()
    assert message["To"] == "ana@example.com" and len(confirmation_links(outbox)) == 1
    assert "A new confirmation link is on its way" in signed_in.get("/account").get_data(
        as_text=True
    )


def test_sending_the_link_again_with_htmx(signed_in, post, outbox):
    response = post("/account/verify", htmx=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith(STATUS_ROOT)
    assert response.headers["HX-Trigger"] == "verification-sent"
    assert 'id="messages"' in page and "A new confirmation link is on its way" in page
    assert len(confirmation_links(outbox)) == 1


def test_a_confirmed_address_gets_no_new_link(app, signed_in, ana, post, outbox):
    with app.app_context():
        db.session.get(User, ana.id).email_verified_at = utcnow()
        db.session.commit()
    assert "Send the link again" not in signed_in.get("/account").get_data(as_text=True)
    post("/account/verify")
    assert outbox.messages() == []


def test_sending_the_link_again_is_limited(app, signed_in, post, outbox):
    app.config["VERIFY_LIMIT"] = "2 per hour"
    assert [post("/account/verify").status_code for _ in range(3)] == [303, 303, 429]
    assert len(confirmation_links(outbox)) == 2


def test_visitors_are_sent_to_log_in(client, post, outbox):
    response = post("/account/verify")
    assert response.status_code == 303 and response.headers["Location"].startswith("/login")
    assert outbox.messages() == []


# --- a new address ----------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_a_new_address_is_unconfirmed_and_gets_a_link(app, signed_in, ana, post, outbox, htmx):
    with app.app_context():
        db.session.get(User, ana.id).email_verified_at = utcnow()
        db.session.commit()
    response = post("/account", {"display_name": "Ana", "email": "new@example.com",
                                 "current_password": PASSWORD}, htmx=htmx)
    assert not is_verified(app, ana)
    if htmx:
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert re.search(r'<div id="email-verification" hx-swap-oob="true">\s*<p><strong>Not '
                         r"confirmed yet", page)
    else:
        assert response.status_code == 303
    assert [m["To"] for m in outbox.messages()] == ["ana@example.com", "new@example.com"]
    [link] = confirmation_links(outbox)
    post(link)
    assert is_verified(app, ana)


def test_security_mail_still_reaches_an_unconfirmed_address(ana, client, post, outbox):
    post("/reset-password", {"email": "ana@example.com"})
    [message] = outbox.messages()
    assert message["To"] == "ana@example.com" and "/reset-password/" in message.get_content()


# --- who hears that a held comment was published ----------------------------------------------


@pytest.fixture
def approve(post, admin):
    """approve(comment): approve a held comment from the console."""
    return lambda comment: post(f"/admin/comments/{comment.id}/moderate", {"action": "approve"})


def test_an_unconfirmed_member_gets_no_approval_mail(make_user, make_comment, approve, outbox):
    member = make_user(email="member@example.com")
    held = make_comment(status="pending", user_id=member.id, author_email=member.email)
    assert approve(held).status_code in (200, 303)
    assert outbox.messages() == []


def test_a_guest_gets_no_approval_mail(make_user, make_comment, approve, outbox):
    # Even when a confirmed member uses that address: the guest proved nothing.
    make_user(email="guest@example.com", email_verified_at=utcnow())
    held = make_comment(status="pending", author_email="guest@example.com")
    approve(held)
    assert outbox.messages() == []


def test_a_member_who_moved_is_not_mailed_at_the_old_address(make_user, make_comment, approve,
                                                             outbox):
    member = make_user(email="now@example.com", email_verified_at=utcnow())
    held = make_comment(status="pending", user_id=member.id, author_email="before@example.com")
    approve(held)
    assert outbox.messages() == []


def test_a_confirmed_member_gets_the_approval_mail(make_user, make_comment, approve, outbox):
    member = make_user(email="member@example.com", email_verified_at=utcnow())
    held = make_comment(status="pending", user_id=member.id, author_email=member.email)
    approve(held)
    [message] = outbox.messages()
    assert message["To"] == "member@example.com"
    assert message["Subject"] == "Your comment is now published"
