"""Replies to one comment come a page at a time, like top-level comments."""

from types import SimpleNamespace

import pytest

from tests.support.comments import THREAD_URL, comment_ids

PER_PAGE = 3


@pytest.fixture
def app_config(app_config):
    """Small pages, so a few replies make several."""
    return {**app_config, "COMMENT_PER_PAGE": PER_PAGE}


@pytest.fixture
def replied(make_comment, bulk_comments):
    """replied(n): a comment with n direct replies; returns (the comment, reply ids in order)."""

    def make(n: int):
        parent = make_comment()
        bulk_comments([{"parent_id": parent.id, "depth": 2, "body": f"Reply {i}."}
                       for i in range(n)])
        return parent

    return make


def replies_url(parent, page: int) -> str:
    """Where page of the replies to parent lives."""
    return f"{THREAD_URL}/replies/{parent.id}?page={page}"


def reply_ids(app, parent) -> list[int]:
    """The ids of parent's replies, oldest first."""
    from sqlalchemy import select

    from planner.comments.models import Comment
    from planner.extensions import db

    with app.app_context():
        return list(db.session.scalars(select(Comment.id).where(Comment.parent_id == parent.id)
                                       .order_by(Comment.created_at, Comment.id)))


def test_a_thread_shows_the_first_replies_and_a_link_to_more(app, client, replied):
    parent = replied(PER_PAGE * 2 + 1)
    html = client.get(THREAD_URL).get_data(as_text=True)
    ids = reply_ids(app, parent)
    assert [i for i in comment_ids(html) if i in ids] == ids[:PER_PAGE]
    assert f'href="{replies_url(parent, 2)}"' in html.replace("&amp;", "&")


def test_more_replies_with_htmx_answer_the_next_page_alone(app, client, hx, replied):
    parent = replied(PER_PAGE * 2 + 1)
    ids = reply_ids(app, parent)
    response = client.get(replies_url(parent, 2), headers=hx)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<ol class="children" id="children-{parent.id}-2">')
    assert "<html" not in html
    assert "HX-Request" in response.headers["Vary"]
    assert comment_ids(html) == ids[PER_PAGE: PER_PAGE * 2]
    assert f'id="more-replies-{parent.id}"' in html
    assert replies_url(parent, 3) in html.replace("&amp;", "&")
    last = client.get(replies_url(parent, 3), headers=hx).get_data(as_text=True)
    assert comment_ids(last) == ids[PER_PAGE * 2:]
    assert "Show more replies" not in last


def test_more_replies_without_javascript_are_a_page_of_their_own(app, client, replied):
    parent = replied(PER_PAGE + 1)
    response = client.get(replies_url(parent, 2))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in html and 'id="replies-page-title"' in html
    assert comment_ids(html) == reply_ids(app, parent)[PER_PAGE:]
    assert f'href="{THREAD_URL}#comment-{parent.id}"' in html


@pytest.mark.parametrize("page", ["3", "0", "x"])
def test_a_page_of_replies_that_does_not_exist_is_404(client, replied, page):
    parent = replied(PER_PAGE + 1)
    assert client.get(f"{THREAD_URL}/replies/{parent.id}?page={page}").status_code == 404


def test_replies_to_an_unknown_comment_are_404(client):
    assert client.get(f"{THREAD_URL}/replies/999999").status_code == 404


@pytest.mark.parametrize("url", ["thread", "replies"])
def test_reply_pages_run_the_same_queries_whatever_the_number_of_replies(
    client, count_queries, replied, url
):
    def queries(parent) -> int:
        target = THREAD_URL if url == "thread" else replies_url(parent, 1)
        with count_queries() as statements:
            assert client.get(target).status_code == 200
        return len(statements)

    few = queries(replied(1))
    many = queries(replied(PER_PAGE * 20))
    assert few == many


def test_the_first_page_of_a_thread_is_bounded_at_every_level(app, client, make_comment,
                                                             bulk_comments):
    """However wide the tree, a thread's first page shows at most PER_PAGE comments at each
    level under each comment (PER_PAGE ** depth in all), each level with its more link."""
    tops = [make_comment() for _ in range(PER_PAGE + 2)]
    newest = tops[-1]
    bulk_comments([{"parent_id": newest.id, "depth": 2} for _ in range(PER_PAGE + 2)])
    first_reply = reply_ids(app, newest)[0]
    bulk_comments([{"parent_id": first_reply, "depth": 3} for _ in range(PER_PAGE + 2)])
    html = client.get(THREAD_URL).get_data(as_text=True).replace("&amp;", "&")
    shown = comment_ids(html)
    assert len([i for i in shown if i in reply_ids(app, newest)]) == PER_PAGE
    assert len([i for i in shown if i in reply_ids(app, SimpleNamespace(id=first_reply))]) == \
        PER_PAGE
    assert len([i for i in shown if i in [t.id for t in tops]]) == PER_PAGE
    assert len(shown) <= PER_PAGE + PER_PAGE ** 2 + PER_PAGE ** 3
    assert f'href="{THREAD_URL}/replies/{newest.id}?page=2"' in html
    assert f'href="{THREAD_URL}/replies/{first_reply}?page=2"' in html
