"""Milestone work: status, edits, custom milestones, reordering and deletion, each change
recorded in the history (history.py) in its own transaction."""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from flask import abort
from sqlalchemy import case, func, select, update

from planner import idempotency
from planner.database import utcnow
from planner.extensions import db
from planner.roadmaps import history, rules, timeline
from planner.roadmaps.history import Actor
from planner.roadmaps.models import Milestone, Roadmap
from planner.roadmaps.progress import Progress, summarize_counts

ADD_MILESTONE = "add-milestone"  # the idempotency action of the add form


class RoadmapFull(Exception):
    """The roadmap already holds rules.MILESTONES_MAX milestones."""


@dataclass(frozen=True)
class Details:
    """The fields a person edits on a milestone."""

    title: str
    notes: str = ""
    target_date: date | None = None
    evidence_url: str | None = None


@dataclass(frozen=True)
class TrackChange:
    """A track after a structural change: its milestones in order, and the new progress."""

    roadmap_id: int
    track: str
    milestones: tuple[Milestone, ...]
    progress: Progress
    milestone: Milestone


@dataclass(frozen=True)
class StatusChange:
    """A status change as committed: the milestone, its roadmap's progress, and what the
    caller asked to read in the same transaction (None when it asked for nothing)."""

    milestone: Milestone
    progress: Progress
    read: Any = None


def get_milestone_or_404(
    roadmap_id: int, milestone_id: int, owner, *, for_update: bool = False
) -> Milestone:
    """Return owner's milestone in this roadmap, or answer 404 (one query)."""
    statement = (
        select(Milestone)
        .join(Roadmap)
        .where(
            Milestone.id == milestone_id,
            Milestone.roadmap_id == roadmap_id,
            Roadmap.user_id == owner.id,
        )
    )
    if for_update:
        statement = statement.with_for_update(of=Roadmap)
    milestone = db.session.scalar(statement)
    if milestone is None:
        abort(404)
    return milestone


def owned_roadmaps(owner):
    """The ids of owner's roadmaps, as a subquery that scopes a write to them."""
    return select(Roadmap.id).where(Roadmap.user_id == owner.id)


def roadmap_progress(roadmap_id: int) -> Progress:
    """The progress of one roadmap, time logged included, from a single aggregate query."""
    rows = db.session.execute(
        select(Milestone.track, Milestone.status, func.count(), func.sum(Milestone.minutes_spent))
        .where(Milestone.roadmap_id == roadmap_id)
        .group_by(Milestone.track, Milestone.status)
    ).all()
    return summarize_counts(tuple(row) for row in rows)


def set_status(owner, roadmap_id: int, milestone_id: int, status: str,
               actor: Actor | None = None, read: Callable[[], Any] | None = None
               ) -> StatusChange:
    """Set the status the client asked for in one idempotent UPDATE; 404 when not owner's.

    Setting the status a milestone already has changes nothing, not even its timestamps or
    its history, so repeats and races are harmless. The actor is owner unless said otherwise
    (history.AUTOMATIC). read, when given, runs after the change and before the commit, so
    what the answer shows beside the milestone needs no second transaction.
    """
    if status not in rules.STATUSES:
        raise ValueError(f"unknown status {status!r}")
    now = utcnow()
    history.record_status_change(owner.id, roadmap_id, milestone_id, status,
                                 history.actor_of(owner, actor), now)
    statement = (
        update(Milestone)
        .where(
            Milestone.id == milestone_id,
            Milestone.roadmap_id == roadmap_id,
            Milestone.roadmap_id.in_(owned_roadmaps(owner)),
        )
        .values(
            status=status,
            status_changed_at=case(
                (Milestone.status == status, Milestone.status_changed_at), else_=now
            ),
            done_at=_stamp(rules.DONE, status, Milestone.done_at, now),
            skipped_at=_stamp(rules.SKIPPED, status, Milestone.skipped_at, now),
        )
        .returning(Milestone)
        .execution_options(synchronize_session=False)
    )
    milestone = db.session.scalars(statement).one_or_none()
    if milestone is None:
        db.session.rollback()
        abort(404)
    progress = roadmap_progress(roadmap_id)
    also = read() if read is not None else None
    _commit_keeping(milestone)
    return StatusChange(milestone, progress, also)


def _stamp(kind: str, wanted: str, column, now: datetime):
    """The new value of done_at/skipped_at: kept when already in that state, else now/None."""
    if wanted != kind:
        return None
    return case((Milestone.status == kind, column), else_=now)


def update_details(milestone: Milestone, details: Details, actor: Actor) -> Progress:
    """Save edited details, recording each field that changed; only the columns edited are
    written, so a status change racing with an edit is kept."""
    before = {field: getattr(milestone, field) for field in timeline.EDITABLE}
    changes = timeline.changed_fields(before, asdict(details))
    milestone.title = details.title
    milestone.notes = details.notes
    milestone.target_date = details.target_date
    milestone.evidence_url = details.evidence_url
    now = utcnow()
    for field, old, new in changes:
        history.record(milestone, actor, timeline.EDITED, field, old, new, at=now)
    db.session.flush()
    progress = roadmap_progress(milestone.roadmap_id)
    _commit_keeping(milestone)
    return progress


