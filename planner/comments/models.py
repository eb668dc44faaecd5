"""A comment on one section of one guide."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner.accounts.rules import EMAIL_MAX as ACCOUNT_EMAIL_MAX
from planner.database import utcnow
from planner.extensions import db

PENDING = "pending"
APPROVED = "approved"
SPAM = "spam"
TRASH = "trash"
STATUSES = (PENDING, APPROVED, SPAM, TRASH)
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
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        Index("ix_comments_thread", "guide_slug", "section_key", "status", "created_at"),
        Index("ix_comments_author_email", "author_email"),
        Index("ix_comments_user_id", "user_id"),
        Index("ix_comments_parent_id", "parent_id"),
        Index("ix_comments_author_ip", "author_ip"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_slug: Mapped[str] = mapped_column(String(64))
    section_key: Mapped[str] = mapped_column(String(64))
    # Deleting a comment that has replies must re-parent them first (service.delete_comments).
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
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
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
        return self.status == APPROVED

    @property
    def is_pending(self) -> bool:
        """True while the comment waits for moderation."""
        return self.status == PENDING
