"""Per-address limits: registration, and comments by members and guests alike."""

import pytest

from tests.support.accounts import PASSWORD, count_users, wait_seconds
from tests.support.forms import submit

pytestmark = pytest.mark.usefixtures("outbox")

SHARED = "203.0.113.9"  # one address for a household or a carrier's NAT


def register(client, username: str, address: str = SHARED):
    """Submit the registration form from address."""
    form = {"username": username, "email": f"{username}@example.com", "password": PASSWORD,
            "confirm": PASSWORD}
    return submit(client, "/register", form, environ_base={"REMOTE_ADDR": address})


def test_registrations_are_limited_per_address(app, limits):
    limits(register="2 per minute")
    assert register(app.test_client(), "first").status_code == 303
    assert register(app.test_client(), "second").status_code == 303
    response = register(app.test_client(), "third")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == str(wait_seconds(response))
    assert count_users(app) == 2
    assert register(app.test_client(), "fourth", address="198.51.100.4").status_code == 303


def member_posts(auth, make_user, post_comment, text: str):
    """A new member signs in and posts text from the shared address."""
    auth.login(make_user())
    return post_comment(ip=SHARED, author=None, email=None, comment=text)


def test_members_comments_count_toward_the_per_address_limit(
    limits, auth, make_user, post_comment, all_comments
):
    limits(comments="2 per minute")
    assert member_posts(auth, make_user, post_comment, "one").status_code == 303
    assert member_posts(auth, make_user, post_comment, "two").status_code == 303
    response = member_posts(auth, make_user, post_comment, "three")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert "Retry-After" in response.headers
    assert [c.body for c in all_comments()] == ["one", "two"]


def test_guests_and_members_share_the_per_address_count(
    limits, auth, make_user, post_comment, all_comments
):
    limits(comments="2 per minute")
    assert post_comment(ip=SHARED, comment="guest", email="g@example.com").status_code == 303
    assert member_posts(auth, make_user, post_comment, "member").status_code == 303
    auth.logout()
    response = post_comment(ip=SHARED, comment="another guest", email="h@example.com")
    assert response.status_code == 429
    assert [c.body for c in all_comments()] == ["guest", "member"]


def test_people_sharing_an_address_are_each_held_only_by_their_own_flood_interval(
    auth, make_user, post_comment, all_comments
):
    assert post_comment(ip=SHARED, comment="mum", email="mum@example.com").status_code == 303
    assert post_comment(ip=SHARED, comment="dad", email="dad@example.com").status_code == 303
    assert member_posts(auth, make_user, post_comment, "teen").status_code == 303
    auth.logout()
    again = post_comment(ip=SHARED, comment="mum again", email="mum@example.com")
    assert again.status_code == 429 and "posting comments too quickly" in again.get_data(
        as_text=True
    )
    assert [c.body for c in all_comments()] == ["mum", "dad", "teen"]


def test_refused_comments_do_not_use_up_the_address(limits, post_comment, all_comments):
    limits(comments="1 per minute")
    assert post_comment(ip=SHARED, comment="").status_code == 422
    assert post_comment(ip=SHARED, comment="kept").status_code == 303
    assert [c.body for c in all_comments()] == ["kept"]
