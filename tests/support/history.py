"""Milestone history for tests and the figures script: reading it back, filling it in bulk and
seeding a year of activity."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, update

from planner.database import utcnow
from planner.extensions import db
from planner.roadmaps import timeline
from planner.roadmaps.models import Milestone, MilestoneEvent, Roadmap
from planner.roadmaps.service import create_roadmap

YEAR_DAYS = 365


def events_of(app, roadmap_id: int) -> list[tuple]:
    """The roadmap's history, oldest first, as (kind, field, old, new, milestone id, title,
    actor, actor id)."""
    with app.app_context():
        rows = db.session.execute(
            select(MilestoneEvent.kind, MilestoneEvent.field, MilestoneEvent.old_value,
                   MilestoneEvent.new_value, MilestoneEvent.milestone_id, MilestoneEvent.title,
                   MilestoneEvent.actor, MilestoneEvent.actor_id)
            .where(MilestoneEvent.roadmap_id == roadmap_id)
            .order_by(MilestoneEvent.id)
        ).all()
        return [tuple(row) for row in rows]


def count_events(app) -> int:
    """How many history rows exist, of every roadmap."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(MilestoneEvent))


def bulk_history(app, roadmap_id: int, count: int, *, days: int = YEAR_DAYS) -> None:
    """Add count changes to a roadmap's history, spread over the last days, of every kind the
    pages read (statuses to done among them), in a few statements."""
    with app.app_context():
        milestones = db.session.execute(
            select(Milestone.id, Milestone.title, Milestone.track, Roadmap.user_id)
            .join(Roadmap).where(Milestone.roadmap_id == roadmap_id)
        ).all()
        now = utcnow()
        step = timedelta(days=days) / max(count, 1)
        kinds = [(timeline.STATUS, timeline.STATUS, "todo", "doing"),
                 (timeline.STATUS, timeline.STATUS, "doing", "done"),
                 (timeline.EDITED, timeline.TITLE, "Old", "New"),
                 (timeline.MOVED, timeline.POSITION, "2", "1"),
                 (timeline.TIME, timeline.MINUTES, "0", "30")]
        rows = []
        for n in range(count):
            milestone = milestones[n % len(milestones)]
            kind, field, old, new = kinds[n % len(kinds)]
            rows.append({
                "roadmap_id": roadmap_id, "milestone_id": milestone.id,
                "actor_id": milestone.user_id, "actor": timeline.PERSON, "kind": kind,
                "field": field, "old_value": old, "new_value": new, "title": milestone.title,
                "track": milestone.track, "created_at": now - timedelta(days=days) + step * n,
            })
        for start in range(0, len(rows), 2000):
            db.session.execute(insert(MilestoneEvent), rows[start:start + 2000])
        db.session.commit()


@dataclass(frozen=True)
class Year:
    """A roadmap seeded with a year of activity."""

    roadmap_id: int
    milestones: int
    events: int
    done: int


def seed_year(app, user, *, seed: int = 2026, custom: int = 80, now: datetime | None = None
              ) -> Year:
    """A recommended roadmap started a year ago, with custom milestones added through the
    year; each is started, then mostly done (some skipped, a few left open), on working days
    most weeks, with quiet spells and a streak running up to today. Deterministic per seed."""
    rng = random.Random(seed)
    now = now or utcnow()
    born = now - timedelta(days=YEAR_DAYS - 1)
    with app.app_context():
        roadmap = create_roadmap(user, "A year of it", "recommended", app.extensions["library"])
        for n in range(1, custom + 1):
            db.session.add(Milestone(roadmap_id=roadmap.id, track="custom", position=n,
                                     title=f"Practice task {n}", status="todo"))
        db.session.flush()
        milestones = list(db.session.scalars(
            select(Milestone).where(Milestone.roadmap_id == roadmap.id).order_by(Milestone.id)))
        roadmap.created_at = born
        db.session.execute(update(MilestoneEvent).where(MilestoneEvent.roadmap_id == roadmap.id)
                           .values(created_at=born))
        rows = _year_of_events(rng, roadmap.id, user.id, milestones, born, now)
        db.session.execute(insert(MilestoneEvent), rows)
        db.session.commit()
        done = sum(1 for m in milestones if m.status == "done")
        events = db.session.scalar(select(func.count()).select_from(MilestoneEvent)
                                   .where(MilestoneEvent.roadmap_id == roadmap.id))
        return Year(roadmap.id, len(milestones), events, done)


def _year_of_events(rng, roadmap_id, user_id, milestones, born, now) -> list[dict]:
    """The events of the seeded year, the milestones' final states set to match."""
    rows = []
    quiet = {rng.randrange(20, YEAR_DAYS - 30) for _ in range(6)}  # starts of quiet spells
    quiet_days = {d + k for d in quiet for k in range(rng.randrange(4, 12))}
    span = YEAR_DAYS - 8

    def event(milestone, kind, field, old, new, at):
        rows.append({"roadmap_id": roadmap_id, "milestone_id": milestone.id, "actor_id": user_id,
                     "actor": timeline.PERSON, "kind": kind, "field": field, "old_value": old,
                     "new_value": new, "title": milestone.title, "track": milestone.track,
                     "created_at": at})

    for n, milestone in enumerate(milestones):
        added = 0 if milestone.track != "custom" else int(n * span / len(milestones))
        milestone.created_at = born + timedelta(days=added)
        if added:
            event(milestone, timeline.ADDED, None, None, "todo", milestone.created_at)
        started = _working_day(added + rng.randrange(0, 4), quiet_days)
        if started >= YEAR_DAYS:
            continue
        start_at = born + timedelta(days=started, hours=rng.randrange(8, 20))
        event(milestone, timeline.STATUS, timeline.STATUS, "todo", "doing", start_at)
        milestone.status, milestone.status_changed_at = "doing", start_at
        if rng.random() < 0.3:
            milestone.minutes_spent = rng.randrange(15, 240)
            event(milestone, timeline.TIME, timeline.MINUTES, "0", str(milestone.minutes_spent),
                  start_at + timedelta(minutes=30))
        finished = _working_day(started + rng.randrange(1, 9), quiet_days)
        if finished >= YEAR_DAYS - 5 or rng.random() < 0.06:
            continue  # still in progress
        end = "skipped" if rng.random() < 0.08 else "done"
        # Some evenings run late: 23:30 counts for that day where the owner lives.
        at = born + timedelta(days=finished, hours=rng.choice((9, 13, 18, 21, 23)), minutes=30)
        event(milestone, timeline.STATUS, timeline.STATUS, "doing", end, at)
        milestone.status, milestone.status_changed_at = end, at
        milestone.done_at = at if end == "done" else None
        milestone.skipped_at = at if end == "skipped" else None
    open_ones = [m for m in reversed(milestones) if m.status != "done"]
    for days_ago, milestone in zip(range(5), open_ones, strict=False):  # a streak up to today
        at = now - timedelta(days=days_ago, minutes=5)
        event(milestone, timeline.STATUS, timeline.STATUS, milestone.status, "done", at)
        milestone.status, milestone.done_at, milestone.status_changed_at = "done", at, at
    return rows


def _working_day(day: int, quiet: set[int]) -> int:
    """The first day from day on that is neither a weekend nor in a quiet spell."""
    while day % 7 in (5, 6) or day in quiet:
        day += 1
    return day
