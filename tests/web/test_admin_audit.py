"""The audit trail: what happened, filterable by admin and action; it outlives comments."""

import re

# The action cell, named for the card it becomes on a phone.
ACTION = '<td data-label="Action">{}</td>'


def test_audit_lists_actions_and_filters(client, post, auth, make_user, mixed, hx):
    """Entries show who, what, before and after; the filters narrow them."""
    first = auth.login(make_user(role="admin", display_name="Ada Admin"))
    post("/admin/comments/bulk", {"action": "approve", "ids": [str(i) for i in mixed["pending"]]})
    second = auth.login(make_user(role="admin", display_name="Bo Admin"))
    post(f"/admin/comments/{mixed['approved'][0]}/moderate", {"action": "trash"})
    html = client.get("/admin/audit").get_data(as_text=True)
    assert len(re.findall(r'<tr id="audit-\d+"', html)) == 3
    assert "Ada Admin" in html and "Bo Admin" in html
    by_first = client.get(f"/admin/audit?admin={first.id}").get_data(as_text=True)
    assert by_first.count(ACTION.format("approve")) == 2 and ACTION.format("trash") not in by_first
    trashed = client.get("/admin/audit?action=trash").get_data(as_text=True)
    assert len(re.findall(r'<tr id="audit-\d+"', trashed)) == 1
    assert ACTION.format("approve") not in trashed
    assert second.id != first.id
    partial = client.get("/admin/audit?action=trash", headers=hx).get_data(as_text=True)
    assert partial.lstrip().startswith('<section id="audit"')


def test_audit_survives_deletion_of_comment(client, post, admin, make_comment, audit_rows):
    """Deleting a comment for good keeps its entries."""
    comment = make_comment(status="spam")
    post(f"/admin/comments/{comment.id}/delete")
    assert audit_rows() == [("delete", comment.id, "spam", "deleted")]
    assert f"#{comment.id}" in client.get("/admin/audit").get_data(as_text=True)


def test_bad_admin_filter_is_404(client, admin):
    """An admin filter that is not a number answers 404."""
    assert client.get("/admin/audit?admin=abc").status_code == 404
