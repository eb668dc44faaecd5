"""A user's earnings, cash-outs, fund spending, fund settings and the milestone moves made."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.database import utcnow
from planner.earnings import fund, rules
from planner.earnings.money import DEFAULT_CURRENCY
from planner.extensions import db
from planner.roadmaps.models import _one_of

# Every table here goes with its user through ON DELETE CASCADE, as roadmaps do.
_OWNER = "users.id"


class Earning(db.Model):
    """Money earned on one platform on one day, for one kind of task."""

    __tablename__ = "earnings"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(_one_of("kind", tuple(rules.KINDS)), name="kind"),
        Index("ix_earnings_user_day", "user_id", "day", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    platform: Mapped[str] = mapped_column(String(rules.PLATFORM_MAX))
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int]  # minor units of currency
    currency: Mapped[str] = mapped_column(String(3))
    minutes: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def kind_label(self) -> str:
        """The kind of task as shown to people."""
        return rules.KINDS[self.kind]


class CashOut(db.Model):
    """Money moved off a platform; fund_share is what the fund rule took from it then."""

    __tablename__ = "cash_outs"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("fund_share >= 0 AND fund_share <= amount", name="share_within"),
        CheckConstraint(_one_of("destination", tuple(rules.DESTINATIONS)), name="destination"),
        # The dashboard's newest few, read from the index's end however many there are.
        Index("ix_cash_outs_user_day", "user_id", "day", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    platform: Mapped[str] = mapped_column(String(rules.PLATFORM_MAX))
    destination: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    fund_share: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def destination_label(self) -> str:
        """Where the money went, as shown to people."""
        return rules.DESTINATIONS[self.destination]


class FundSpend(db.Model):
    """Money taken from the learning fund for a course, a tool or a book."""

    __tablename__ = "fund_spends"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_fund_spends_user_day", "user_id", "day", "id"),  # as the cash-outs'
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(rules.LABEL_MAX))
    amount: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EarningsSettings(db.Model):
    """One user's default currency, fund rule and fund goal."""

    __tablename__ = "earnings_settings"
    __table_args__ = (
        CheckConstraint(f"percent >= {fund.PERCENT_MIN} AND percent <= {fund.PERCENT_MAX}",
                        name="percent_range"),
        CheckConstraint("goal_amount IS NULL OR goal_amount > 0", name="goal_positive"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"),
                                         primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), default=DEFAULT_CURRENCY)
    percent: Mapped[int] = mapped_column(default=fund.DEFAULT_PERCENT)
    goal_label: Mapped[str] = mapped_column(String(rules.LABEL_MAX), default="")
    goal_amount: Mapped[int | None]
    goal_currency: Mapped[str | None] = mapped_column(String(3))


class MilestoneMove(db.Model):
    """A status change the earnings data made to a milestone, kept so it can be undone."""

    __tablename__ = "milestone_moves"
    __table_args__ = (Index("ix_milestone_moves_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(_OWNER, ondelete="CASCADE"))
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestones.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str] = mapped_column(String(8))
    to_status: Mapped[str] = mapped_column(String(8))
    message: Mapped[str] = mapped_column(String(400))
    undone: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
