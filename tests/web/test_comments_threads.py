"""Threads on guide pages and posting to them: full page, htmx partial, no-JS redirect."""

import re

import pytest

from tests.support.comments import GUIDE_URL, THREAD_URL, comment_ids

GUIDES = ["micro-jobs-vs-freelancing", "micro-jobs", "freelancing"]


@pytest.fixture
def app_config(app_config):
    """Comments here go straight through unless a test says otherwise."""
    return {**app_config, "COMMENT_REQUIRE_APPROVED_AUTHOR": False}


# --- threads on the guide pages ---------------------------------------------------------


@pytest.mark.parametrize("slug", GUIDES)
def test_every_section_has_a_thread_page_with_the_reply_form(app, client, slug):
    keys = [s.key for s in app.extensions["library"].get(slug).sections]
    for key in keys:
        html = client.get(f"/guides/{slug}/{key}/comments").get_data(as_text=True)
        assert f'id="thread-{key}"' in html
        form = html[html.index(f'id="respond-{key}"') :]
        form = form[: form.index("</form>")]
        assert f'action="/guides/{slug}/{key}/comments"' in form
        for name in ("comment", "author", "email", "url", "save_details", "csrf_token"):
            assert f'name="{name}"' in form
        assert "Your email address will not be published." in form
        assert "Required fields are marked" in form
        assert "Save my name, email, and website in this browser" in form


def test_counts_show_in_the_folded_line_the_contents_and_the_thread_and_count_approved_only(
    client, make_comment
):
    first = make_comment()
    make_comment(parent=first)
    make_comment(status="pending")
    make_comment(status="spam")
    make_comment(status="trash")
    html = client.get(GUIDE_URL).get_data(as_text=True)
    toggle = re.search(r'<a id="toggle-introduction"[^>]*>(.*?)</a>', html).group(1)
    assert toggle.startswith("2 comments · join the discussion<span")
    toc = re.search(r'<span class="toc-count" id="toc-count-introduction">(.*?)</span>', html)
    assert toc.group(1) == '<a href="#comments-introduction">2 comments</a>'
    assert '<span class="toc-count" id="toc-count-what-are-micro-jobs"></span>' in html
    assert comment_ids(html) == []  # folded: the article reads through
    thread = client.get(THREAD_URL).get_data(as_text=True)
    heading = re.search(r'<h2 id="comments-introduction-title"[^>]*>(.*?)</h2>', thread).group(1)
    assert heading.startswith('<span id="thread-count-introduction">2 comments</span>')
    assert comment_ids(thread) == [first.id, first.id + 1]


def test_replies_nest_under_their_parent(client, make_comment):
    top = make_comment()
    child = make_comment(parent=top)
    grandchild = make_comment(parent=child)
    html = client.get(THREAD_URL).get_data(as_text=True)
    children = html[html.index(f'id="children-{top.id}"') :]
    assert children.index(f'id="comment-{child.id}"') < children.index(
        f'id="comment-{grandchild.id}"'
    )
    assert 'class="comment depth-3"' in html


def test_a_signed_in_user_sees_logged_in_as_instead_of_name_email_and_website(
    client, auth, make_user
):
    auth.login(make_user(display_name="Ana Member"))
    html = client.get(THREAD_URL).get_data(as_text=True)
    form = html[html.index('id="respond-introduction"') :]
    form = form[: form.index("Post comment")]
    assert "Logged in as <strong><bdi>Ana Member</bdi></strong>" in form
    assert 'action="/logout"' in form
    assert 'name="comment"' in form
    for name in ("author", "email", "url", "save_details"):
        assert f'name="{name}"' not in form


# --- POST /guides/<slug>/<section>/comments -------------------------------------------


