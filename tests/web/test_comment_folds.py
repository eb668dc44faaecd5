"""Threads fold behind a count on the guide pages: the folded line, the thread opened in place
(htmx) or on its own page (no JS), folding again, and the lasting link to one comment."""

import re
from datetime import timedelta

import pytest

from planner.database import utcnow
from tests.support.comments import GUIDE_URL, SECTION, THREAD_URL, comment_ids

GUIDES = ["micro-jobs-vs-freelancing", "micro-jobs", "freelancing"]


def toggle(html: str, key: str = SECTION) -> str:
    """The start tag and text of a section's fold control."""
    return re.search(rf'<a id="toggle-{key}"[^>]*>.*?</a>', html).group(0)


# --- the guide page: one line per section -------------------------------------------------


@pytest.mark.parametrize("slug", GUIDES)
def test_every_section_shows_one_line_linking_to_its_thread(app, client, slug):
    html = client.get(f"/guides/{slug}").get_data(as_text=True)
    keys = [s.key for s in app.extensions["library"].get(slug).sections]
    for key in keys:
        line = toggle(html, key)
        url = f"/guides/{slug}/{key}/comments"
        assert f'href="{url}" hx-get="{url}" hx-target="#comments-{key}"' in line
        assert 'aria-expanded="false"' in line
        assert "No comments yet · start the discussion<span" in line
    assert html.count('class="comment-discussion"') == len(keys)
    # The article reads through: no thread headings, forms or comments while folded.
    for words in ("Leave a reply", "comment-thread-title", 'class="comment-form"', "<h3"):
        assert words not in html


def test_the_line_counts_approved_comments_and_replies(client, make_comment):
    top = make_comment()
    make_comment(parent=top)
    make_comment(section_key="verdict")
    make_comment(status="pending")
    html = client.get(GUIDE_URL).get_data(as_text=True)
    assert "2 comments · join the discussion<span" in toggle(html)
    assert "1 comment · join the discussion<span" in toggle(html, "verdict")
    assert comment_ids(html) == []


# --- GET .../comments: the thread's own page, or opened in place --------------------------