def add_milestone(
    roadmap: Roadmap, track: str, position: int | None, details: Details, key: str | None = None,
    actor: Actor | None = None,
):
    """Insert a custom milestone into a track at a 1-based position (clamped to the track).

    With a form's idempotency key, a twin submission that committed first raises AlreadyDone;
    a roadmap that is full raises RoadmapFull.
    """
    held = db.session.scalar(select(func.count()).where(Milestone.roadmap_id == roadmap.id))
    if held >= rules.MILESTONES_MAX:
        raise RoadmapFull
    siblings = _track_milestones(roadmap.id, track)
    milestone = Milestone(
        roadmap_id=roadmap.id,
        track=track,
        position=0,
        title=details.title,
        notes=details.notes,
        target_date=details.target_date,
        evidence_url=details.evidence_url,
        status=rules.TODO,
    )
    index = rules.insert_index(position, len(siblings)) - 1
    ordered = [*siblings[:index], milestone, *siblings[index:]]
    db.session.add(milestone)
    _renumber(ordered)
    db.session.flush()
    history.record(milestone, actor or Actor(timeline.PERSON, roadmap.user_id), timeline.ADDED,
                   new=milestone.status)
    progress = roadmap_progress(roadmap.id)
    _detach(*ordered, milestone)
    idempotency.commit_once(key, roadmap.user_id, ADD_MILESTONE, milestone.id)
    return TrackChange(roadmap.id, track, tuple(ordered), progress, milestone)


def move_milestone(milestone: Milestone, direction: str, actor: Actor
                   ) -> tuple[TrackChange, bool]:
    """Swap a milestone with its neighbour in the track; also say whether it moved.

    The history records the move of the milestone asked for, not of the neighbour it swaps with.
    """
    siblings = _track_milestones(milestone.roadmap_id, milestone.track)
    by_id = {m.id: m for m in siblings}
    order = rules.moved([m.id for m in siblings], milestone.id, direction)
    ordered = [by_id[i] for i in order]
    changed = ordered != siblings
    if changed:
        before = [m.id for m in siblings].index(milestone.id) + 1
        history.record(milestone, actor, timeline.MOVED, timeline.POSITION, str(before),
                       str(order.index(milestone.id) + 1))
    _renumber(ordered)
    return _finish(milestone.roadmap_id, milestone.track, ordered, milestone), changed


def move_to_track(milestone: Milestone, track: str, actor: Actor
                  ) -> tuple[TrackChange, tuple, bool]:
    """Move a milestone to the end of another track; also return the track it left (in its
    new order) and whether it moved. Asking for the track it is in changes nothing."""
    source = milestone.track
    if track == source:
        siblings = _track_milestones(milestone.roadmap_id, source)
        return _finish(milestone.roadmap_id, source, siblings, milestone), tuple(siblings), False
    left = [m for m in _track_milestones(milestone.roadmap_id, source) if m.id != milestone.id]
    joined = [*_track_milestones(milestone.roadmap_id, track), milestone]
    milestone.track = track
    history.record(milestone, actor, timeline.MOVED, timeline.TRACK, source, track)
    _renumber(left)
    _renumber(joined)
    return _finish(milestone.roadmap_id, track, joined, milestone, *left), tuple(left), True


def delete_milestone(milestone: Milestone, actor: Actor) -> TrackChange:
    """Delete a milestone and close the gap it leaves in its track; its history stays."""
    siblings = _track_milestones(milestone.roadmap_id, milestone.track)
    remaining = [m for m in siblings if m.id != milestone.id]
    history.record(milestone, actor, timeline.DELETED, old=milestone.status)
    db.session.delete(milestone)
    _renumber(remaining)
    return _finish(milestone.roadmap_id, milestone.track, remaining, milestone)


def _track_milestones(roadmap_id: int, track: str) -> list[Milestone]:
    """The milestones of one track in order (one query)."""
    return list(
        db.session.scalars(
            select(Milestone)
            .where(Milestone.roadmap_id == roadmap_id, Milestone.track == track)
            .order_by(Milestone.position, Milestone.id)
        )
    )


def _renumber(ordered: list[Milestone]) -> None:
    """Number the milestones 1, 2, 3... in this order, touching only those that change."""
    for position, milestone in enumerate(ordered, start=1):
        if milestone.position != position:
            milestone.position = position


def _finish(roadmap_id: int, track: str, ordered: list, milestone: Milestone,
            *others: Milestone) -> TrackChange:
    """Write the changes, read the new progress and commit, keeping the objects readable."""
    db.session.flush()
    progress = roadmap_progress(roadmap_id)
    _commit_keeping(*ordered, milestone, *others)
    return TrackChange(roadmap_id, track, tuple(ordered), progress, milestone)


def _commit_keeping(*objects) -> None:
    """Commit, leaving the given objects loaded so the answer renders without new queries."""
    _detach(*objects)
    db.session.commit()


def _detach(*objects) -> None:
    """Take flushed objects out of the session, so a commit does not expire them."""
    session = db.session
    for obj in objects:
        if obj in session:
            session.expunge(obj)
