"""Moderation through the reply form: held, approved, spam, flood and duplicates."""

import pytest

from tests.support.comments import GUIDE_URL, THREAD_URL, comment_ids

AWAITING = "Your comment is awaiting moderation."


@pytest.fixture
def admins(make_user):
    """Two admins who receive the held-comment emails."""
    return [make_user(role="admin", email=f"admin{n}@example.com") for n in (1, 2)]


def test_a_first_time_guest_is_held_and_only_they_see_it(
    app, client, post_comment, all_comments
):
    response = post_comment(comment="My first comment")
    [comment] = all_comments()
    assert comment.status == "pending"
    assert comment.moderation_reason == "held: first comment by this author"
    assert response.headers["Location"] == f"{THREAD_URL}?landed={comment.id}#comment-{comment.id}"
    mine = client.get(THREAD_URL).get_data(as_text=True)
    assert comment_ids(mine) == [comment.id]
    assert AWAITING in mine and "My first comment" in mine
    # Not counted in public, and never "No comments yet" above the author's own comment.
    assert "No comments yet" not in mine
    assert '<span id="thread-count-introduction">Your comment awaits moderation</span>' in mine
    folded = client.get(GUIDE_URL).get_data(as_text=True)
    assert "Your comment awaits moderation · join the discussion<span" in folded
    assert '<span class="toc-count" id="toc-count-introduction"></span>' in folded
    stranger = app.test_client()
    theirs = stranger.get(THREAD_URL).get_data(as_text=True)
    assert comment_ids(theirs) == [] and "My first comment" not in theirs
    assert '<span id="thread-count-introduction">No comments yet</span>' in theirs
    assert "No comments yet · start the discussion<span" in stranger.get(GUIDE_URL).text


def test_a_held_comment_emails_every_admin(post_comment, outbox, admins):
    post_comment(comment="Please look at this", author="Zed", email="zed@example.com")
    [message] = outbox.texts()
    assert "To: admin1@example.com, admin2@example.com" in message
    assert "Subject: A comment is waiting for moderation" in message
    assert "Please look at this" in message and "zed@example.com" in message
    assert "/admin/comments?status=pending" in message
    assert "held: first comment by this author" in message


def test_approved_and_spam_comments_send_no_email(
    app, post_comment, make_comment, outbox, admins
):
    app.config["COMMENT_FLOOD_SECONDS"] = 0
    make_comment(author_name="Ana Reader", author_email="ana.reader@example.com")
    post_comment()  # trusted: approved
    post_comment(comment="spam here", subject="filled by a robot")
    assert outbox.texts() == []


def test_a_mail_failure_does_not_lose_the_comment(app, post_comment, all_comments, admins):
    app.config["MAIL_SERVER"] = "127.0.0.1"
    app.config["MAIL_PORT"] = 9  # nothing listens on the discard port here
    response = post_comment()
    assert response.status_code == 303
    assert [c.status for c in all_comments()] == ["pending"]


def test_a_guest_with_an_earlier_approved_comment_goes_straight_through(
    post_comment, make_comment, all_comments
):
    make_comment(author_name="Ana Reader", author_email="ana.reader@example.com")
    post_comment(email="Ana.Reader@Example.COM")
    comment = all_comments()[-1]
    assert comment.status == "approved"
    assert comment.author_email == "ana.reader@example.com"
    assert comment.moderation_reason == "approved: the author has an earlier approved comment"


def test_a_guest_typing_a_members_email_does_not_borrow_their_trust(
    post_comment, make_comment, make_user, all_comments
):
    member = make_user(email="member@example.com")
    make_comment(user_id=member.id, author_email="member@example.com")
    post_comment(email="member@example.com")
    assert all_comments()[-1].status == "pending"


def test_a_member_with_an_approved_comment_is_trusted_and_others_are_held(
    app, auth, make_user, make_comment, post_comment, all_comments
):
    app.config["COMMENT_FLOOD_SECONDS"] = 0
    trusted = auth.login(make_user(display_name="Trusted Tess"))
    make_comment(user_id=trusted.id)
    post_comment(author=None, email=None, url=None)
    comment = all_comments()[-1]
    assert comment.status == "approved"
    assert comment.user_id == trusted.id
    assert comment.author_name == "Trusted Tess" and comment.author_email == trusted.email
    auth.login(make_user())
    post_comment(author=None, email=None)
    assert all_comments()[-1].status == "pending"


def test_a_members_pending_comment_follows_them_to_another_browser(
    app, auth, make_user, post_comment, all_comments
):
    member = auth.login(make_user())
    post_comment(author=None, email=None, comment="Waiting here")
    pending = all_comments()[-1]
    elsewhere = app.test_client()
    with elsewhere.session_transaction() as session:
        session["_user_id"] = member.session_token
    html = elsewhere.get(THREAD_URL).get_data(as_text=True)
    assert f'id="comment-{pending.id}"' in html and AWAITING in html
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = make_user().session_token
    assert f'id="comment-{pending.id}"' not in other.get(THREAD_URL).get_data(as_text=True)


