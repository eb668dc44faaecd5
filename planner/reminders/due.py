"""Who is due a reminder now: one query for the zones in use, one per batch of accounts.

Only accounts that asked for the kind and whose current address is confirmed are found; an
address changed since is unconfirmed again (accounts/service.py), so mail waits for it. The
reminders_sent log leaves out what was already claimed, so every batch is new work.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import and_, case, exists, false, or_, select

from planner.accounts.models import User
from planner.accounts.preferences import zone, zone_of
from planner.accounts.reminder_settings import COLUMNS, DAY_BEFORE, WEEKLY
from planner.extensions import db
from planner.reminders import schedule
from planner.reminders.models import NO_MILESTONE, ReminderSent
from planner.roadmaps import rules
from planner.roadmaps.models import Milestone, Roadmap

_TRACK_ORDER = case({track: n for n, track in enumerate(rules.TRACKS)}, value=Milestone.track)
_READER = (User.id, User.email, User.display_name, User.time_zone, User.locale)


@dataclass(frozen=True)
class Reader:
    """Whom a reminder goes to, and how its dates read."""

    id: int
    email: str
    name: str
    time_zone: str
    locale: str


@dataclass(frozen=True)
class WeeklyDue:
    """A weekly summary to send: the week, and one line per roadmap (oldest first)."""

    reader: Reader
    week: schedule.Week
    roadmaps: tuple[schedule.RoadmapWeek, ...]


@dataclass(frozen=True)
class TargetDue:
    """An open milestone whose target date is tomorrow where its owner lives."""

    milestone_id: int
    title: str
    roadmap_name: str
    target_date: date


@dataclass(frozen=True)
class DayBeforeDue:
    """The milestones one reader is to be reminded of now."""

    reader: Reader
    targets: tuple[TargetDue, ...]


def _wanting(kind: str):
    """Accounts that asked for this kind of reminder at a confirmed address."""
    return and_(COLUMNS[kind], User.email_verified_at.is_not(None))


def _zone_groups(kind: str, due: Callable[[datetime, tzinfo], date | None], now: datetime
                 ) -> dict[date, list[str]]:
    """The zones in use by readers of a kind, grouped by the day due there now (one query)."""
    names = db.session.scalars(select(User.time_zone).where(_wanting(kind)).distinct())
    groups: dict[date, list[str]] = defaultdict(list)
    for name in names:
        day = due(now, zone(name))
        if day is not None:
            groups[day].append(name)
    return groups


def _in(groups: dict[date, list[str]], condition: Callable[[date], object]):
    """SQL: the reader lives in a zone of a group, and condition holds for its day."""
    if not groups:
        return false()
    return or_(*(and_(User.time_zone.in_(names), condition(day)) for day, names in groups.items()))


def weekly(now: datetime, limit: int) -> list[WeeklyDue]:
    """Up to limit readers due their weekly summary, with what it says (two queries)."""
    groups = _zone_groups(WEEKLY, schedule.weekly_due, now)
    if not groups:
        return []
    unsent = _in(groups, lambda monday: ~exists().where(
        ReminderSent.user_id == User.id, ReminderSent.kind == WEEKLY,
        ReminderSent.milestone_id == NO_MILESTONE, ReminderSent.period == monday,
    ))
    due = (select(User.id).where(_wanting(WEEKLY), unsent).order_by(User.id).limit(limit)
           .subquery())
    # Milestones done before the earliest "last week" anywhere say nothing this week.
    since = datetime.combine(min(groups) - timedelta(days=8), time())
    rows = db.session.execute(
        select(*_READER, Roadmap.id.label("roadmap_id"), Roadmap.name,
               Milestone.id.label("milestone_id"), Milestone.title,
               Milestone.track, Milestone.position, Milestone.status, Milestone.done_at,
               Milestone.target_date)
        .select_from(due)
        .join(User, User.id == due.c.id)
        .outerjoin(Roadmap, Roadmap.user_id == User.id)
        .outerjoin(Milestone, and_(Milestone.roadmap_id == Roadmap.id, or_(
            Milestone.status.in_(schedule.OPEN), Milestone.done_at >= since)))
        .order_by(User.id, Roadmap.created_at, Roadmap.id)
    ).all()
    return _weekly_summaries(rows, now)


def _weekly_summaries(rows, now: datetime) -> list[WeeklyDue]:
    """Group the joined rows by reader, then by roadmap, and summarise each roadmap's week."""
    readers: dict[int, Reader] = {}
    # reader id -> roadmap id -> (name, milestones), roadmaps in the rows' oldest-first order
    roadmaps: dict[int, dict[int, tuple[str, list]]] = defaultdict(dict)
    for row in rows:
        readers.setdefault(row.id, Reader(*row[:5]))
        if row.roadmap_id is None:
            continue  # an account without roadmaps
        _, milestones = roadmaps[row.id].setdefault(row.roadmap_id, (row.name, []))
        if row.milestone_id is not None:
            milestones.append(schedule.MilestoneFacts(
                row.milestone_id, row.title, row.track, row.position, row.status, row.done_at,
                row.target_date,
            ))
    found = []
    for reader in readers.values():
        reader_zone = zone_of(reader)
        week = schedule.Week(schedule.weekly_due(now, reader_zone), reader_zone)
        lines = tuple(schedule.roadmap_week(name, facts, week)
                      for name, facts in roadmaps[reader.id].values())
        found.append(WeeklyDue(reader, week, lines))
    return found


def day_before(now: datetime, limit: int) -> list[DayBeforeDue]:
    """Up to limit readers with open milestones due tomorrow, not yet reminded (two queries)."""
    groups = _zone_groups(DAY_BEFORE, schedule.day_before_due, now)
    if not groups:
        return []
    matching = and_(
        _wanting(DAY_BEFORE),
        Milestone.status.in_(schedule.OPEN),
        _in(groups, lambda tomorrow: Milestone.target_date == tomorrow),
        ~exists().where(
            ReminderSent.user_id == User.id, ReminderSent.kind == DAY_BEFORE,
            ReminderSent.milestone_id == Milestone.id,
            ReminderSent.period == Milestone.target_date,
        ),
    )
    owned = (User.__table__.join(Roadmap, Roadmap.user_id == User.id)
             .join(Milestone, Milestone.roadmap_id == Roadmap.id))
    due = (select(User.id).select_from(owned).where(matching).group_by(User.id)
           .order_by(User.id).limit(limit).subquery())
    rows = db.session.execute(
        select(*_READER, Milestone.id.label("milestone_id"), Milestone.title,
               Roadmap.name, Milestone.target_date)
        .select_from(owned)
        .join(due, due.c.id == User.id)
        .where(matching)
        .order_by(User.id, Roadmap.created_at, Roadmap.id, _TRACK_ORDER, Milestone.position,
                  Milestone.id)
    ).all()
    readers: dict[int, Reader] = {}
    targets: dict[int, list[TargetDue]] = defaultdict(list)
    for row in rows:
        readers.setdefault(row.id, Reader(*row[:5]))
        targets[row.id].append(TargetDue(row.milestone_id, row.title, row.name,
                                         row.target_date))
    return [DayBeforeDue(reader, tuple(targets[reader.id])) for reader in readers.values()]
