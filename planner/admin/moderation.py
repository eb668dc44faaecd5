"""Moderating comments: every status change goes through moderate(), audited and committed once."""

from dataclasses import dataclass

from flask import abort, current_app
from sqlalchemy import insert, select, update

from planner.accounts.models import User
from planner.admin.models import AuditEntry
from planner.admin.transitions import DELETED, TRANSITIONS, eligible
from planner.comments.models import Comment
from planner.comments.service import delete_comments
from planner.database import utcnow
from planner.extensions import db


def get_comment_or_404(comment_id: int) -> Comment:
    """The comment with this id, or 404."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        abort(404, description="That comment does not exist (any more).")
    return comment


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


def moderate(comment_ids: list[int], action: str, admin: User) -> list[Change]:
    """Apply action to the comments that allow it: one UPDATE, one audit entry each, one commit.

    Comments whose status does not allow the action are left alone (a bulk selection may
    be mixed); the changes made are returned.
    """
    if action not in TRANSITIONS:
        raise ModerationError("That is not a moderation action.")
    ids = sorted(set(comment_ids))
    found = select(Comment.id, Comment.status, Comment.author_email, Comment.guide_slug)
    rows = {row.id: row for row in db.session.execute(found.where(Comment.id.in_(ids)))}
    moving = eligible(action, {cid: row.status for cid, row in rows.items()})
    target = TRANSITIONS[action].target
    if moving:
        apply_status(list(moving), TRANSITIONS[action].sources, target)
    changes = [
        Change(cid, moving[cid], target, rows[cid].author_email, rows[cid].guide_slug)
        for cid in sorted(moving)
    ]
    record(admin, action, changes)
    db.session.commit()
    if action == "approve":
        from planner.admin.notifications import notify_approved

        notify_approved(changes)
    return changes


def apply_status(ids: list[int], sources: frozenset[str], target: str) -> None:
    """One statement for the whole selection; the status guard makes a repeat a no-op."""
    if target == DELETED:
        delete_comments(ids)
        return
    db.session.execute(
        update(Comment)
        .where(Comment.id.in_(ids), Comment.status.in_(sources))
        .values(status=target, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()


def record(admin: User, action: str, changes: list[Change], detail: str = "") -> None:
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


def moderate_one(comment_id: int, action: str, admin: User) -> Change:
    """Apply action to one comment, or raise ModerationError saying why it cannot."""
    changes = moderate([comment_id], action, admin)
    if not changes:
        current_app.logger.info("Action %s did not apply to comment %s", action, comment_id)
        raise ModerationError(
            f"“{TRANSITIONS[action].label}” does not apply to this comment in its current status."
        )
    return changes[0]


def empty(status: str, admin: User) -> list[Change]:
    """Delete every comment in spam or in trash for good."""
    if status not in ("spam", "trash"):
        raise ModerationError("Only spam and trash can be emptied.")
    ids = list(db.session.scalars(select(Comment.id).where(Comment.status == status)))
    return moderate(ids, "delete", admin)
