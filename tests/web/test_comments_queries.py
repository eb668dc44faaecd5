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


def test_a_guide_page_with_0_and_500_comments_runs_the_same_queries(
    app, client, count_queries, viewer
):
    empty = queries(client, count_queries, GUIDE_URL)
    assert seed(app, 500) >= 500
    full = queries(client, count_queries, GUIDE_URL)
    html = client.get(GUIDE_URL).get_data(as_text=True)
    assert html.count('<li id="comment-') > 200
    assert full == empty
    # The rules (one read per request), the admins (for their badge), the three comment
    # queries, and the user when someone is signed in.
    assert empty == (6 if viewer == "member" else 5)


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
