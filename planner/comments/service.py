"""Writing comments: posting through the policy, and what account deletion needs."""

from dataclasses import dataclass

from flask import current_app, render_template
from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import aliased

from planner.accounts.models import ROLE_ADMIN, User
from planner.comments.models import APPROVED, TRASH, Comment
from planner.comments.policy import (
    Action,
    AuthorFacts,
    Candidate,
    Decision,
    ModerationRules,
    moderate,
)
from planner.database import utcnow
from planner.extensions import db
from planner.mail import external_url, send_mail
from planner.params import parse_id


@dataclass(frozen=True)
class Submission:
    """A new comment as the reply form sent it, with who sent it and from where."""

    guide_slug: str
    section_key: str
    body: str
    author_name: str
    author_email: str
    author_url: str | None = None
    parent: Comment | None = None
    user_id: int | None = None
    is_admin: bool = False
    author_ip: str | None = None
    user_agent: str | None = None
    honeypot: str = ""


class CommentRefused(Exception):
    """The policy refused the comment (flood or duplicate); nothing was saved."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.reason)
        self.decision = decision

    @property
    def status_code(self) -> int:
        """429 for flooding, 409 for a duplicate."""
        return 429 if self.decision.action == Action.REFUSE_FLOOD else 409

    @property
    def message(self) -> str:
        """What the author is told."""
        if self.decision.action == Action.REFUSE_FLOOD:
            seconds = self.decision.retry_after
            return (
                "You are posting comments too quickly. "
                f"Please wait {seconds} second{'s' if seconds != 1 else ''} and send it again."
            )
        return "You have already posted this exact comment here, so it was not sent again."


class NotReplyable(Exception):
    """The comment a reply names cannot be answered here; the message says why."""


def reply_target(guide_slug: str, section_key: str, raw_id: str) -> Comment:
    """The approved comment of this section that a reply answers, or NotReplyable."""
    parent_id = parse_id(raw_id)
    if parent_id is None:
        raise NotReplyable("That reply names a comment that does not exist.")
    parent = db.session.get(Comment, parent_id)
    if parent is None or parent.status != APPROVED:
        raise NotReplyable("That reply names a comment that does not exist.")
    if parent.guide_slug != guide_slug or parent.section_key != section_key:
        raise NotReplyable("That comment belongs to another section; reply to it there.")
    return parent


def placement(parent: Comment | None, rules: ModerationRules) -> tuple[Comment | None, int]:
    """The parent a reply attaches to and its depth: replies never go deeper than allowed."""
    if parent is None or rules.thread_depth == 1:
        return None, 1
    while parent.depth >= rules.thread_depth and parent.parent_id is not None:
        parent = db.session.get(Comment, parent.parent_id)
    if parent.depth >= rules.thread_depth:  # only when the depth is 1, handled above
        return None, 1
    return parent, parent.depth + 1


def post_comment(submission: Submission, rules: ModerationRules) -> tuple[Comment, Decision]:
    """Judge and save a comment; raise CommentRefused for flooding or duplicates."""
    parent, depth = placement(submission.parent, rules)
    facts = author_facts(submission, parent.id if parent else None)
    decision = moderate(_candidate(submission), facts, rules)
    if decision.refused:
        raise CommentRefused(decision)
    comment = Comment(
        guide_slug=submission.guide_slug,
        section_key=submission.section_key,
        parent_id=parent.id if parent else None,
        depth=depth,
        user_id=submission.user_id,
        author_name=submission.author_name,
        author_email=submission.author_email,
        author_url=submission.author_url or None,
        author_ip=submission.author_ip,
        user_agent=(submission.user_agent or "")[:255] or None,
        body=submission.body,
        status=decision.status,
        moderation_reason=decision.reason[:255],
    )
    db.session.add(comment)
    db.session.commit()
    if decision.action == Action.HOLD:
        notify_admins(comment)
    return comment, decision


def _candidate(submission: Submission) -> Candidate:
    return Candidate(
        body=submission.body,
        author_name=submission.author_name,
        author_email=submission.author_email,
        author_url=submission.author_url or "",
        author_ip=submission.author_ip or "",
        user_agent=submission.user_agent or "",
        honeypot=submission.honeypot,
    )


def _same_author(submission: Submission):
    """Comments by the same account, or for guests by the same email address."""
    if submission.user_id is not None:
        return Comment.user_id == submission.user_id
    # A guest earns trust only through guest comments: typing a member's address is not enough.
    return (Comment.user_id.is_(None)) & (Comment.author_email == submission.author_email)


def _trusted_author(submission: Submission):
    """Approved comments that vouch for this author: the account's, or for a guest the same
    name and email together, so knowing an approved guest's address is not enough."""
    approved = Comment.status == APPROVED
    if submission.user_id is not None:
        return _same_author(submission) & approved
    return _same_author(submission) & (Comment.author_name == submission.author_name) & approved


