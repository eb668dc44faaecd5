"""Nobody passes for someone else: look-alike names, the admin badge, trusted guests."""

import html
import re

import pytest

from tests.support.accounts import PASSWORD, count_users, fetch_user, log_in
from tests.support.comments import THREAD_URL
from tests.support.forms import submit

pytestmark = pytest.mark.usefixtures("outbox")

LOOKALIKE = "That name looks too much like another member's name. Choose another."


def field_error(page: str, field: str) -> str:
    """The message shown next to field, or "" when there is none."""
    match = re.search(rf'<small id="{field}-error" class="field-error">([^<]*)</small>', page)
    return html.unescape(match.group(1)) if match else ""


@pytest.fixture
def moderator(account):
    """An admin whose username is "moderator" and display name "The Team"."""
    return account(username="moderator", email="mod@example.com", display_name="The Team",
                   role="admin")


@pytest.mark.parametrize("username", ["rnoderator", "moderat0r", "mode_rator", "the-team",
                                      "TheTeam", "The_Team", "THETEAM"])
def test_registration_refuses_a_username_that_passes_for_another_account(
    app, client, moderator, username
):
    form = {"username": username, "email": "new@example.com", "password": PASSWORD,
            "confirm": PASSWORD}
    response = submit(client, "/register", form)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "username") == LOOKALIKE
    assert count_users(app) == 1


@pytest.mark.parametrize("name", ["moderator", "M0DERATOR", "Mo\u200bderator", "\u041coderator",
                                  "the team", "THE TEAM", "\uff34he \uff34eam"])
def test_a_member_cannot_rename_to_another_accounts_name(app, client, moderator, ana, name):
    log_in(client, "ana")
    response = submit(client, "/account", {"display_name": name, "email": ana.email})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "display_name") == LOOKALIKE
    assert fetch_user(app, ana.id).display_name == "Ana"


def test_a_member_may_keep_or_restyle_their_own_name(app, client, moderator, ana):
    log_in(client, "ana")
    for name in ("ANA", "ana", "Ana B."):
        response = submit(client, "/account", {"display_name": name, "email": ana.email})
        assert response.status_code == 303
    assert fetch_user(app, ana.id).display_name == "Ana B."


def test_admins_comments_carry_a_role_badge_and_lookalikes_do_not(
    client, auth, make_user, make_comment
):
    admin = make_user(role="admin", display_name="Site Team")
    member = make_user(display_name="Site Tearn")  # an old name, from before the check
    make_comment(user_id=admin.id, author_name="Site Team", body="Official answer.")
    make_comment(user_id=member.id, author_name="Site Tearn", body="Fake answer.")
    make_comment(author_name="Site Team", body="A guest's answer.")
    page = client.get(THREAD_URL).get_data(as_text=True)
    badges = re.findall(
        r'<b class="comment-author"><bdi>([^<]*)</bdi></b> <span class="badge badge-admin">Admin'
        r"</span>",
        page,
    )
    assert badges == ["Site Team"]
    assert page.count('class="badge badge-admin"') == 1


def test_a_guest_is_trusted_only_under_the_name_that_was_approved(
    app, post_comment, make_comment, all_comments
):
    app.config["COMMENT_FLOOD_SECONDS"] = 0
    make_comment(author_name="Ana Reader", author_email="ana.reader@example.com")
    post_comment(author="The Moderators", comment="Listen to us.")
    post_comment(author="Ana Reader", comment="Me again.")
    posted = {c.body: c for c in all_comments()}
    assert posted["Listen to us."].status == "pending"
    assert posted["Listen to us."].moderation_reason == "held: first comment by this author"
    assert posted["Me again."].status == "approved"
