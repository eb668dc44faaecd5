"""Editing a comment in place and replying as an admin."""

import pytest

from tests.support.comments import THREAD_URL


def edit_fields(comment_id: int, **changes) -> dict:
    """The edit form's fields (they carry the comment's prefix)."""
    values = {"body": "Fixed text.", "author_name": "Ana", "author_email": "ana@example.com",
              "author_url": ""}
    values.update(changes)
    return {f"c{comment_id}-{k}": v for k, v in values.items()}


def test_edit_page_and_partial(client, admin, make_comment, hx):
    """The edit form on its own page, or in place of the row for htmx."""
    comment = make_comment(status="pending", body="Typo hree")
    page = client.get(f"/admin/comments/{comment.id}/edit").get_data(as_text=True)
    assert "<html" in page and "Typo hree" in page
    partial = client.get(f"/admin/comments/{comment.id}/edit", headers=hx)
    html = partial.get_data(as_text=True)
    assert partial.status_code == 200
    assert html.lstrip().startswith(f'<tr id="comment-row-{comment.id}"')


def test_edit_saves_and_redirects(client, post, admin, make_comment, all_comments,
                                  audit_rows):
    """Without JavaScript: 303 to the queue, the text changed, an audit entry."""
    comment = make_comment(status="pending")
    response = post(f"/admin/comments/{comment.id}/edit", edit_fields(comment.id))
    assert response.status_code == 303
    (saved,) = all_comments()
    assert saved.body == "Fixed text." and saved.author_name == "Ana"
    assert audit_rows() == [("edit", comment.id, "pending", "pending")]
    assert "saved" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_edit_with_htmx_returns_the_row(post, admin, make_comment):
    """With htmx the saved row comes back with an event."""
    comment = make_comment(status="pending")
    response = post(
        f"/admin/comments/{comment.id}/edit",
        {"status": "pending", **edit_fields(comment.id)},
        htmx=True,
    )
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(f'<tr id="comment-row-{comment.id}"')
    assert "Fixed text." in html
    assert "comment-edited" in response.headers["HX-Trigger"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"body": "  "}, "The comment cannot be empty."),
        ({"author_name": ""}, "Enter the author&#39;s name."),
        ({"author_email": "nope"}, "Enter a valid email address"),
        ({"author_url": "javascript:alert(1)"}, "starting with http"),
        ({"body": "x" * 65_526}, "Use at most 65,525 characters."),
    ],
)
def test_edit_validation(post, admin, make_comment, all_comments, changes, message, hx):
    """Bad values: 422 with the message, the form again, nothing saved."""
    comment = make_comment(status="pending", body="Original.")
    response = post(
        f"/admin/comments/{comment.id}/edit", edit_fields(comment.id, **changes), htmx=True
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert all_comments()[0].body == "Original."


def test_reply_is_approved_and_threads_under_the_comment(
    client, post, admin, make_comment, all_comments, audit_rows
):
    """An admin's reply is public at once, under its parent; a held parent is approved too."""
    parent = make_comment(status="pending", body="Is micro work worth it?")
    response = post(f"/admin/comments/{parent.id}/reply", {f"r{parent.id}-body": "Yes, to start."})
    assert response.status_code == 303
    first, reply = all_comments()
    assert first.status == "approved"
    assert reply.parent_id == parent.id and reply.status == "approved" and reply.depth == 2
    assert [row[0] for row in audit_rows()] == ["approve", "reply"]
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert "Yes, to start." in html and "Is micro work worth it?" in html


def test_reply_page_partial_and_htmx_post(client, post, admin, make_comment, hx):
    """The reply form on a page or in the row; the htmx post answers with the row."""
    parent = make_comment(status="approved")
    assert "<html" in client.get(f"/admin/comments/{parent.id}/reply").get_data(as_text=True)
    partial = client.get(f"/admin/comments/{parent.id}/reply", headers=hx).get_data(as_text=True)
    assert partial.lstrip().startswith(f'<tr id="comment-row-{parent.id}"')
    response = post(
        f"/admin/comments/{parent.id}/reply",
        {"status": "all", **{f"r{parent.id}-body": "Thanks!"}},
        htmx=True,
    )
    assert response.status_code == 200
    assert "comment-replied" in response.headers["HX-Trigger"]


def test_reply_validation_and_refusals(post, admin, make_comment, all_comments):
    """An empty reply is 422; a reply to spam is 409; nothing saved."""
    parent = make_comment(status="approved")
    spam = make_comment(status="spam")
    empty = post(f"/admin/comments/{parent.id}/reply", {f"r{parent.id}-body": " "})
    assert empty.status_code == 422
    assert "Write your reply" in empty.get_data(as_text=True)
    assert post(f"/admin/comments/{spam.id}/reply").status_code == 409
    assert len(all_comments()) == 2
