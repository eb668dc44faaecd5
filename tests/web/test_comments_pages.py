"""The reply-form route and the pages of a thread: full page, htmx partial, no-JS."""

import re

import pytest

from tests.support.comments import GUIDE, SECTION, THREAD_URL

# --- GET .../comments/reply/<id> -----------------------------------------------------------


def test_reply_link_without_javascript_shows_the_thread_with_the_form_in_place(
    client, make_comment
):
    parent = make_comment()
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert f'href="{THREAD_URL}?replytocom={parent.id}#respond-{parent.id}"' in html
    html = client.get(f"{THREAD_URL}?replytocom={parent.id}").get_data(as_text=True)
    slot = html[html.index(f'<div id="respond-{parent.id}"') :]
    slot = slot[: slot.index("</form>")]
    assert f'<input type="hidden" name="parent_id" value="{parent.id}">' in slot
    assert "Cancel reply" in slot and "autofocus" in slot
    assert f'href="{THREAD_URL}#comment-{parent.id}"' in slot  # cancelling goes back to it
    assert f'href="{THREAD_URL}?replytocom={parent.id}#respond-{parent.id}"' not in slot


def test_reply_route_full_page_shows_the_comment_and_the_form(client, make_comment):
    parent = make_comment(body="Which platform first?")
    response = client.get(f"{THREAD_URL}/reply/{parent.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith("<!doctype html>")
    assert "Which platform first?" in html
    assert f'name="parent_id" value="{parent.id}"' in html
    assert f'<h2 id="respond-{parent.id}-title">Reply to' in html


def test_reply_route_with_htmx_returns_the_form_partial(client, hx, make_comment):
    parent = make_comment()
    response = client.get(f"{THREAD_URL}/reply/{parent.id}", headers=hx)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<div id="respond-{parent.id}" class="comment-respond')
    assert "<!doctype" not in html
    assert f'hx-get="{THREAD_URL}/reply/{parent.id}?cancel=1"' in html
    assert re.search(rf'<textarea id="respond-{parent.id}-comment"[^>]* autofocus[ >]', html)


def test_cancel_reply_with_htmx_puts_the_reply_link_back_and_focuses_it(client, hx, make_comment):
    parent = make_comment()
    response = client.get(f"{THREAD_URL}/reply/{parent.id}?cancel=1", headers=hx)
    html = response.get_data(as_text=True).strip()
    assert response.status_code == 200
    assert html.startswith(f'<p id="respond-{parent.id}" class="comment-reply">')
    assert "autofocus>Reply</a>" in html and "<form" not in html


def test_cancel_reply_without_javascript_goes_back_to_the_comment(client, make_comment):
    parent = make_comment()
    response = client.get(f"{THREAD_URL}/reply/{parent.id}?cancel=1")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{THREAD_URL}#comment-{parent.id}"


@pytest.mark.parametrize("kind", ["missing", "pending", "other-section", "other-guide"])
def test_reply_route_answers_404_for_a_comment_that_cannot_be_answered(
    client, make_comment, kind
):
    overrides = {
        "missing": {},
        "pending": {"status": "pending"},
        "other-section": {"section_key": "what-are-micro-jobs"},
        "other-guide": {"guide_slug": "micro-jobs", "section_key": "register"},
    }[kind]
    comment = make_comment(**overrides)
    target = comment.id + 1000 if kind == "missing" else comment.id
    assert client.get(f"{THREAD_URL}/reply/{target}").status_code == 404


# --- GET .../comments?page=N ------------------------------------------------------------


@pytest.fixture
def crowded(bulk_comments):
    """25 top-level comments in the introduction, newest numbered highest."""
    from datetime import timedelta

    from planner.database import utcnow

    start = utcnow() - timedelta(days=1)
    bulk_comments(
        [{"body": f"Number {n}", "created_at": start + timedelta(minutes=n)} for n in range(25)]
    )


def test_the_thread_shows_the_first_twenty_newest_first_and_a_show_more_link(client, crowded):
    html = client.get(THREAD_URL).get_data(as_text=True)
    start, end = html.index('id="thread-introduction"'), html.index('id="respond-introduction"')
    thread = html[start:end]
    bodies = re.findall(r"<p>Number (\d+)</p>", thread)
    assert bodies == [str(n) for n in range(24, 4, -1)]
    assert f'href="{THREAD_URL}?page=2" hx-get="{THREAD_URL}?page=2"' in thread
    assert 'hx-target="#more-introduction" hx-swap="outerHTML"' in thread


def test_show_more_full_page_without_javascript(client, crowded):
    response = client.get(f"{THREAD_URL}?page=2")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith("<!doctype html>")
    assert re.findall(r"<p>Number (\d+)</p>", html) == ["4", "3", "2", "1", "0"]
    assert "Newer comments" in html and "Show more comments" not in html
    assert f'<a href="{THREAD_URL}">Newer comments</a>' in html
    assert re.search(r'<h2 id="comments-introduction-title"[^>]*><span[^>]*>25 comments</span>',
                     html)
    assert "page 2 of its comments, newest first" in html
    assert 'id="respond-introduction"' not in html  # the form is on the first page


def test_show_more_with_htmx_returns_the_next_page_partial(client, hx, crowded):
    response = client.get(f"{THREAD_URL}?page=2", headers=hx)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<ol class="comment-list" id="comment-list-introduction-2">')
    assert '<div class="comment-more" id="more-introduction">' in html
    assert "<!doctype" not in html
    first = re.search(r'<li id="comment-\d+"[^>]*>', html).group(0)
    assert "autofocus" in first
    assert 'id="messages"' in html and "5 more comments shown." in html


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "²", "9" * 50])
def test_a_page_that_does_not_exist_answers_404(client, crowded, page):
    assert client.get(f"{THREAD_URL}?page={page}").status_code == 404


def test_comments_per_page_come_from_the_settings(app, client, crowded):
    app.config["COMMENT_PER_PAGE"] = 10
    html = client.get(f"{THREAD_URL}?page=3").get_data(as_text=True)
    assert re.findall(r"<p>Number (\d+)</p>", html) == ["4", "3", "2", "1", "0"]


@pytest.mark.parametrize(
    "url",
    [
        "/guides/no-such-guide/introduction/comments",
        f"/guides/{GUIDE}/no-such-section/comments",
        f"/guides/{GUIDE}/register/comments",  # a section of another guide
    ],
)
def test_an_unknown_guide_or_section_answers_404(client, post, url):
    assert client.get(url).status_code == 404
    assert post(url, {"comment": "x"}).status_code == 404
    assert client.get(f"{url}/reply/1").status_code == 404


def test_section_constant_matches_the_content(app):
    assert app.extensions["library"].get(GUIDE).section(SECTION) is not None
