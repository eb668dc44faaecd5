"""A roadmap's share link and a user's calendar feed: each a secret token, deleted to revoke."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.database import utcnow
from planner.extensions import db

# Kept as well as looked up by digest: the owner copies the same address again later.
TOKEN_LENGTH = 64
DIGEST_LENGTH = 64


class ShareLink(db.Model):
    """The one read-only link of a roadmap and what it shows beyond titles and statuses."""

    __tablename__ = "share_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Deleting the roadmap (or the account, through it) deletes its link.
    roadmap_id: Mapped[int] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="CASCADE"), unique=True
    )
    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH))
    token_digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), unique=True)
    show_notes: Mapped[bool] = mapped_column(default=False)
    show_evidence: Mapped[bool] = mapped_column(default=False)
    show_earnings: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CalendarFeed(db.Model):
    """The one calendar feed of a user: the target dates of all their roadmaps."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH))
    token_digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
