"""Console actions on stored comments: every status change goes through apply_action(),
audited and committed once. (Judging a new comment is the policy's job: policy.py.)"""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import insert, select, tuple_, update

from planner.accounts.models import User
from planner.comments.models import AuditEntry, Comment
from planner.comments.notifications import notify_approved
from planner.comments.posting import Submission, post_comment
from planner.comments.removal import delete_comments
from planner.comments.rule_store import current_rules
from planner.comments.status import DELETED, EMPTIABLE, TRANSITIONS, CommentStatus, eligible
from planner.database import utcnow
from planner.extensions import db


class ModerationError(Exception):
    """The action cannot apply; the message says why."""


@dataclass(frozen=True)
class Change:
    """One comment moved by one action."""

    comment_id: int
    before: str
    after: str
    author_email: str = ""
    guide_slug: str = ""
    section_key: str = ""


def apply_action(comment_ids: list[int], action: str, admin: User) -> list[Change]:
    """Apply action to the comments that allow it: one UPDATE, one audit entry each, one commit.

    Comments whose status does not allow the action are left alone (a bulk selection may
    be mixed); the changes made are returned.
    """
    if action not in TRANSITIONS:
        raise ModerationError("That is not a moderation action.")
    ids = sorted(set(comment_ids))
    found = select(Comment.id, Comment.status, Comment.author_email, Comment.guide_slug,
                   Comment.section_key)
    rows = {row.id: row for row in db.session.execute(found.where(Comment.id.in_(ids)))}
    moving = eligible(action, {cid: row.status for cid, row in rows.items()})
    target = TRANSITIONS[action].target
    # Only the rows the statement changed: another admin may have moved some meanwhile.
    moved = apply_status(moving, target) if moving else set()
    changes = [
        Change(cid, moving[cid], target, rows[cid].author_email, rows[cid].guide_slug,
               rows[cid].section_key)
        for cid in sorted(moved)
    ]
    record_audit(admin, action, changes)
    db.session.commit()
    if action == "approve":
        notify_approved(changes)
    return changes


def apply_status(moving: dict[int, str], target: str) -> set[int]:
    """One statement for the whole selection, changing each comment only if it still has the
    status it was read with; returns the ids it changed (a repeat changes none)."""
    if target == DELETED:
        return delete_comments(list(moving))
    changed = db.session.scalars(
        update(Comment)
        .where(tuple_(Comment.id, Comment.status).in_(list(moving.items())))
        .values(status=target, updated_at=utcnow())
        .returning(Comment.id)
        .execution_options(synchronize_session=False)
    )
    ids = set(changed)
    db.session.expire_all()
    return ids


def record_audit(admin: User, action: str, changes: list[Change], detail: str = "") -> None:
    """Write one audit entry per change (the caller commits)."""
    if not changes:
        return
    now = utcnow()
    db.session.execute(
        insert(AuditEntry),
        [
            {
                "admin_id": admin.id,
                "admin_name": admin.display_name,
                "action": action,
                "comment_id": c.comment_id,
                "status_before": c.before,
                "status_after": c.after,
                "detail": detail,
                "created_at": now,
            }
            for c in changes
        ],
    )


def apply_action_to_one(comment_id: int, action: str, admin: User) -> Change:
    """Apply action to one comment, or raise ModerationError saying why it cannot."""
    changes = apply_action([comment_id], action, admin)
    if not changes:
        current_app.logger.info("Action %s did not apply to comment %s", action, comment_id)
        raise ModerationError(
            f"“{TRANSITIONS[action].label}” does not apply to this comment in its current status."
        )
    return changes[0]


def empty_status(status: str, admin: User) -> list[Change]:
    """Delete every comment in spam or in trash for good."""
    if status not in EMPTIABLE:
        raise ModerationError("Only spam and trash can be emptied.")
    ids = list(db.session.scalars(select(Comment.id).where(Comment.status == status)))
    return apply_action(ids, "delete", admin)


def edit_comment(comment: Comment, values: dict, admin: User) -> Comment:
    """Save the admin's corrections to a comment's text and author fields."""
    changed = sorted(k for k, v in values.items() if getattr(comment, k) != v)
    for key, value in values.items():
        setattr(comment, key, value)
    change = Change(comment.id, comment.status, comment.status)
    record_audit(admin, "edit", [change], detail="changed: " + (", ".join(changed) or "nothing"))
    db.session.commit()
    return comment


def reply_as_admin(parent: Comment, body: str, admin: User) -> Comment:
    """Post an approved reply under parent; a held parent is approved first, as answering it
    publishes it anyway. Raises posting.CommentRefused for an exact duplicate."""
    if parent.status == CommentStatus.PENDING:
        apply_action([parent.id], "approve", admin)
    submission = Submission(
        guide_slug=parent.guide_slug,
        section_key=parent.section_key,
        body=body,
        author_name=admin.display_name,
        author_email=admin.email,
        parent=parent,
        user_id=admin.id,
        is_admin=True,
    )
    reply = post_comment(submission, current_rules()).comment
    record_audit(
        admin, "reply", [Change(reply.id, "", reply.status)], detail=f"reply to #{parent.id}"
    )
    db.session.commit()
    return reply