def author_facts(submission: Submission, parent_id: int | None) -> AuthorFacts:
    """What the policy needs to know about the author, in three small queries."""
    same = _same_author(submission)
    approved = db.session.scalar(select(exists().where(_trusted_author(submission))))
    # Per person, not per address: families and carriers share one. The looser per-address
    # rate is COMMENT_LIMIT_ADDRESS, counted by the limiter on the posting route.
    last = db.session.scalar(select(func.max(Comment.created_at)).where(same))
    same_place = (
        Comment.parent_id.is_(None) if parent_id is None else Comment.parent_id == parent_id
    )
    identical = db.session.scalar(
        select(
            exists().where(
                same,
                Comment.guide_slug == submission.guide_slug,
                Comment.section_key == submission.section_key,
                same_place,
                Comment.status != TRASH,
                Comment.body == submission.body,
            )
        )
    )
    return AuthorFacts(
        is_admin=submission.is_admin,
        has_approved_comment=bool(approved),
        seconds_since_last_comment=None if last is None else (utcnow() - last).total_seconds(),
        has_identical_comment=bool(identical),
    )


def notify_admins(comment: Comment) -> None:
    """Email every admin that a comment waits for moderation; a mail failure loses nothing."""
    admins = list(db.session.scalars(select(User.email).where(User.role == ROLE_ADMIN)))
    if not admins:
        return
    body = render_template(
        "comments/email/held.txt",
        comment=comment,
        queue_url=external_url("admin.queue", status="pending"),
    )
    try:
        send_mail(admins, "A comment is waiting for moderation", body)
    except Exception:  # the comment is saved; an unreachable mail server must not undo that
        current_app.logger.exception("Could not email admins about comment %s", comment.id)


def anonymize_comments_of(user_id: int) -> None:
    """Keep a leaving member's comments as a former member's: no name, email, link or user.

    The caller commits.
    """
    db.session.execute(
        update(Comment)
        .where(Comment.user_id == user_id)
        .values(
            user_id=None,
            author_name="",
            author_email="",
            author_url=None,
            author_ip=None,
            user_agent=None,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session="fetch")
    )


def delete_comments_of(user_id: int) -> None:
    """Delete a leaving member's comments; other people's replies move up a level.

    The caller commits.
    """
    ids = list(db.session.scalars(select(Comment.id).where(Comment.user_id == user_id)))
    delete_comments(ids)


def delete_comments(ids: list[int]) -> None:
    """Delete comments for good; their surviving replies move up to the nearest surviving
    ancestor, or to the top level. The caller commits."""
    doomed = set(ids)
    if not doomed:
        return
    moves = _reparenting(doomed)
    if moves:
        db.session.execute(update(Comment), moves)
    db.session.execute(
        delete(Comment).where(Comment.id.in_(doomed)).execution_options(synchronize_session=False)
    )
    db.session.expire_all()


def _reparenting(doomed: set[int]) -> list[dict]:
    """New parent and depth of every surviving comment in the threads touched."""
    touched = aliased(Comment)
    rows = db.session.execute(
        select(Comment.id, Comment.parent_id, Comment.depth)
        .join(
            touched,
            (touched.guide_slug == Comment.guide_slug)
            & (touched.section_key == Comment.section_key),
        )
        .where(touched.id.in_(doomed))
        .distinct()
    ).all()
    parents = {row.id: row.parent_id for row in rows}
    depths: dict[int | None, int] = {None: 0}

    def surviving_parent(comment_id: int) -> int | None:
        parent = parents.get(comment_id)
        while parent is not None and parent in doomed:
            parent = parents.get(parent)
        return parent

    def depth_of(comment_id: int) -> int:
        if comment_id not in depths:
            depths[comment_id] = depth_of(surviving_parent(comment_id)) + 1
        return depths[comment_id]

    moves = []
    for row in rows:
        if row.id in doomed:
            continue
        parent, depth = surviving_parent(row.id), depth_of(row.id)
        if parent != row.parent_id or depth != row.depth:
            moves.append({"id": row.id, "parent_id": parent, "depth": depth})
    return moves
