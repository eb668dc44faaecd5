"""Check-then-write rules hold when the same request arrives twice at the same instant.

SQLite serialises writers (BEGIN IMMEDIATE); PostgreSQL runs them side by side, so these
matter most in the PostgreSQL pass.
"""

from sqlalchemy import func, select

from planner.comments.models import AuditEntry, Comment
from planner.database import utcnow
from planner.extensions import db
from tests.support.comments import THREAD_URL
from tests.support.concurrency import at_once, meeting_before
from tests.support.forms import csrf_token

COMMENT = {"comment": "Same words, sent twice at once.", "author": "Zed",
           "email": "zed@example.com"}


def guest_post(app, address: str, **fields):
    """A call posting the comment form from a fresh browser at address."""
    client = app.test_client()
    data = {**COMMENT, **fields, "csrf_token": csrf_token(client)}

    def call():
        return client.post(THREAD_URL, data=data, environ_base={"REMOTE_ADDR": address})

    return call


def count_comments(app) -> int:
    """How many comments are stored."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Comment))


def test_two_identical_comments_at_once_store_one(app):
    first, second = at_once(guest_post(app, "10.1.0.1"), guest_post(app, "10.1.0.2"))
    assert sorted([first.status_code, second.status_code]) == [303, 409]
    assert count_comments(app) == 1


def test_two_comments_by_one_person_at_once_meet_the_flood_rule(app):
    first, second = at_once(guest_post(app, "10.2.0.1", comment="One thing"),
                            guest_post(app, "10.2.0.2", comment="Another thing"))
    assert sorted([first.status_code, second.status_code]) == [303, 429]
    assert count_comments(app) == 1


def test_two_admins_approving_one_comment_at_once_record_and_mail_once(
    app, make_user, auth, make_comment, outbox
):
    # A member with a confirmed address: only such an author is mailed on approval.
    member = make_user(username="writer", email="writer@example.com",
                       email_verified_at=utcnow())
    held = make_comment(status="pending", user_id=member.id, author_email=member.email)
    admins = []
    for name in ("boss", "chief"):
        client = app.test_client()
        user = make_user(username=name, role="admin", email=f"{name}@example.com")
        with client.session_transaction() as session:
            session["_user_id"] = user.session_token
            session["_fresh"] = True
        token = csrf_token(client)
        admins.append(lambda client=client, token=token: client.post(
            f"/admin/comments/{held.id}/moderate",
            data={"csrf_token": token, "action": "approve"}))
    with meeting_before(app, "UPDATE COMMENTS", parties=2):
        answers = at_once(*admins)
    # The second finds the comment approved already: the action no longer applies to it.
    assert sorted(a.status_code for a in answers) == [303, 409]
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.comment_id == held.id)).all()
    assert len(entries) == 1
    assert [m["To"] for m in outbox.messages()] == ["writer@example.com"]
