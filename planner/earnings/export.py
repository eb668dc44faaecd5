"""The earnings part of a data export: entries, cash-outs, fund spending and settings."""

from sqlalchemy import select

from planner.dates import iso_time
from planner.earnings.models import CashOut, Earning, EarningsSettings, FundSpend, MilestoneMove
from planner.extensions import db


def _rows(statement) -> list[dict]:
    """Rows as objects keyed by column name, dates and moments in ISO 8601."""
    return [
        {key: iso_time(value) if hasattr(value, "isoformat") else value
         for key, value in row._mapping.items()}
        for row in db.session.execute(statement)
    ]


def export_section(user_id: int) -> tuple[str, dict]:
    """("earnings", {...}) in five queries; amounts are whole minor units of their currency."""
    settings = db.session.get(EarningsSettings, user_id)
    return "earnings", {
        "settings": None if settings is None else {
            "currency": settings.currency,
            "fund_percent": settings.percent,
            "goal_label": settings.goal_label,
            "goal_amount": settings.goal_amount,
            "goal_currency": settings.goal_currency,
        },
        "entries": _rows(
            select(Earning.day, Earning.platform, Earning.kind, Earning.amount,
                   Earning.currency, Earning.minutes, Earning.created_at)
            .where(Earning.user_id == user_id).order_by(Earning.day, Earning.id)
        ),
        "cash_outs": _rows(
            select(CashOut.day, CashOut.platform, CashOut.destination, CashOut.amount,
                   CashOut.currency, CashOut.fund_share, CashOut.created_at)
            .where(CashOut.user_id == user_id).order_by(CashOut.day, CashOut.id)
        ),
        "fund_spending": _rows(
            select(FundSpend.day, FundSpend.label, FundSpend.amount, FundSpend.currency,
                   FundSpend.created_at)
            .where(FundSpend.user_id == user_id).order_by(FundSpend.day, FundSpend.id)
        ),
        # What the earnings moved on the roadmaps; the ids are those of the roadmaps section.
        "milestone_moves": _rows(
            select(MilestoneMove.milestone_id, MilestoneMove.from_status,
                   MilestoneMove.to_status, MilestoneMove.message, MilestoneMove.undone,
                   MilestoneMove.created_at)
            .where(MilestoneMove.user_id == user_id)
            .order_by(MilestoneMove.created_at, MilestoneMove.id)
        ),
    }