def test_an_admin_is_approved_at_once(auth, make_user, post_comment, all_comments):
    auth.login(make_user(role="admin"))
    post_comment(author=None, email=None, comment="http://a.example http://b.example")
    comment = all_comments()[-1]
    assert comment.status == "approved"
    assert comment.moderation_reason == "approved: written by an admin"


def test_two_links_hold_even_a_trusted_author(post_comment, make_comment, all_comments):
    make_comment(author_email="ana.reader@example.com")
    post_comment(comment="See https://one.example and https://two.example")
    comment = all_comments()[-1]
    assert comment.status == "pending"
    assert comment.moderation_reason == "held: 2 links (hold from 2)"


def test_moderation_and_disallowed_words_come_from_the_settings(
    app, client, post_comment, make_comment, all_comments
):
    app.config["COMMENT_MODERATION_WORDS"] = ("lottery",)
    app.config["COMMENT_DISALLOWED_WORDS"] = ("pills",)
    app.config["COMMENT_FLOOD_SECONDS"] = 0
    make_comment(author_email="ana.reader@example.com")
    post_comment(comment="I won the lottery")
    post_comment(comment="cheap pills")
    held, spam = all_comments()[-2:]
    assert (held.status, held.moderation_reason) == (
        "pending", "held: contains the moderation word 'lottery'"
    )
    assert (spam.status, spam.moderation_reason) == (
        "spam", "spam: contains the disallowed word 'pills'"
    )
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert f'id="comment-{held.id}"' in html  # the author sees the held one
    assert f'id="comment-{spam.id}"' not in html  # spam is shown to nobody


@pytest.mark.parametrize("htmx", [False, True])
def test_a_filled_honeypot_is_spam_and_answers_like_a_held_comment(
    client, post_comment, all_comments, htmx
):
    response = post_comment(htmx=htmx, subject="http://spam.example")
    [comment] = all_comments()
    assert comment.status == "spam"
    assert comment.moderation_reason == "spam: the hidden field was filled in"
    if htmx:
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "hx-swap-oob=\"afterbegin" not in html and "awaiting moderation" in html
    else:
        assert response.headers["Location"] == THREAD_URL
        html = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "awaiting moderation and will appear" in html
        assert comment_ids(html) == []


@pytest.mark.parametrize("htmx", [False, True])
def test_a_second_comment_within_fifteen_seconds_answers_429(post_comment, all_comments, htmx):
    post_comment(ip="10.1.1.1", comment="first")
    response = post_comment(htmx=htmx, ip="10.1.1.1", comment="second")
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 15
    assert "You are posting comments too quickly. Please wait" in html
    assert 'role="alert"' in html and "\nsecond</textarea>" in html  # the text is kept
    if htmx:
        assert html.lstrip().startswith('<div id="respond-introduction"')
    else:
        assert html.lstrip().startswith("<!doctype html>")
    assert [c.body for c in all_comments()] == ["first"]


def test_the_flood_rule_follows_the_email_and_the_account(
    auth, make_user, post_comment, all_comments
):
    post_comment(comment="one")
    assert post_comment(comment="two").status_code == 429  # same email, new address
    auth.login(make_user())
    post_comment(author=None, email=None, comment="three")
    assert post_comment(author=None, email=None, comment="four").status_code == 429
    assert [c.body for c in all_comments()] == ["one", "three"]


def test_admins_are_not_held_back_by_the_flood_rule(auth, make_user, post_comment):
    auth.login(make_user(role="admin"))
    for text in ("one", "two", "three"):
        assert post_comment(author=None, email=None, comment=text).status_code == 303


@pytest.mark.parametrize("htmx", [False, True])
def test_an_exact_duplicate_answers_409(post_comment, make_comment, all_comments, htmx):
    make_comment(author_email="ana.reader@example.com", body="Same words")
    response = post_comment(htmx=htmx, comment="Same words")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "You have already posted this exact comment here" in html
    assert len(all_comments()) == 1


def test_the_same_words_elsewhere_or_after_trashing_are_not_duplicates(
    app, post_comment, make_comment, all_comments
):
    app.config["COMMENT_FLOOD_SECONDS"] = 0
    make_comment(author_email="ana.reader@example.com", body="Same words", status="trash")
    assert post_comment(comment="Same words").status_code == 303
    other = f"{GUIDE_URL}/verdict/comments"
    assert post_comment(to=other, comment="Same words").status_code == 303
    assert post_comment(comment="Same words", email="bo@example.com").status_code == 303
    assert len(all_comments()) == 4


def test_a_guest_session_remembers_a_bounded_number_of_its_comments(
    client, post_comment, all_comments
):
    for n in range(22):
        post_comment(comment=f"pending {n}", email=f"g{n}@example.com")
    with client.session_transaction() as session:
        own = session["own_comments"]
    ids = [c.id for c in all_comments()]
    assert own == ids[-20:]
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert sorted(comment_ids(html)) == ids[-20:]


def test_a_pending_comment_cannot_be_replied_to(post_comment, make_comment, all_comments):
    held = make_comment(status="pending")
    response = post_comment(parent_id=str(held.id))
    assert response.status_code == 400
    assert len(all_comments()) == 1
