"""Reading for the console: counts, the filtered queue, the audit trail. Constant queries."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from planner.accounts.models import User
from planner.comments.models import AuditEntry, Comment
from planner.comments.status import ALL, EMPTIABLE, STATUSES, CommentStatus
from planner.extensions import db
from planner.mail import FailedMail

PER_PAGE = 50
FILTERS = (*STATUSES, ALL)
AUDIT_PER_PAGE = 100
FAILED_MAIL_SHOWN = 5


@dataclass(frozen=True)
class Filter:
    """What the queue shows: a status (or all), a search, a page."""

    status: str = CommentStatus.PENDING
    q: str = ""
    page: int = 1

    def args(self, **changes) -> dict:
        """URL arguments for this filter, with changes, leaving defaults out."""
        values = {"status": self.status, "q": self.q, "page": self.page, **changes}
        return {k: v for k, v in values.items() if v and not (k == "page" and v == 1)}


@dataclass
class QueuePage:
    """One page of the queue and how many match in all."""

    filter: Filter
    comments: list[Comment]
    total: int

    @property
    def pages(self) -> int:
        """How many pages the filter spans (at least one)."""
        return max(1, -(-self.total // PER_PAGE))


def status_counts() -> dict[str, int]:
    """Comments per status, every status present, plus all."""
    rows = db.session.execute(select(Comment.status, func.count()).group_by(Comment.status))
    counts = dict.fromkeys(STATUSES, 0) | {status: n for status, n in rows}
    counts[ALL] = sum(counts[s] for s in STATUSES)
    return counts


def user_count() -> int:
    """How many accounts exist."""
    return db.session.scalar(select(func.count()).select_from(User))


@dataclass(frozen=True)
class FailedMailSummary:
    """How many messages the mail worker gave up on, the latest few, and how many wait for
    the queue to take them again."""

    count: int
    latest: list[FailedMail]
    waiting: int


def failed_mail() -> FailedMailSummary:
    """The mail that could not be delivered after every retry: a count and the newest few."""
    given_up = FailedMail.unsent.is_(None)  # the others go to the queue again by themselves
    counts = dict(
        db.session.execute(
            select(given_up, func.count()).select_from(FailedMail).group_by(given_up)
        ).all()
    )
    latest = db.session.scalars(
        select(FailedMail).where(given_up)
        .order_by(FailedMail.failed_at.desc(), FailedMail.id.desc())
        .limit(FAILED_MAIL_SHOWN)
    ).all()
    return FailedMailSummary(counts.get(True, 0), list(latest), counts.get(False, 0))


def matching(flt: Filter):
    """The WHERE clauses of a filter: status and search over text, name and email."""
    clauses = []
    if flt.status != ALL:
        clauses.append(Comment.status == flt.status)
    if flt.q:
        like = "%" + flt.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(
            or_(
                Comment.body.ilike(like, escape="\\"),
                Comment.author_name.ilike(like, escape="\\"),
                Comment.author_email.ilike(like, escape="\\"),
            )
        )
    return clauses


def matching_ids(flt: Filter) -> list[int]:
    """Every comment id the filter matches, across all pages."""
    return list(db.session.scalars(select(Comment.id).where(*matching(flt))))


def deletable_count(flt: Filter) -> int:
    """How many of the comments the filter matches may be deleted for good."""
    deletable = Comment.status.in_([str(s) for s in EMPTIABLE])
    return db.session.scalar(
        select(func.count()).select_from(Comment).where(*matching(flt), deletable)
    )


def matching_count(flt: Filter) -> int:
    """How many comments the filter matches, across all pages."""
    return db.session.scalar(select(func.count()).select_from(Comment).where(*matching(flt)))


def queue_page(flt: Filter) -> QueuePage:
    """The page of the queue, newest first, in two queries."""
    total = matching_count(flt)
    comments = list(
        db.session.scalars(
            select(Comment)
            .where(*matching(flt))
            .order_by(Comment.created_at.desc(), Comment.id.desc())
            .offset((flt.page - 1) * PER_PAGE)
            .limit(PER_PAGE)
        )
    )
    return QueuePage(flt, comments, total)


def rows_by_id(ids: list[int], flt: Filter) -> list[Comment]:
    """Those of the given comments that still match the filter."""
    if not ids:
        return []
    return list(db.session.scalars(select(Comment).where(Comment.id.in_(ids), *matching(flt))))


@dataclass(frozen=True)
class AuditFilter:
    """Audit trail filter: an admin's id and an action, both optional."""

    admin_id: int | None = None
    action: str = ""


def audit_entries(flt: AuditFilter) -> list[AuditEntry]:
    """The newest audit entries matching the filter."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if flt.admin_id is not None:
        query = query.where(AuditEntry.admin_id == flt.admin_id)
    if flt.action:
        query = query.where(AuditEntry.action == flt.action)
    return list(db.session.scalars(query.limit(AUDIT_PER_PAGE)))


def audit_admins() -> list[tuple[int, str]]:
    """The admins who appear in the trail, for the filter menu."""
    rows = db.session.execute(
        select(AuditEntry.admin_id, func.max(AuditEntry.admin_name))
        .where(AuditEntry.admin_id.is_not(None))
        .group_by(AuditEntry.admin_id)
        .order_by(func.max(AuditEntry.admin_name))
    )
    return [(admin_id, name) for admin_id, name in rows]


def audit_actions() -> list[str]:
    """The actions that appear in the trail, for the filter menu."""
    query = select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    return list(db.session.scalars(query))
