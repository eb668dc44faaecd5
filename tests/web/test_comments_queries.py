"""Pages and partials with comments run the same number of queries whatever the data."""

import pytest
from sqlalchemy import func, select

from planner.comments.models import Comment
from planner.extensions import db
from tests.support.comments import GUIDE, GUIDE_URL, THREAD_URL, seed_guide


def seed(app, total: int) -> int:
    """Fill the comparison guide with total comments; return how many there are."""
    with app.app_context():
        seed_guide(app.extensions["library"].get(GUIDE), total)
        return db.session.scalar(select(func.count()).select_from(Comment))


def queries(client, count_queries, url: str, **kwargs) -> int:
    """Statements run by one GET of url (SQLite's explicit BEGIN left out)."""
    with count_queries() as statements:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len([s for s in statements if not s.startswith("BEGIN")])


@pytest.fixture(params=["visitor", "member", "guest-with-pending"])
def viewer(request, client, auth, make_user, post_comment):
    """The same page seen by a visitor, a signed-in member, and a guest who has posted."""
    if request.param == "member":
        auth.login(make_user())
    if request.param == "guest-with-pending":
        post_comment(comment="waiting")
    return request.param


def test_a_guide_page_with_0_and_50_comments_per_section_runs_the_same_queries(
    app, client, count_queries, viewer
):
    sections = len(app.extensions["library"].get(GUIDE).sections)
    empty = queries(client, count_queries, GUIDE_URL)
    assert seed(app, 50 * sections) >= 50 * sections
    full = queries(client, count_queries, GUIDE_URL)
    html = client.get(GUIDE_URL).get_data(as_text=True)
    assert html.count(" · join the discussion<span") == sections
    assert '<li id="comment-' not in html  # folded behind their counts
    assert full == empty
    # One grouped count for the whole page; for a member, their user and the navigation's
    # line about their roadmap.
    assert empty == (3 if viewer == "member" else 1)


@pytest.mark.parametrize(
    "url",
    [THREAD_URL, f"{THREAD_URL}?fold=1", f"{THREAD_URL}/{{first}}"],
    ids=["thread", "fold", "permalink"],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_thread_with_0_and_50_comments_runs_the_same_queries(
    app, client, count_queries, make_comment, viewer, url, htmx
):
    headers = {"HX-Request": "true"} if htmx else {}
    first = make_comment()
    url = url.format(first=first.id)
    sections = len(app.extensions["library"].get(GUIDE).sections)

    def run() -> int:
        with count_queries() as statements:
            response = client.get(url, headers=headers)
        assert response.status_code in (200, 303)
        return len([s for s in statements if not s.startswith("BEGIN")])

    few = run()
    seed(app, 50 * sections)
    assert run() == few


@pytest.mark.parametrize(
    "url",
    [f"{THREAD_URL}?page=1", f"{THREAD_URL}?page=2"],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_comment_pages_and_partials_run_a_constant_number_of_queries(
    app, client, count_queries, url, htmx
):
    headers = {"HX-Request": "true"} if htmx else {}
    seed(app, 13 * 40)  # enough for a second page in every section
    few = queries(client, count_queries, url, headers=headers)
    seed(app, 13 * 200)
    many = queries(client, count_queries, url, headers=headers)
    assert few == many


def test_the_reply_partial_runs_a_constant_number_of_queries(
    app, client, count_queries, make_comment
):
    parent = make_comment()
    few = queries(client, count_queries, f"{THREAD_URL}/reply/{parent.id}",
                  headers={"HX-Request": "true"})
    seed(app, 500)
    many = queries(client, count_queries, f"{THREAD_URL}/reply/{parent.id}",
                   headers={"HX-Request": "true"})
    assert few == many
