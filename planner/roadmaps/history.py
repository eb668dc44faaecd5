"""A roadmap's history: each change to a milestone recorded in the transaction that makes it,
and read back for the history page, the streak, the calendar and the weekly chart.

Nothing here commits: the change being recorded commits, and its record with it.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, literal, null, select

from planner.database import utcnow
from planner.extensions import db
from planner.roadmaps import timeline
from planner.roadmaps.models import Milestone, MilestoneEvent, Roadmap
from planner.roadmaps.rules import DONE, SKIPPED, TODO

# The columns an INSERT ... SELECT of a status change fills, in order.
_STATUS_COLUMNS = ("roadmap_id", "milestone_id", "actor_id", "actor", "kind", "field",
                   "old_value", "new_value", "title", "track", "created_at")


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a person (by id), or the app by itself."""

    kind: str
    user_id: int | None

    @classmethod
    def person(cls, user) -> "Actor":
        """The signed-in person."""
        return cls(timeline.PERSON, user.id)


AUTOMATIC = Actor(timeline.AUTOMATIC, None)


def actor_of(user, actor: Actor | None) -> Actor:
    """The actor given, or else the person acting."""
    return actor if actor is not None else Actor.person(user)


def record(milestone: Milestone, actor: Actor, kind: str, field: str | None = None,
           old: str | None = None, new: str | None = None, *,
           at: datetime | None = None) -> MilestoneEvent:
    """Add one change of a milestone to the session; it is saved with the change."""
    event = MilestoneEvent(
        roadmap_id=milestone.roadmap_id, milestone_id=milestone.id, actor_id=actor.user_id,
        actor=actor.kind, kind=kind, field=field, old_value=old, new_value=new,
        title=milestone.title, track=milestone.track, created_at=at or utcnow(),
    )
    db.session.add(event)
    return event


def record_added(milestones, actor: Actor) -> None:
    """One "added" change per milestone (flushed, so with ids), in one statement."""
    now = utcnow()
    rows = [
        {"roadmap_id": m.roadmap_id, "milestone_id": m.id, "actor_id": actor.user_id,
         "actor": actor.kind, "kind": timeline.ADDED, "field": None, "old_value": None,
         "new_value": m.status, "title": m.title, "track": m.track, "created_at": now}
        for m in milestones
    ]
    if rows:
        db.session.execute(insert(MilestoneEvent), rows)


def record_rebuilt(milestones, user_id: int) -> None:
    """For milestones made from saved rows (an import): the history those rows remember, in
    one statement: each added when it was made, then its status reached when it was stamped."""
    rows = []
    for m in milestones:
        base = {"roadmap_id": m.roadmap_id, "milestone_id": m.id, "actor_id": user_id,
                "actor": timeline.PERSON, "title": m.title, "track": m.track}
        rows.append({**base, "kind": timeline.ADDED, "field": None, "old_value": None,
                     "new_value": TODO, "created_at": m.created_at})
        reached = {DONE: m.done_at, SKIPPED: m.skipped_at}.get(m.status, m.status_changed_at)
        if m.status != TODO:
            rows.append({**base, "kind": timeline.STATUS, "field": timeline.STATUS,
                         "old_value": TODO, "new_value": m.status, "created_at": reached})
    if rows:
        db.session.execute(insert(MilestoneEvent), rows)


def record_status_change(owner_id: int, roadmap_id: int, milestone_id: int, status: str,
                         actor: Actor, now: datetime) -> None:
    """Record a status change before it is made, in one INSERT ... SELECT that reads the status
    it changes from; a milestone already in that status (or not owner's) records nothing.

    On PostgreSQL the SELECT locks the row, so of two requests racing to the same status the
    second reads the first one's result and records nothing, as its UPDATE changes nothing.
    """
    source = (
        select(
            Milestone.roadmap_id, Milestone.id,
            literal(actor.user_id, MilestoneEvent.actor_id.type) if actor.user_id else null(),
            literal(actor.kind), literal(timeline.STATUS), literal(timeline.STATUS),
            Milestone.status, literal(status), Milestone.title, Milestone.track,
            literal(now, MilestoneEvent.created_at.type),
        )
        .join(Roadmap, Roadmap.id == Milestone.roadmap_id)
        .where(Milestone.id == milestone_id, Milestone.roadmap_id == roadmap_id,
               Roadmap.user_id == owner_id, Milestone.status != status)
        .with_for_update(of=Milestone)
    )
    db.session.execute(insert(MilestoneEvent).from_select(_STATUS_COLUMNS, source))


@dataclass(frozen=True)
class HistoryPage:
    """One page of a roadmap's changes, newest first."""

    events: tuple[MilestoneEvent, ...]
    page: int
    has_older: bool

    @property
    def has_newer(self) -> bool:
        """True past the first page."""
        return self.page > 1


def history_page(roadmap_id: int, page: int) -> HistoryPage:
    """The changes on one page of the history (one query, whatever the history's length)."""
    size = timeline.PAGE_SIZE
    rows = db.session.scalars(
        select(MilestoneEvent)
        .where(MilestoneEvent.roadmap_id == roadmap_id)
        .order_by(MilestoneEvent.created_at.desc(), MilestoneEvent.id.desc())
        .offset((page - 1) * size)
        .limit(size + 1)
    ).all()
    return HistoryPage(tuple(rows[:size]), page, len(rows) > size)


def done_moments(roadmap_id: int, since: datetime) -> list[tuple[datetime, int]]:
    """When each milestone was moved to done since a stored (naive UTC) moment (one query)."""
    rows = db.session.execute(
        select(MilestoneEvent.created_at, MilestoneEvent.milestone_id)
        .where(MilestoneEvent.roadmap_id == roadmap_id,
               MilestoneEvent.kind == timeline.STATUS,
               MilestoneEvent.created_at >= since,
               MilestoneEvent.new_value == DONE)
    ).all()
    return [(moment, milestone_id) for moment, milestone_id in rows]


def lifecycle(roadmap_id: int) -> list[tuple[datetime, int, str, str | None]]:
    """Every addition, status change and deletion of the roadmap, oldest first (one query)."""
    rows = db.session.execute(
        select(MilestoneEvent.created_at, MilestoneEvent.milestone_id, MilestoneEvent.kind,
               MilestoneEvent.new_value)
        .where(MilestoneEvent.roadmap_id == roadmap_id,
               MilestoneEvent.kind.in_(timeline.LIFECYCLE))
        .order_by(MilestoneEvent.created_at, MilestoneEvent.id)
    ).all()
    return [tuple(row) for row in rows]
