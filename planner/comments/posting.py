"""Posting a comment: which comment a reply answers, where it goes, and the policy's verdict."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import exists, func, select

from planner import idempotency
from planner.comments.models import Comment
from planner.comments.notifications import admin_addresses, notify_admins
from planner.comments.policy import (
    Action,
    AuthorFacts,
    Candidate,
    Decision,
    ModerationRules,
    judge_new_comment,
)
from planner.comments.status import CommentStatus
from planner.database import hold_lock, utcnow
from planner.extensions import db
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


CREATE_COMMENT = "comment"


class Posted(NamedTuple):
    """A saved comment, the policy's verdict, and what the caller asked to read with it."""

    comment: Comment
    decision: Decision
    read: Any = None


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
    if parent is None or parent.status != CommentStatus.APPROVED:
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


def post_comment(
    submission: Submission, rules: ModerationRules, key: str | None = None,
    read: Callable[[Comment], Any] | None = None,
) -> Posted:
    """Judge and save a comment; raise CommentRefused for flooding or duplicates.

    With a form's idempotency key, a copy of the same form that was saved first raises
    idempotency.AlreadyDone. read, when given, runs on the saved comment before the commit,
    so the answer needs no second transaction.
    """
    parent, depth = placement(submission.parent, rules)
    # The flood and duplicate rules read the author's earlier comments: two posts by one
    # author must not both pass the check before either is saved. Where the lock is taken
    # here, a twin of this form may have held it first; otherwise (SQLite) the transaction
    # has been the only writer since it began, and the caller's look-up of the key stands.
    if hold_lock(author_identity(submission)):
        earlier = idempotency.first_result(key, submission.user_id, CREATE_COMMENT)
        if earlier is not None:
            raise idempotency.AlreadyDone(earlier)
    facts = author_facts(submission, parent.id if parent else None)
    decision = judge_new_comment(_candidate(submission), facts, rules)
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
    db.session.flush()
    held = decision.action == Action.HOLD
    admins = admin_addresses() if held else []
    also = read(comment) if read is not None else None
    idempotency.commit_once(key, submission.user_id, CREATE_COMMENT, comment.id)
    if held:
        notify_admins(comment, admins)  # after the commit: mail never waits inside it
    return Posted(comment, decision, also)


def find_comment(comment_id: int) -> Comment | None:
    """A stored comment by id, or None once it is gone."""
    return db.session.get(Comment, comment_id)


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


def author_identity(submission: Submission) -> str:
    """Who the flood and duplicate rules count as one author: the account, or a guest's email."""
    if submission.user_id is not None:
        return f"comment-author:user:{submission.user_id}"
    return f"comment-author:guest:{submission.author_email}"


def _same_author(submission: Submission):
    """Comments by the same account, or for guests by the same email address."""
    if submission.user_id is not None:
        return Comment.user_id == submission.user_id
    # A guest earns trust only through guest comments: typing a member's address is not enough.
    return (Comment.user_id.is_(None)) & (Comment.author_email == submission.author_email)


def _trusted_author(submission: Submission):
    """Approved comments that vouch for this author: the account's, or for a guest the same
    name and email together, so knowing an approved guest's address is not enough."""
    approved = Comment.status == CommentStatus.APPROVED
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
                Comment.status != CommentStatus.TRASH,
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
