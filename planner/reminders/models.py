"""The log of reminders sent: written before a reminder is queued, so none goes out twice."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planner.database import utcnow
from planner.extensions import db

# The milestone of a weekly summary, which is about all of them: 0 rather than NULL, since
# NULLs never collide in a unique constraint and the log would let a week through twice.
NO_MILESTONE = 0


class ReminderSent(db.Model):
    """One reminder that was claimed for sending: a week's summary, or one target date."""

    __tablename__ = "reminders_sent"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "milestone_id", "period",
                         name="uq_reminders_sent_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    # The milestone a target-date reminder is about (no foreign key: the log outlives it).
    milestone_id: Mapped[int] = mapped_column(default=NO_MILESTONE)
    # The Monday of a weekly summary; the target date a reminder was sent for (a changed
    # date is a new period, so it is reminded of again).
    period: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
