"""Row actions: each transition, the htmx row swap with counts, the no-JS redirect."""

import re

import pytest

MOVES = [
    ("approve", "pending", "approved"),
    ("unapprove", "approved", "pending"),
    ("spam", "pending", "spam"),
    ("spam", "approved", "spam"),
    ("not-spam", "spam", "pending"),
    ("trash", "approved", "trash"),
    ("trash", "spam", "trash"),
    ("restore", "trash", "pending"),
]


@pytest.mark.parametrize(("action", "before", "after"), MOVES)
def test_each_action_moves_and_audits(
    post, admin, make_comment, statuses, audit_rows, action, before, after
):
    """Without JavaScript: 303 to the queue, the status changed, one audit entry."""
    comment = make_comment(status=before)
    url = f"/admin/comments/{comment.id}/moderate"
    response = post(url, {"action": action, "status": before})
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/admin/comments?status={before}")
    assert statuses()[comment.id] == after
    assert audit_rows() == [(action, comment.id, before, after)]


def test_no_js_redirect_shows_the_message(client, post, admin, make_comment):
    """The queue after the redirect says what happened and no longer lists the row."""
    comment = make_comment(status="pending")
    post(f"/admin/comments/{comment.id}/moderate", {"action": "approve", "status": "pending"})
    html = client.get("/admin/comments?status=pending").get_data(as_text=True)
    assert f"Comment #{comment.id}: pending → approved." in html
    assert f'id="comment-row-{comment.id}"' not in html


@pytest.mark.parametrize(
    ("action", "before"),
    [("approve", "approved"), ("restore", "pending"), ("not-spam", "trash"), ("unapprove", "spam")],
)
def test_an_action_that_does_not_apply_is_refused(
    post, admin, make_comment, statuses, audit_rows, action, before
):
    """409 with a message, nothing changed, nothing audited."""
    comment = make_comment(status=before)
    response = post(f"/admin/comments/{comment.id}/moderate", {"action": action})
    assert response.status_code == 409
    assert "does not apply" in response.get_data(as_text=True)
    assert statuses()[comment.id] == before
    assert audit_rows() == []


@pytest.mark.parametrize("action", ["", "delete", "explode"])
def test_unknown_actions_answer_400(post, admin, make_comment, action):
    """Only the listed actions are accepted; delete goes through its own confirmation."""
    comment = make_comment(status="spam")
    assert post(f"/admin/comments/{comment.id}/moderate", {"action": action}).status_code == 400


def test_a_missing_comment_answers_404(post, admin):
    """An id that does not exist answers 404."""
    assert post("/admin/comments/999/moderate", {"action": "approve"}).status_code == 404


def test_htmx_removes_the_row_and_updates_counts(post, admin, make_comment):
    """A row leaving the filter: empty main swap, counts out of band, the event and message."""
    comment = make_comment(status="pending")
    response = post(
        f"/admin/comments/{comment.id}/moderate",
        {"action": "approve", "status": "pending"},
        htmx=True,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="comment-row-{comment.id}"' not in html
    assert 'id="queue-tabs"' in html and 'hx-swap-oob="true"' in html
    assert 'id="count-pending">0<' in html and 'id="count-approved">1<' in html
    assert "comment-moderated" in response.headers["HX-Trigger"]
    assert 'id="messages"' in html


def test_htmx_updates_the_lists_caption_and_apply_to_all(client, post, admin, make_comment):
    """The list's own count, in its caption and on "Apply to all N", follows a row leaving."""
    held = [make_comment(status="pending") for _ in range(3)]
    page = client.get("/admin/comments?status=pending").get_data(as_text=True)
    assert '<span id="queue-summary">3 comments, newest first, page 1 of 1</span>' in page
    assert ">Apply to all 3 matching</button>" in page
    response = post(f"/admin/comments/{held[0].id}/moderate",
                    {"action": "approve", "status": "pending"}, htmx=True)
    html = response.get_data(as_text=True)
    assert ('<span id="queue-summary" hx-swap-oob="true">2 comments, newest first, '
            "page 1 of 1</span>") in html
    assert re.search(r'<button [^>]*id="apply-all" hx-swap-oob="true">Apply to all 2 '
                     r"matching</button>", html)


def test_htmx_keeps_the_row_in_the_all_tab(post, admin, make_comment):
    """In the "all" list the row stays, re-rendered with its new status and buttons."""
    comment = make_comment(status="pending")
    response = post(
        f"/admin/comments/{comment.id}/moderate", {"action": "spam", "status": "all"}, htmx=True
    )
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(f'<tr id="comment-row-{comment.id}"')
    assert 'value="not-spam"' in html


def test_delete_needs_confirmation_and_only_from_spam_or_trash(
    client, post, admin, make_comment, statuses, audit_rows
):
    """GET asks, POST deletes; a live comment cannot be deleted; the audit entry stays."""
    live = make_comment(status="approved")
    doomed = make_comment(status="trash")
    assert client.get(f"/admin/comments/{live.id}/delete").status_code == 409
    page = client.get(f"/admin/comments/{doomed.id}/delete")
    assert page.status_code == 200 and "cannot be undone" in page.get_data(as_text=True)
    assert doomed.id in statuses()
    response = post(f"/admin/comments/{doomed.id}/delete", {"status": "trash"})
    assert response.status_code == 303
    assert doomed.id not in statuses()
    assert audit_rows() == [("delete", doomed.id, "trash", "deleted")]
    assert "deleted permanently" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_deleting_a_parent_keeps_its_replies(post, admin, make_comment, all_comments):
    """Replies of a deleted comment move up a level instead of vanishing."""
    parent = make_comment(status="spam")
    child = make_comment(parent=parent)
    post(f"/admin/comments/{parent.id}/delete")
    (survivor,) = all_comments()
    assert survivor.id == child.id and survivor.parent_id is None and survivor.depth == 1


def test_a_show_page_and_partial(client, admin, make_comment, hx):
    """A comment's row alone for htmx (cancelling an edit), or a page of its own."""
    comment = make_comment(status="pending")
    page = client.get(f"/admin/comments/{comment.id}").get_data(as_text=True)
    assert "<html" in page and f'id="comment-row-{comment.id}"' in page
    partial = client.get(f"/admin/comments/{comment.id}", headers=hx).get_data(as_text=True)
    assert partial.lstrip().startswith(f'<tr id="comment-row-{comment.id}"')
