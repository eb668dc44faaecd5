"""Editing a comment in place and replying to it as an admin, both audited."""

from planner.accounts.models import User
from planner.admin.moderation import Change, moderate, record
from planner.comments import service
from planner.comments.models import Comment
from planner.comments.rules import current_rules
from planner.extensions import db


def edit_comment(comment: Comment, values: dict, admin: User) -> Comment:
    """Save the admin's corrections to a comment's text and author fields."""
    changed = sorted(k for k, v in values.items() if getattr(comment, k) != v)
    for key, value in values.items():
        setattr(comment, key, value)
    change = Change(comment.id, comment.status, comment.status)
    record(admin, "edit", [change], detail="changed: " + (", ".join(changed) or "nothing"))
    db.session.commit()
    return comment


def reply_as_admin(parent: Comment, body: str, admin: User) -> Comment:
    """Post an approved reply under parent; a held parent is approved first, as answering it
    publishes it anyway. Raises service.CommentRefused for an exact duplicate."""
    if parent.status == "pending":
        moderate([parent.id], "approve", admin)
    submission = service.Submission(
        guide_slug=parent.guide_slug,
        section_key=parent.section_key,
        body=body,
        author_name=admin.display_name,
        author_email=admin.email,
        parent=parent,
        user_id=admin.id,
        is_admin=True,
    )
    reply, _decision = service.post_comment(submission, current_rules())
    record(admin, "reply", [Change(reply.id, "", reply.status)], detail=f"reply to #{parent.id}")
    db.session.commit()
    return reply
