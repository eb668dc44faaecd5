"""Audit entries, the editable moderation rules, and addresses that asked for no mail."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner.accounts.rules import EMAIL_MAX
from planner.database import utcnow
from planner.extensions import db


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


class ModerationSettings(db.Model):
    """The rules in force; a single row (id 1), absent until an admin first saves them."""

    __tablename__ = "moderation_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    manual_approval: Mapped[bool] = mapped_column(default=False)
    require_approved_author: Mapped[bool] = mapped_column(default=True)
    link_threshold: Mapped[int] = mapped_column(default=2)
    # One word or phrase per line.
    moderation_words: Mapped[str] = mapped_column(Text, default="")
    disallowed_words: Mapped[str] = mapped_column(Text, default="")
    flood_seconds: Mapped[int] = mapped_column(default=15)
    thread_depth: Mapped[int] = mapped_column(default=3)
    per_page: Mapped[int] = mapped_column(default=20)
    signed_in_only: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MailOptOut(db.Model):
    """An address that asked for no more mail about its comments."""

    __tablename__ = "mail_opt_outs"

    email: Mapped[str] = mapped_column(String(EMAIL_MAX), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