def test_the_thread_page_without_javascript_is_a_page_of_its_own(client, make_comment):
    first = make_comment(body="Worth reading.")
    response = client.get(THREAD_URL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith("<!doctype html>")
    assert '<h1 id="comments-page-title">Comments on “Introduction”</h1>' in html
    assert f'<a href="{GUIDE_URL}#introduction">' in html  # back to the article
    assert comment_ids(html) == [first.id] and "Worth reading." in html
    assert '<h2 id="respond-introduction-title">Leave a reply' in html
    assert "autofocus" not in html  # a page leaves the focus to the browser


def test_opening_with_htmx_returns_the_thread_in_place_with_the_focus_in_it(
    client, hx, make_comment
):
    first = make_comment()
    on_guide = {**hx, "HX-Current-URL": f"http://localhost{GUIDE_URL}"}
    response = client.get(THREAD_URL, headers=on_guide)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith(
        '<div id="comments-introduction" class="comment-discussion is-open">'
    )
    assert "<!doctype" not in html
    line = toggle(html)
    assert 'aria-expanded="true" aria-controls="thread-introduction"' in line
    assert f'hx-get="{THREAD_URL}?fold=1"' in line and ">Hide the discussion<" in line
    assert f'href="{GUIDE_URL}#comments-introduction"' in line
    assert '<div class="comment-thread" id="thread-introduction">' in html
    assert re.search(r'<h3 id="comments-introduction-title" class="comment-thread-title" '
                     r'tabindex="-1" autofocus><span id="thread-count-introduction">1 comment',
                     html)
    assert '<h4 id="respond-introduction-title">Leave a reply' in html
    assert comment_ids(html) == [first.id]
    assert html.count("Hide the discussion<") == 2  # above and below a long thread


def test_folding_with_htmx_returns_the_line_with_the_focus_on_it(client, hx, make_comment):
    make_comment()
    response = client.get(f"{THREAD_URL}?fold=1", headers=hx)
    html = response.get_data(as_text=True).strip()
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert html.startswith('<div id="comments-introduction" class="comment-discussion">')
    line = toggle(html)
    assert 'aria-expanded="false" autofocus>1 comment · join the discussion' in line
    assert "comment-thread" not in html and "<form" not in html


def test_folding_without_javascript_goes_back_to_the_line_in_the_article(client):
    response = client.get(f"{THREAD_URL}?fold=1")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{GUIDE_URL}#comments-introduction"


# --- the viewer's own held comment --------------------------------------------------------


@pytest.mark.parametrize("approved", [0, 3])
def test_a_held_comment_is_counted_for_its_author_alone_and_named_as_theirs(
    app, client, make_comment, post_comment, approved
):
    for _ in range(approved):
        make_comment()
    post_comment(comment="Wait for me")  # a first-time guest: held
    mine = client.get(GUIDE_URL).get_data(as_text=True)
    theirs = app.test_client().get(GUIDE_URL).get_data(as_text=True)
    if approved:
        assert ("3 comments · your comment awaits moderation · join the discussion<span"
                in toggle(mine))
        assert "3 comments · join the discussion<span" in toggle(theirs)
    else:
        assert "Your comment awaits moderation · join the discussion<span" in toggle(mine)
        assert "No comments yet · start the discussion<span" in toggle(theirs)
    thread = client.get(THREAD_URL).get_data(as_text=True)
    assert "No comments yet" not in thread and "Wait for me" in thread


def test_posting_a_held_comment_with_htmx_retitles_the_thread_as_theirs(post_comment):
    response = post_comment(htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ('<span id="thread-count-introduction" hx-swap-oob="true">'
            "Your comment awaits moderation</span>") in html
    assert "No comments yet" not in html


# --- GET .../comments/<id>: the lasting link to one comment -------------------------------


@pytest.fixture
def crowded(bulk_comments):
    """25 older top-level comments in the introduction."""
    start = utcnow() - timedelta(days=1)
    bulk_comments([{"body": f"Number {n}", "created_at": start + timedelta(minutes=n)}
                   for n in range(25)])


def test_the_link_to_a_comment_lands_on_the_page_that_shows_it(client, crowded, all_comments):
    oldest = all_comments()[0]
    response = client.get(f"{THREAD_URL}/{oldest.id}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{THREAD_URL}?page=2#comment-{oldest.id}"
    newest = all_comments()[-1]
    assert client.get(f"{THREAD_URL}/{newest.id}").headers["Location"] == (
        f"{THREAD_URL}#comment-{newest.id}"
    )


def test_each_comment_links_to_itself_through_the_lasting_link(client, make_comment):
    top = make_comment()
    reply = make_comment(parent=top)
    html = client.get(THREAD_URL).get_data(as_text=True)
    for comment in (top, reply):
        assert (f'<a class="comment-date" href="{THREAD_URL}/{comment.id}" hx-boost="false">'
                in html)


@pytest.mark.parametrize("kind", ["missing", "other-section"])
def test_the_link_to_a_comment_of_another_thread_is_404(client, make_comment, kind):
    comment = make_comment(section_key="verdict")
    target = comment.id + 1000 if kind == "missing" else comment.id
    assert client.get(f"{THREAD_URL}/{target}").status_code == 404


@pytest.mark.parametrize("status", ["pending", "spam", "trash"])
def test_the_link_to_a_comment_nobody_else_may_see_is_404(client, auth, make_user,
                                                          make_comment, status):
    """A held, spam or binned comment is not on any page for a visitor or another member:
    its link says so, rather than telling that it exists and where it would be."""
    author = make_user(username="writer")
    held = make_comment(status=status, user_id=author.id)
    assert client.get(f"{THREAD_URL}/{held.id}").status_code == 404
    auth.login(make_user(username="someone"))
    assert client.get(f"{THREAD_URL}/{held.id}").status_code == 404


def test_the_author_and_admins_follow_the_link_to_a_held_comment(client, auth, make_user,
                                                                 make_comment):
    author = make_user(username="writer")
    held = make_comment(status="pending", user_id=author.id)
    spam = make_comment(status="spam", user_id=author.id)
    auth.login(author)
    assert client.get(f"{THREAD_URL}/{held.id}").headers["Location"] == (
        f"{THREAD_URL}#comment-{held.id}")
    assert client.get(f"{THREAD_URL}/{spam.id}").status_code == 404  # shown to nobody
    auth.login(make_user(username="boss", role="admin"))  # the console links to both
    for comment in (held, spam):
        assert client.get(f"{THREAD_URL}/{comment.id}").status_code == 303

