"""Mail to authors when a held comment is approved, and the one-click opt-out."""

import re

import pytest

from planner.database import utcnow


def stop_link(message) -> str:
    """The opt-out path in a parsed message."""
    return re.search(r"http://localhost(/mail/stop/\S+)", message.get_content()).group(1)


@pytest.fixture
def held_by_member(make_user, make_comment):
    """held_by_member(): a held comment of one member whose address is confirmed."""
    member = make_user(username="writer", email="writer@example.com",
                       email_verified_at=utcnow())
    return lambda: make_comment(status="pending", user_id=member.id, author_email=member.email)


def test_approving_a_held_comment_mails_its_author(client, post, admin, held_by_member, outbox):
    """One message to the member, with a link to the comment and an opt-out link."""
    held = held_by_member()
    post(f"/admin/comments/{held.id}/moderate", {"action": "approve"})
    (message,) = outbox.messages()
    assert message["To"] == "writer@example.com"
    link = f"/guides/{held.guide_slug}/{held.section_key}/comments/{held.id}"
    assert link in message.get_content()
    assert "/mail/stop/" in message.get_content()
    # The link lands on the comment on its thread's page.
    landing = client.get(link)
    assert landing.status_code == 303
    assert landing.headers["Location"] == (
        f"/guides/{held.guide_slug}/{held.section_key}/comments#comment-{held.id}"
    )


def test_other_actions_and_already_public_comments_send_nothing(
    post, admin, make_comment, outbox
):
    """Only a held comment becoming public is news to its author."""
    spam = make_comment(status="spam")
    pending = make_comment(status="pending")
    post(f"/admin/comments/{spam.id}/moderate", {"action": "not-spam"})
    post(f"/admin/comments/{pending.id}/moderate", {"action": "trash"})
    assert outbox.messages() == []


def test_opt_out_page_asks_then_stops_the_mail(client, post, admin, held_by_member, outbox,
                                               auth):
    """GET changes nothing; POST (CSRF, no account needed) stops further mail."""
    first = held_by_member()
    post(f"/admin/comments/{first.id}/moderate", {"action": "approve"})
    link = stop_link(outbox.messages()[0])
    auth.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Stop the mail" in page.get_data(as_text=True)
    assert client.post(link).status_code == 400  # no CSRF token
    response = post(link)
    assert response.status_code == 303
    assert "will not email this address" in client.get(link).get_data(as_text=True)
    auth.login(admin)
    second = held_by_member()
    post(f"/admin/comments/{second.id}/moderate", {"action": "approve"})
    assert len(outbox.messages()) == 1


def test_a_get_of_the_link_changes_nothing(client, post, admin, held_by_member, outbox):
    """Opening the link (mail scanners do) does not opt out."""
    first = held_by_member()
    post(f"/admin/comments/{first.id}/moderate", {"action": "approve"})
    client.get(stop_link(outbox.messages()[0]))
    second = held_by_member()
    post(f"/admin/comments/{second.id}/moderate", {"action": "approve"})
    assert len(outbox.messages()) == 2


def test_a_forged_link_is_404(client):
    """A token we did not sign answers 404 with a message."""
    response = client.get("/mail/stop/not-a-token")
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)


def test_a_bulk_approval_mails_each_address_once(post, admin, held_by_member, outbox):
    """Two held comments of one author: one message."""
    ids = [held_by_member().id for _ in range(2)]
    post("/admin/comments/bulk", {"action": "approve", "ids": [str(i) for i in ids]})
    assert len(outbox.messages()) == 1
