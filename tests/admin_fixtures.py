"""Fixtures for the admin console tests (load with pytest_plugins, with the comment ones)."""

import pytest
from sqlalchemy import select

from planner.comments.models import AuditEntry, Comment
from planner.extensions import db


@pytest.fixture
def admin(make_user, auth):
    """An admin, signed in on the test client."""
    return auth.login(make_user(username="boss", display_name="Boss Admin", role="admin"))


@pytest.fixture
def statuses(app):
    """statuses() maps every comment id to its status."""

    def load() -> dict[int, str]:
        with app.app_context():
            return dict(db.session.execute(select(Comment.id, Comment.status)).all())

    return load


@pytest.fixture
def audit_rows(app):
    """audit_rows() lists the audit entries as (action, comment id, before, after), in order."""

    def load() -> list[tuple]:
        with app.app_context():
            rows = db.session.execute(
                select(
                    AuditEntry.action,
                    AuditEntry.comment_id,
                    AuditEntry.status_before,
                    AuditEntry.status_after,
                ).order_by(AuditEntry.id)
            )
            return [tuple(row) for row in rows]

    return load


@pytest.fixture
def mixed(make_comment):
    """Eight comments, two in each status; returns {status: [ids]}."""
    made: dict[str, list[int]] = {}
    for status in ("pending", "approved", "spam", "trash"):
        for _ in range(2):
            comment = make_comment(status=status, author_email=f"{status}-{len(made)}@example.com")
            made.setdefault(status, []).append(comment.id)
    return made


@pytest.fixture
def post_form(client, csrf):
    """post_form(url, htmx=False, **fields): post with the CSRF token (lists allowed)."""

    def post(url: str, htmx: bool = False, **fields):
        data = {"csrf_token": csrf(), **fields}
        headers = {"HX-Request": "true"} if htmx else {}
        return client.post(url, data=data, headers=headers)

    return post
