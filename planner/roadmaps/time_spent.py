"""Time logged against a milestone: a running total on the milestone, and each entry in the
history (from the total before to the total after), saved together."""

from sqlalchemy import update

from planner import idempotency
from planner.extensions import db
from planner.roadmaps import history, rules, timeline
from planner.roadmaps.history import Actor
from planner.roadmaps.milestones import owned_roadmaps, roadmap_progress
from planner.roadmaps.models import Milestone
from planner.roadmaps.progress import Progress

LOG_TIME = "log-time"  # the idempotency action of the time form


class NotLogged(Exception):
    """Nothing was logged: the milestone is not owner's, or its total would pass the cap."""


def log_time(owner, roadmap_id: int, milestone_id: int, minutes: int, key: str | None = None,
             actor: Actor | None = None) -> tuple[Milestone, Progress]:
    """Add minutes to owner's milestone in one UPDATE that also keeps the cap; return the
    milestone and the roadmap's progress.

    With a form's idempotency key, a twin submission that committed first raises AlreadyDone.
    """
    if not rules.MINUTES_MIN <= minutes <= rules.MINUTES_MAX:
        raise ValueError(f"minutes out of range: {minutes}")
    statement = (
        update(Milestone)
        .where(Milestone.id == milestone_id, Milestone.roadmap_id == roadmap_id,
               Milestone.roadmap_id.in_(owned_roadmaps(owner)),
               Milestone.minutes_spent <= rules.MINUTES_TOTAL_MAX - minutes)
        .values(minutes_spent=Milestone.minutes_spent + minutes)
        .returning(Milestone)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    milestone = db.session.scalars(statement).one_or_none()
    if milestone is None:
        db.session.rollback()
        raise NotLogged
    total = milestone.minutes_spent
    event = history.record(milestone, history.actor_of(owner, actor), timeline.TIME,
                           timeline.MINUTES, str(total - minutes), str(total))
    db.session.flush()
    progress = roadmap_progress(roadmap_id)
    # Out of the session, the milestone keeps its values through the commit.
    db.session.expunge(milestone)
    idempotency.commit_once(key, owner.id, LOG_TIME, event.id)
    return milestone, progress
