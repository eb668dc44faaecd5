"""The dashboard and the moderation queue: tabs, counts, search, pages, what a row shows."""

import pytest


def test_dashboard_counts_link_to_the_queue(client, admin, mixed, make_user):
    """The dashboard shows each status count and the users, linking to the queue."""
    make_user()
    html = client.get("/admin").get_data(as_text=True)
    assert 'id="admin-overview"' in html
    assert "/admin/comments?status=pending" in html
    assert "<strong>2</strong> Pending" in html
    assert "<strong>2</strong> users" in html


def test_dashboard_partial(client, admin, hx):
    """With htmx the dashboard answers with its overview alone."""
    response = client.get("/admin", headers=hx)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="admin-overview"')
    assert "<html" not in html


def test_queue_shows_pending_with_admin_details(client, admin, make_comment):
    """A pending row shows author, email, website, address, section link, reply and reason."""
    parent = make_comment()
    held = make_comment(
        parent=parent,
        status="pending",
        author_email="held@example.com",
        author_url="https://held.example",
        author_ip="203.0.113.9",
        moderation_reason="held: first comment by this author",
    )
    html = client.get("/admin/comments?status=pending").get_data(as_text=True)
    assert f'id="comment-row-{held.id}"' in html
    assert f'id="comment-row-{parent.id}"' not in html
    for text in (
        "held@example.com",
        "https://held.example",
        "203.0.113.9",
        f"reply to #{parent.id}",
        "held: first comment by this author",
        f"/guides/micro-jobs-vs-freelancing/introduction/comments/{held.id}",
    ):
        assert text in html
    assert 'id="count-pending">1<' in html
    assert 'id="count-approved">1<' in html
    assert 'id="count-all">2<' in html


def test_queue_partial_has_root_id(client, admin, make_comment, hx):
    """With htmx the queue answers with its section alone."""
    make_comment(status="pending")
    response = client.get("/admin/comments?status=pending", headers=hx)
    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith('<section id="queue"')


@pytest.mark.parametrize(
    ("q", "found"),
    [("needle", True), ("NEEDLE", True), ("Nina", True), ("nina@example", True), ("hay", False)],
)
def test_search_covers_text_name_and_email(client, admin, make_comment, q, found):
    """Search matches the text, the author's name and email, ignoring case."""
    comment = make_comment(
        status="pending", body="a needle here", author_name="Nina", author_email="nina@example.com"
    )
    html = client.get(f"/admin/comments?status=all&q={q}").get_data(as_text=True)
    assert (f'id="comment-row-{comment.id}"' in html) is found


def test_search_treats_wildcards_literally(client, admin, make_comment):
    """A percent sign in the search matches only a percent sign."""
    make_comment(status="pending", body="plain text")
    html = client.get("/admin/comments?status=all&q=%25").get_data(as_text=True)
    assert "No comments here" in html


def test_newest_first_fifty_per_page(client, admin, bulk_comments):
    """Fifty rows per page, the newest on the first page."""
    from datetime import timedelta

    from planner.database import utcnow

    start = utcnow() - timedelta(days=2)
    bulk_comments(
        [
            {"status": "pending", "body": f"n{i}", "created_at": start + timedelta(minutes=i)}
            for i in range(60)
        ]
    )
    first = client.get("/admin/comments?status=pending").get_data(as_text=True)
    second = client.get("/admin/comments?status=pending&page=2").get_data(as_text=True)
    assert first.count('class="queue-row') == 50
    assert second.count('class="queue-row') == 10
    assert first.index(">n59<") < first.index(">n58<")
    assert "Page 1 of 2" in first


@pytest.mark.parametrize(
    "query", ["status=nonsense", "page=0", "page=x", "page=99", "status=pending&page=-1"]
)
def test_bad_filters_answer_404(client, admin, make_comment, query):
    """A status, or a page, that does not exist answers 404, never 500."""
    make_comment(status="pending")
    assert client.get(f"/admin/comments?{query}").status_code == 404


def test_queue_query_count_does_not_grow(client, admin, bulk_comments, count_queries):
    """The queue runs as many queries for 10 comments as for 1,000."""
    bulk_comments([{"status": "pending"} for _ in range(10)])
    with count_queries() as few:
        assert client.get("/admin/comments?status=pending").status_code == 200
    bulk_comments([{"status": "pending"} for _ in range(990)])
    with count_queries() as many:
        assert client.get("/admin/comments?status=pending").status_code == 200
    assert len(few) == len(many)
    print(f"queue page: {len(many)} queries")