def test_post_without_javascript_redirects_to_the_new_comment_on_its_thread_page(
    client, post_comment, all_comments
):
    response = post_comment(comment="First!\nSecond line.")
    [comment] = all_comments()
    assert response.status_code == 303
    assert response.headers["Location"] == (
        f"{THREAD_URL}?landed={comment.id}#comment-{comment.id}"
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    item = page[page.index(f'<li id="comment-{comment.id}"') :]
    assert "First!<br>\nSecond line." in item
    # The message sits in the comment the page scrolls to, so it is in view.
    landed = item[: item.index("<article")]
    assert '<div id="landed"' in landed and "Thanks! Your comment has been published." in landed
    assert comment.author_name == "Ana Reader" and comment.depth == 1


def test_post_with_htmx_returns_a_fresh_form_and_the_comment_out_of_band(
    post_comment, all_comments
):
    response = post_comment(htmx=True)
    [comment] = all_comments()
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="respond-introduction"')
    assert '<textarea id="respond-introduction-comment"' in html
    assert "Micro jobs helped me save" not in html.split("hx-swap-oob")[0]
    assert 'hx-swap-oob="afterbegin:#comment-list-introduction"' in html
    assert f'<li id="comment-{comment.id}" class="comment depth-1" tabindex="-1" autofocus>' in html
    assert '<span id="thread-count-introduction" hx-swap-oob="true">1 comment</span>' in html
    assert 'id="toc-count-introduction" hx-swap-oob="true"' in html
    assert '<h4 id="respond-introduction-title">Leave a reply' in html  # under the thread's h3
    assert 'id="messages"' in html and "has been published" in html
    assert response.headers["HX-Trigger"] == f'{{"comment-posted": {{"id": {comment.id}}}}}'


def test_htmx_post_from_the_thread_page_updates_its_title_but_not_the_guide_contents(
    post_comment, all_comments
):
    response = post_comment(htmx=True, current=THREAD_URL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<span id="thread-count-introduction" hx-swap-oob="true">1 comment</span>' in html
    assert "toc-count" not in html
    assert '<h2 id="respond-introduction-title">Leave a reply' in html  # the page's levels


def test_htmx_post_from_a_page_without_the_counts_sends_no_count_updates(
    make_comment, post_comment
):
    parent = make_comment()
    response = post_comment(
        htmx=True, parent_id=str(parent.id), current=f"{THREAD_URL}/reply/{parent.id}"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'hx-swap-oob="beforeend:#children-{parent.id}"' in html
    assert "toc-count" not in html and "thread-count" not in html


def test_invalid_post_without_javascript_shows_the_page_with_messages(post_comment):
    response = post_comment(comment="", email="not-an-address")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.lstrip().startswith("<!doctype html>")
    assert '<h1 id="respond-page-title">Comment on “Introduction”</h1>' in html
    assert 'id="respond-introduction-comment-error"' in html
    assert 'id="respond-introduction-email-error"' in html
    assert 'value="Ana Reader"' in html  # what was typed is kept


def test_invalid_post_with_htmx_returns_the_form_partial_with_422(post_comment, all_comments):
    response = post_comment(htmx=True, author="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.lstrip().startswith('<div id="respond-introduction"')
    assert "Enter your name." in html
    assert 'aria-invalid="true"' in html and "autofocus" in html
    assert all_comments() == []


def test_a_reply_with_htmx_closes_the_form_and_lands_under_its_parent(
    make_comment, post_comment, all_comments
):
    parent = make_comment()
    response = post_comment(htmx=True, parent_id=str(parent.id), comment="I agree.")
    reply = all_comments()[-1]
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<p id="respond-{parent.id}" class="comment-reply">')
    assert f'hx-swap-oob="beforeend:#children-{parent.id}"' in html
    assert reply.parent_id == parent.id and reply.depth == 2


def test_a_reply_without_javascript_redirects_to_the_reply(
    client, make_comment, post_comment, all_comments
):
    parent = make_comment()
    response = post_comment(parent_id=str(parent.id), comment="Same here.")
    reply = all_comments()[-1]
    assert response.status_code == 303
    assert response.headers["Location"] == f"{THREAD_URL}?landed={reply.id}#comment-{reply.id}"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    children = html[html.index(f'id="children-{parent.id}"') :]
    assert children.index(f'id="comment-{reply.id}"') < children.index("</ol>")


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_a_reply_with_mistakes_comes_back_under_its_comment(
    make_comment, post_comment, all_comments, htmx
):
    parent = make_comment(body="Where do I start?")
    response = post_comment(htmx=htmx, parent_id=str(parent.id), author="", comment="Here")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="respond-{parent.id}-author-error"' in html
    assert f'name="parent_id" value="{parent.id}"' in html
    if htmx:
        assert html.lstrip().startswith(f'<div id="respond-{parent.id}"')
    else:
        assert "Where do I start?" in html and f'<li id="comment-{parent.id}"' in html
    assert len(all_comments()) == 1


@pytest.mark.parametrize(("depth", "parent_index", "new_depth"), [(1, 0, 2), (2, 1, 3), (3, 1, 3)])
def test_a_reply_to_the_deepest_level_attaches_at_that_level(
    make_comment, post_comment, all_comments, depth, parent_index, new_depth
):
    chain = [make_comment()]
    for _ in range(depth - 1):
        chain.append(make_comment(parent=chain[-1]))
    post_comment(parent_id=str(chain[-1].id), comment="Deep reply")
    reply = all_comments()[-1]
    assert reply.parent_id == chain[parent_index].id
    assert reply.depth == new_depth


def test_thread_depth_comes_from_the_settings(app, client, make_comment, post_comment,
                                               all_comments):
    app.config["COMMENT_THREAD_DEPTH"] = 1
    parent = make_comment()
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert f'id="comment-{parent.id}"' in html
    assert f'id="respond-{parent.id}"' not in html  # no reply links at all
    post_comment(parent_id=str(parent.id))
    assert all_comments()[-1].parent_id is None
