"""Everything the earnings page shows, read in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select

from planner.earnings import fund, pace, rules
from planner.earnings.models import (
    CashOut,
    Earning,
    EarningsSettings,
    FundSpend,
    MilestoneMove,
)
from planner.earnings.service import settings_of
from planner.extensions import db
from planner.roadmaps.models import Milestone

BAR_HEIGHT = 90  # of the chart's 100 units; the rest is room for the axis


@dataclass(frozen=True)
class Goal:
    """The fund's goal and how far it is."""

    label: str
    currency: str
    amount: int
    saved: int
    percent: int
    reached: bool
    estimate: date | None


@dataclass(frozen=True)
class Figures:
    """The "is it working?" numbers, each per currency."""

    week: dict[str, int]
    month: dict[str, int]
    total: dict[str, int]
    rates: list[pace.Rate]
    best: list[pace.Rate]
    chart: list[pace.Week]
    on_platforms: list[tuple[str, str, int]]
    chart_currency: str | None = None
    bars: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class FundState:
    """The learning fund per currency, and its goal."""

    percent: int
    saved: dict[str, int]
    spent: dict[str, int]
    goal: Goal | None
    recent_spends: list[FundSpend] = field(default_factory=list)

    @property
    def balances(self) -> list[tuple[str, int]]:
        """What the fund holds, per currency."""
        keys = sorted(set(self.saved) | set(self.spent))
        return [(c, self.saved.get(c, 0) - self.spent.get(c, 0)) for c in keys]


@dataclass(frozen=True)
class Dashboard:
    """The whole earnings page."""

    settings: EarningsSettings
    figures: Figures
    fund: FundState
    entries: list[Earning]
    page: int
    pages: int
    count: int
    cash_outs: list[CashOut]
    moves: list[tuple[MilestoneMove, str]]
    platforms: list[str]
    today: date


def earning_rows(user_id: int) -> list[pace.Row]:
    """The user's earnings summed per day, platform, kind and currency (one query)."""
    timed = case((Earning.minutes.is_not(None), Earning.amount), else_=0)
    rows = db.session.execute(
        select(Earning.day, Earning.platform, Earning.kind, Earning.currency,
               func.sum(Earning.amount), func.sum(timed),
               func.sum(func.coalesce(Earning.minutes, 0)))
        .where(Earning.user_id == user_id)
        .group_by(Earning.day, Earning.platform, Earning.kind, Earning.currency)
    ).all()
    return [pace.Row(r[0], r[1], r[2], r[3], int(r[4]), int(r[5]), int(r[6])) for r in rows]


def load(user, today: date, page: int) -> Dashboard:
    """Read the page: settings, sums, one page of entries, recent cash-outs and moves."""
    settings = settings_of(user.id)
    rows = earning_rows(user.id)
    cut = today - timedelta(days=pace.PACE_DAYS)
    recent_share = case((CashOut.day > cut, CashOut.fund_share), else_=0)
    cashed = db.session.execute(
        select(CashOut.platform, CashOut.currency, func.sum(CashOut.amount),
               func.sum(CashOut.fund_share), func.sum(recent_share))
        .where(CashOut.user_id == user.id).group_by(CashOut.platform, CashOut.currency)
    ).all()
    spent = dict(db.session.execute(
        select(FundSpend.currency, func.sum(FundSpend.amount))
        .where(FundSpend.user_id == user.id).group_by(FundSpend.currency)
    ).all())
    count, page, entries = _entries_page(user.id, page)
    cash_outs = db.session.scalars(
        select(CashOut).where(CashOut.user_id == user.id)
        .order_by(CashOut.day.desc(), CashOut.id.desc()).limit(rules.RECENT_CASH_OUTS)
    ).all()
    spends = db.session.scalars(
        select(FundSpend).where(FundSpend.user_id == user.id)
        .order_by(FundSpend.day.desc(), FundSpend.id.desc()).limit(rules.RECENT_CASH_OUTS)
    ).all()
    moves = db.session.execute(
        select(MilestoneMove, Milestone.title)
        .join(Milestone, Milestone.id == MilestoneMove.milestone_id)
        .where(MilestoneMove.user_id == user.id, MilestoneMove.undone.is_(False))
        .order_by(MilestoneMove.created_at.desc(), MilestoneMove.id.desc())
        .limit(rules.RECENT_MOVES)
    ).all()
    return Dashboard(
        settings=settings,
        figures=_figures(rows, cashed, today),
        fund=_fund(settings, cashed, {c: int(v) for c, v in spent.items()}, today, spends),
        entries=entries, page=page, pages=max(1, -(-count // rules.PER_PAGE)), count=count,
        cash_outs=list(cash_outs), moves=[(m, t) for m, t in moves],
        platforms=sorted({row.platform for row in rows}, key=str.casefold),
        today=today,
    )


def _entries_page(user_id: int, page: int) -> tuple[int, int, list[Earning]]:
    """How many entries there are, the page shown (the last when asked past it), its entries."""
    count = db.session.scalar(select(func.count()).where(Earning.user_id == user_id))
    page = min(page, max(1, -(-count // rules.PER_PAGE)))
    entries = db.session.scalars(
        select(Earning).where(Earning.user_id == user_id)
        .order_by(Earning.day.desc(), Earning.id.desc())
        .limit(rules.PER_PAGE).offset((page - 1) * rules.PER_PAGE)
    ).all()
    return count, page, list(entries)


def _figures(rows: list[pace.Row], cashed, today: date) -> Figures:
    """The figures from the day rows and the cash-outs summed per platform."""
    balance: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        balance[(row.platform, row.currency)] += row.amount
    for platform, currency, amount, _share, _recent in cashed:
        balance[(platform, currency)] -= int(amount)
    total, chart = pace.totals(rows), pace.weekly(rows, today)
    main = pace.main_currency(total)
    return Figures(
        week=pace.totals(rows, pace.week_start(today)),
        month=pace.totals(rows, today.replace(day=1)),
        total=total,
        rates=pace.hourly_rates(rows),
        best=pace.best_kinds(rows),
        chart=chart,
        on_platforms=sorted((p, c, v) for (p, c), v in balance.items() if v),
        chart_currency=main,
        bars=pace.bar_heights(chart, main, BAR_HEIGHT) if main else [],
    )


def _fund(settings, cashed, spent: dict[str, int], today: date, spends) -> FundState:
    """The fund per currency and the goal's progress and estimated date."""
    saved: dict[str, int] = defaultdict(int)
    recent: dict[str, int] = defaultdict(int)
    for _platform, currency, _amount, share, recent_share in cashed:
        saved[currency] += int(share)
        recent[currency] += int(recent_share)
    goal = None
    if settings.goal_amount and settings.goal_currency:
        currency, amount = settings.goal_currency, settings.goal_amount
        got = saved.get(currency, 0)
        goal = Goal(settings.goal_label, currency, amount, got, fund.progress_percent(got, amount),
                    fund.reached(got, amount), pace.estimate(amount - got, recent[currency], today))
    return FundState(settings.percent, dict(saved), spent, goal, list(spends))
