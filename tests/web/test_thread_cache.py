"""Threads rendered once per version: a kept page reads exactly as one rendered for its viewer
after every kind of write, and nothing of one viewer ever reaches another."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import update

from planner.accounts.models import User
from planner.comments.thread_cache import MemoryStore, NoStore
from planner.comments.thread_pages import filled
from planner.extensions import db
from tests.support.comments import THREAD_URL, comment_ids
from tests.support.forms import csrf_token
from tests.support.thread_pages import IN_PLACE, normalised, per_request_values

# The thread's own page, opened in place on the guide page, and its second page.
PAGES = [(THREAD_URL, {}), (THREAD_URL, IN_PLACE), (f"{THREAD_URL}?page=2", {})]


@pytest.fixture
def app_config(app_config):
    """Four comments a page, so a few comments make several pages and "more replies"."""
    return {**app_config, "COMMENT_PER_PAGE": 4, "THREAD_CACHE_URL": "memory://"}


@pytest.fixture
def store(app) -> MemoryStore:
    """The app's thread cache."""
    return app.extensions["thread_cache"]


@pytest.fixture
def same_as_fresh(app, store):
    """same_as_fresh(client) checks each of PAGES: the kept page (after a view that kept it)
    equals the one rendered for that viewer with no cache."""

    def check(client, pages=PAGES) -> None:
        for url, headers in pages:
            app.extensions["thread_cache"] = NoStore()
            client.get(url, headers=headers)  # shows (and so ends) any message waiting
            fresh = client.get(url, headers=headers)
            app.extensions["thread_cache"] = store
            client.get(url, headers=headers)
            kept = client.get(url, headers=headers)
            assert kept.status_code == fresh.status_code == 200, url
            assert normalised(kept.get_data(as_text=True)) == \
                normalised(fresh.get_data(as_text=True)), (url, headers)

    return check


@pytest.fixture
def thread(make_comment):
    """Nine top-level comments (three pages), the newest with six replies (two pages of
    them) and a reply below a reply; returns the comments made."""
    tops = [make_comment(body=f"Top {n} with a link https://example.com/{n}") for n in range(9)]
    newest = tops[-1]
    replies = [make_comment(parent=newest, body=f"Reply {n}") for n in range(6)]
    make_comment(parent=replies[0], body="A reply to a reply")
    return tops + replies


@pytest.fixture
def visitor(app):
    """A second browser, signed in to nothing."""
    return app.test_client()


def test_a_second_view_renders_no_comment_again(app, client, thread, count_queries,
                                                monkeypatch):
    loaded: list[str] = []
    original = app.jinja_env.get_template

    def spy(name, *args, **kwargs):
        loaded.append(getattr(name, "name", name))
        return original(name, *args, **kwargs)

    monkeypatch.setattr(app.jinja_env, "get_template", spy)
    first = client.get(THREAD_URL).get_data(as_text=True)
    with count_queries() as cold:
        client.get(THREAD_URL)
    loaded.clear()
    with count_queries() as warm:
        again = client.get(THREAD_URL).get_data(as_text=True)
    assert "comments/_items.html" not in loaded and "comments/_page_comments.html" not in loaded
    assert comment_ids(again) == comment_ids(first) and len(comment_ids(first)) == 4 + 4 + 1
    assert len(warm) == len(cold)
    app.extensions["thread_cache"] = NoStore()
    with count_queries() as uncached:
        client.get(THREAD_URL)
    assert len(warm) < len(uncached)  # the page and its replies are not loaded at all


def test_kept_pages_equal_fresh_ones_after_every_kind_of_write(
    app, client, post, visitor, admin, thread, post_comment, same_as_fresh
):
    same_as_fresh(visitor)
    same_as_fresh(client)
    # An admin's comment is published at once.
    assert post(THREAD_URL, {"comment": "An answer from the admin."}).status_code == 303
    same_as_fresh(visitor)
    # A guest's first comment is held, then approved.
    post_comment(comment="A first comment, held.", client=visitor)
    held = max(comment_ids(visitor.get(THREAD_URL).get_data(as_text=True)))
    same_as_fresh(visitor)
    post(f"/admin/comments/{held}/moderate", {"action": "approve"})
    same_as_fresh(visitor)
    same_as_fresh(client)
    # Edited, marked spam, trashed and deleted for good, in bulk too.
    newest = thread[8].id
    post(f"/admin/comments/{thread[0].id}/edit",
         {f"c{thread[0].id}-{k}": v for k, v in {
             "body": "Edited by the admin.", "author_name": "Renamed",
             "author_email": "r@example.com", "author_url": ""}.items()})
    same_as_fresh(visitor)
    post(f"/admin/comments/{thread[9].id}/moderate", {"action": "spam"})
    same_as_fresh(visitor)
    ids = [str(thread[1].id), str(newest)]
    post("/admin/comments/bulk", {"action": "trash", "ids": ids, "status": "all"})
    same_as_fresh(visitor)
    post("/admin/comments/bulk", {"action": "delete", "ids": ids, "status": "trash"})
    shown = visitor.get(THREAD_URL).get_data(as_text=True)
    assert "Edited by the admin." not in shown and f'id="comment-{newest}"' not in shown
    same_as_fresh(visitor)
    same_as_fresh(client)


