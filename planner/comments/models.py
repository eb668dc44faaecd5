"""What comments store: the comments, the version of each section's thread, the saved
moderation rules, the audit trail of moderation, and the addresses that asked for no mail."""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner.accounts.rules import EMAIL_MAX as ACCOUNT_EMAIL_MAX
from planner.comments.policy import DEFAULT_RULES
from planner.comments.status import STATUSES, CommentStatus
from planner.database import utcnow
from planner.extensions import db

FORMER_MEMBER = "Former member"

# Limits of the reply form's fields, as WordPress sets them.
BODY_MAX = 65_525
NAME_MAX = 245
EMAIL_MAX = 100
URL_MAX = 200


class Comment(db.Model):
    """A guest's or a member's comment; replies point at their parent."""

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint(f"status IN {tuple(s.value for s in STATUSES)!r}", name="status"),
        Index("ix_comments_thread", "guide_slug", "section_key", "status", "created_at"),
        # A section's top-level comments and each comment's replies, in the order shown.
        Index("ix_comments_section_tree", "guide_slug", "section_key", "parent_id", "created_at",
              "id"),
        # The author checks of every post (trust, flood, duplicate) look up one author's
        # comments; ending in created_at, the latest is the last entry, whatever their count.
        Index("ix_comments_author_created", "author_email", "created_at"),
        Index("ix_comments_user_created", "user_id", "created_at"),
        Index("ix_comments_parent_id", "parent_id"),
        Index("ix_comments_author_ip", "author_ip"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_slug: Mapped[str] = mapped_column(String(64))
    section_key: Mapped[str] = mapped_column(String(64))
    # Deleting a comment that has replies must re-parent them first (removal.delete_comments).
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    depth: Mapped[int] = mapped_column(default=1)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(NAME_MAX))
    # Lower-cased; shown to admins only.
    # A member's comment carries their account's address, which may be longer than the form's.
    author_email: Mapped[str] = mapped_column(String(ACCOUNT_EMAIL_MAX))
    author_url: Mapped[str | None] = mapped_column(String(URL_MAX))
    author_ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=CommentStatus.PENDING.value)
    moderation_reason: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def display_name(self) -> str:
        """The name shown with the comment; anonymized comments read "Former member"."""
        return self.author_name or FORMER_MEMBER

    @property
    def is_approved(self) -> bool:
        """True once the comment is public."""
        return self.status == CommentStatus.APPROVED

    @property
    def is_pending(self) -> bool:
        """True while the comment waits for moderation."""
        return self.status == CommentStatus.PENDING

    @property
    def allows_reply(self) -> bool:
        """True when an admin may answer it in the console."""
        return CommentStatus(self.status).allows_reply

    @property
    def allows_delete(self) -> bool:
        """True when it may be deleted for good."""
        return CommentStatus(self.status).allows_delete


class ThreadVersion(db.Model):
    """How many times the public part of a section's thread changed: rendered threads are
    cached by it. Only the database bumps it (versions.py), in the writing transaction."""

    __tablename__ = "comment_thread_versions"

    guide_slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    section_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class AuditEntry(db.Model):
    """One moderation action on one comment, or one change of the rules."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_created_at", "created_at"),
        Index("ix_audit_entries_admin_id", "admin_id"),
        Index("ix_audit_entries_action", "action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # SET NULL, and the name kept beside it: the trail outlives the admin's account.
    admin_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    admin_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    # A plain number, not a foreign key: the entry must survive the comment's deletion.
    comment_id: Mapped[int | None] = mapped_column()
    status_before: Mapped[str | None] = mapped_column(String(16))
    status_after: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SavedRules(db.Model):
    """The moderation rules an admin saved; a single row (id 1), absent until the first save.

    Column defaults come from the policy's defaults; word lists are stored one per line.
    """

    __tablename__ = "moderation_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    manual_approval: Mapped[bool] = mapped_column(default=DEFAULT_RULES.manual_approval)
    require_approved_author: Mapped[bool] = mapped_column(
        default=DEFAULT_RULES.require_approved_author
    )
    link_threshold: Mapped[int] = mapped_column(default=DEFAULT_RULES.link_threshold)
    moderation_words: Mapped[str] = mapped_column(Text, default="")
    disallowed_words: Mapped[str] = mapped_column(Text, default="")
    flood_seconds: Mapped[int] = mapped_column(default=DEFAULT_RULES.flood_seconds)
    thread_depth: Mapped[int] = mapped_column(default=DEFAULT_RULES.thread_depth)
    per_page: Mapped[int] = mapped_column(default=DEFAULT_RULES.per_page)
    signed_in_only: Mapped[bool] = mapped_column(default=DEFAULT_RULES.signed_in_only)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MailOptOut(db.Model):
    """An address that asked for no more mail about its comments."""

    __tablename__ = "mail_opt_outs"

    email: Mapped[str] = mapped_column(String(ACCOUNT_EMAIL_MAX), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