def test_a_member_leaving_changes_the_kept_page(app, client, visitor, ana, auth, post,
                                                make_comment, same_as_fresh):
    make_comment(user_id=ana.id, author_name="Ana", body="Thoughts from Ana.")
    assert "Thoughts from Ana." in visitor.get(THREAD_URL).get_data(as_text=True)
    with app.app_context():
        from planner.comments.removal import release_comments_of

        release_comments_of(ana.id, keep_comments=True)
        db.session.commit()
    html = visitor.get(THREAD_URL).get_data(as_text=True)
    assert "Former member" in html
    same_as_fresh(visitor, PAGES[:2])


def test_a_new_admins_badge_shows_without_a_write_to_the_thread(app, visitor, make_user,
                                                                make_comment):
    member = make_user(display_name="Soon Admin")
    make_comment(user_id=member.id, author_name="Soon Admin")
    assert "badge-admin" not in visitor.get(THREAD_URL).get_data(as_text=True)
    with app.app_context():
        db.session.execute(update(User).where(User.id == member.id).values(role="admin"))
        db.session.commit()
    assert "badge-admin" in visitor.get(THREAD_URL).get_data(as_text=True)


def test_show_more_and_reply_forms_read_as_fresh(app, client, thread, store):
    more = IN_PLACE
    pages = [(f"{THREAD_URL}?page=2", more), (f"{THREAD_URL}?replytocom={thread[8].id}", {}),
             (f"{THREAD_URL}?page=3", more)]
    for url, headers in pages:
        app.extensions["thread_cache"] = NoStore()
        fresh = client.get(url, headers=headers).get_data(as_text=True)
        app.extensions["thread_cache"] = store
        client.get(url, headers=headers)
        kept = client.get(url, headers=headers).get_data(as_text=True)
        assert normalised(kept) == normalised(fresh)
    assert " autofocus" in kept  # the first comment of the page shown takes the focus
    assert client.get(f"{THREAD_URL}?page=4", headers=more).status_code == 404


def test_relative_times_are_told_per_request(client, make_comment, store):
    make_comment()  # made two hours ago
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert ">2 hours ago</time>" in html
    (kept,) = store.pages.values()
    (moment,) = kept.times
    assert "ago" not in "".join(kept.chunks)
    later = filled(kept, datetime.fromisoformat(moment) + timedelta(days=3))
    assert ">3 days ago</time>" in later


def test_a_guests_held_comment_is_seen_by_that_guest_alone(app, client, visitor, make_comment,
                                                            post_comment, store):
    make_comment(body="Public one.")
    visitor.get(THREAD_URL)  # kept for everybody
    post_comment(comment="Only mine until approved.")
    mine = client.get(THREAD_URL).get_data(as_text=True)
    assert "Only mine until approved." in mine and "awaiting moderation" in mine
    theirs = visitor.get(THREAD_URL).get_data(as_text=True)
    assert "Only mine until approved." not in theirs and "Public one." in theirs
    assert "Only mine until approved." in client.get(THREAD_URL).get_data(as_text=True)
    assert not any("Only mine" in "".join(p.chunks) for p in store.pages.values())
    # Another guest's session naming the same comment id sees nothing: the id is signed in.
    stranger = app.test_client()
    assert "Only mine until approved." not in stranger.get(THREAD_URL).get_data(as_text=True)


@pytest.mark.parametrize("a_has_pending", [False, True])
def test_no_viewer_receives_another_viewers_tokens_or_pending_comment(
    app, client, auth, account, make_comment, post_comment, a_has_pending
):
    make_comment(body="Public one.")
    auth.login(account(username="ana", display_name="Ana"))
    csrf_token(client)
    if a_has_pending:
        post_comment(comment="Held words from Ana.")
    as_a = client.get(THREAD_URL).get_data(as_text=True)
    secrets = per_request_values(as_a)
    assert len(secrets) >= 3 and "Logged in as <strong><bdi>Ana</bdi>" in as_a
    assert ("Held words from Ana." in as_a) is a_has_pending
    bob = app.test_client()
    Auth = type(auth)
    Auth(bob).login(account(username="bob", display_name="Bob"))
    for other in (bob, app.test_client()):
        for url, headers in PAGES[:2]:
            html = other.get(url, headers=headers).get_data(as_text=True)
            assert "Public one." in html
            assert not any(secret in html for secret in secrets), url
            assert "Held words from Ana." not in html
            assert "Logged in as <strong><bdi>Ana" not in html


def test_pages_past_the_last_are_not_kept(client, make_comment, store):
    make_comment()
    for number in range(2, 12):
        assert client.get(f"{THREAD_URL}?page={number}").status_code == 404
    assert store.pages == {}
    client.get(THREAD_URL)
    assert len(store.pages) == 1
