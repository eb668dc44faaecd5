"""Roadmap-level work: listing, building, renaming and deleting roadmaps, adding guide steps."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from planner import idempotency
from planner.content import Guide, Library, Section
from planner.extensions import db
from planner.roadmaps import history, rules, timeline
from planner.roadmaps.history import Actor
from planner.roadmaps.models import Milestone, Roadmap
from planner.roadmaps.progress import Progress, summarize, summarize_counts

DEFAULT_NAME = "My roadmap"
CREATE_ROADMAP = "create-roadmap"  # the idempotency action of the builder


class RoadmapChoiceNeeded(Exception):
    """The user keeps several roadmaps and did not say which one to add a step to."""


@dataclass(frozen=True)
class RoadmapSummary:
    """A roadmap as listed on /roadmap, with its overall progress."""

    roadmap: Roadmap
    progress: Progress


@dataclass(frozen=True)
class RoadmapPage:
    """Everything the roadmap page shows: milestones grouped by track, and the progress."""

    roadmap: Roadmap
    tracks: tuple[tuple[str, tuple[Milestone, ...]], ...]
    progress: Progress


@dataclass(frozen=True)
class StepPicker:
    """What the "add to my roadmap" control of a guide step needs for one user."""

    track: str
    roadmaps: tuple[tuple[int, str], ...]
    # (roadmap id, step key) -> (milestone id, status) for each step a roadmap holds
    holding: dict[tuple[int, str], tuple[int, str]]

    def holders(self, key: str) -> list[tuple[int, str]]:
        """The user's roadmaps that already hold the step with this key."""
        return [r for r in self.roadmaps if (r[0], key) in self.holding]

    def milestone(self, roadmap_id: int, key: str) -> tuple[int, str]:
        """The id and status of the milestone this roadmap made of the step."""
        return self.holding[(roadmap_id, key)]

    def choices(self, key: str) -> list[tuple[int, str]]:
        """The user's roadmaps the step with this key could still be added to."""
        return [r for r in self.roadmaps if (r[0], key) not in self.holding]


@dataclass(frozen=True)
class StepAdded:
    """The outcome of adding a guide step: where it went and whether it was new there."""

    roadmap_id: int
    roadmap_name: str
    created: bool


def list_roadmaps(owner) -> list[RoadmapSummary]:
    """Return owner's roadmaps, oldest first, each with its progress (two queries)."""
    roadmaps = db.session.scalars(
        select(Roadmap).where(Roadmap.user_id == owner.id).order_by(Roadmap.created_at, Roadmap.id)
    ).all()
    rows = db.session.execute(
        select(Milestone.roadmap_id, Milestone.track, Milestone.status, func.count(),
               func.sum(Milestone.minutes_spent))
        .join(Roadmap)
        .where(Roadmap.user_id == owner.id)
        .group_by(Milestone.roadmap_id, Milestone.track, Milestone.status)
    ).all()
    counts: dict[int, list] = defaultdict(list)
    for roadmap_id, *row in rows:
        counts[roadmap_id].append(tuple(row))
    return [RoadmapSummary(r, summarize_counts(counts[r.id])) for r in roadmaps]


def get_roadmap_or_404(roadmap_id: int, owner, *, for_update: bool = False) -> Roadmap:
    """Return owner's roadmap with this id, or answer 404 (also for another user's)."""
    statement = select(Roadmap).where(Roadmap.id == roadmap_id, Roadmap.user_id == owner.id)
    if for_update:
        # Structural changes (insert, move, delete) on one roadmap queue up behind each other.
        statement = statement.with_for_update()
    roadmap = db.session.scalar(statement)
    if roadmap is None:
        abort(404)
    return roadmap


def load_roadmap_page(roadmap_id: int, owner) -> RoadmapPage:
    """Load a roadmap and all its milestones in two queries, whatever their number."""
    roadmap = db.session.scalar(
        select(Roadmap)
        .where(Roadmap.id == roadmap_id, Roadmap.user_id == owner.id)
        .options(selectinload(Roadmap.milestones))
    )
    if roadmap is None:
        abort(404)
    milestones = roadmap.milestones
    progress = summarize((m.track, m.status, m.minutes_spent) for m in milestones)
    return RoadmapPage(roadmap, rules.group_by_track(milestones), progress)


def guide_for_track(library: Library, track: str) -> Guide | None:
    """Return the step-by-step guide of a track, or None."""
    return next((g for g in library.guides if g.track == track), None)


def find_step_or_404(library: Library, track: str, key: str) -> tuple[Guide, Section]:
    """Return the guide and the step with this key in the track, or answer 404."""
    guide = guide_for_track(library, track)
    step = library.step(track, key) if guide else None
    if step is None:
        abort(404)
    return guide, step


@dataclass(frozen=True)
class MilestoneSpec:
    """A milestone to build a roadmap with: copied as it is, in the order given per track."""

    title: str
    track: str
    step_key: str | None = None
    target_date: date | None = None


def create_roadmap(
    owner, name: str, template_name: str, library: Library, key: str | None = None
) -> Roadmap:
    """Build a roadmap from a template, copying each step's key, title and track.

    With a form's idempotency key, a twin submission that committed first raises AlreadyDone.
    """
    template = rules.get_template(template_name)
    if template is None:
        raise ValueError(f"unknown template {template_name!r}")
    specs = []
    for track in template.tracks:
        guide = guide_for_track(library, track)
        specs += [MilestoneSpec(s.title, track, s.key) for s in (guide.steps if guide else ())]
    return build_roadmap(owner, name, template.name, specs, key)


def build_roadmap(owner, name: str, template_name: str, specs, key: str | None = None,
                  attach: Callable[[Roadmap], None] | None = None) -> Roadmap:
    """Build a roadmap from milestone specs; attach(roadmap) may add rows saved with it.

    The history gets one "added" change per milestone, written in one statement. With a
    form's idempotency key, a twin submission that committed first raises AlreadyDone.
    """
    if len(specs) > rules.MILESTONES_MAX:
        raise ValueError(rules.ROADMAP_FULL)
    roadmap = Roadmap(user_id=owner.id, name=name, template=template_name)
    positions: dict[str, int] = defaultdict(int)
    made = []
    for spec in specs:
        positions[spec.track] += 1
        made.append(Milestone(
            position=positions[spec.track], title=spec.title, track=spec.track,
            step_key=spec.step_key, target_date=spec.target_date, status=rules.TODO,
        ))
        roadmap.milestones.append(made[-1])
    db.session.add(roadmap)
    db.session.flush()
    # The list made here: reading roadmap.milestones of an empty roadmap would fix it as
    # empty, hiding milestones added to the roadmap later in the same session.
    history.record_added(made, Actor.person(owner))
    if attach is not None:
        attach(roadmap)
    idempotency.commit_once(key, owner.id, CREATE_ROADMAP, roadmap.id)
    return roadmap


def rename_roadmap(roadmap: Roadmap, name: str) -> None:
    """Give a roadmap a new name."""
    roadmap.name = name
    db.session.commit()


def delete_roadmap(roadmap: Roadmap) -> None:
    """Delete a roadmap; the database removes its milestones with it."""
    db.session.delete(roadmap)
    db.session.commit()


def step_picker(guide: Guide, user) -> StepPicker | None:
    """For a signed-in user, which roadmaps hold each step of guide (two queries); else None."""
    if guide.track is None or not getattr(user, "is_authenticated", False):
        return None
    roadmaps = db.session.execute(
        select(Roadmap.id, Roadmap.name)
        .where(Roadmap.user_id == user.id)
        .order_by(Roadmap.created_at, Roadmap.id)
    ).all()
    holding: dict[tuple[int, str], tuple[int, str]] = {}
    if roadmaps:
        rows = db.session.execute(
            select(Milestone.roadmap_id, Milestone.step_key, Milestone.id, Milestone.status)
            .join(Roadmap)
            .where(Roadmap.user_id == user.id, Milestone.track == guide.track)
            .where(Milestone.step_key.is_not(None))
        ).all()
        holding = {(row[0], row[1]): (row[2], row[3]) for row in rows}
    return StepPicker(guide.track, tuple((r[0], r[1]) for r in roadmaps), holding)


def add_step(owner, track: str, step: Section, roadmap_id: int | None) -> StepAdded:
    """Append a guide step to one of owner's roadmaps, unless it is already there."""
    roadmap = _roadmap_for_step(owner, roadmap_id)
    exists = db.session.scalar(
        select(Milestone.id).where(
            Milestone.roadmap_id == roadmap.id,
            Milestone.track == track,
            Milestone.step_key == step.key,
        )
    )
    if exists is not None:
        db.session.commit()
        return StepAdded(roadmap.id, roadmap.name, created=False)
    last = db.session.scalar(
        select(func.coalesce(func.max(Milestone.position), 0)).where(
            Milestone.roadmap_id == roadmap.id, Milestone.track == track
        )
    )
    milestone = Milestone(roadmap_id=roadmap.id, position=last + 1, title=step.title,
                          track=track, step_key=step.key, status=rules.TODO)
    roadmap_id, name = roadmap.id, roadmap.name
    try:
        db.session.add(milestone)
        db.session.flush()
        history.record(milestone, Actor.person(owner), timeline.ADDED, new=milestone.status)
        db.session.commit()
    except IntegrityError:
        # Another request added the same step a moment earlier: the step is there either way.
        db.session.rollback()
        return StepAdded(roadmap_id, name, created=False)
    return StepAdded(roadmap_id, name, created=True)


def _roadmap_for_step(owner, roadmap_id: int | None) -> Roadmap:
    """The roadmap a step goes to: the one named, the only one, or a new one."""
    if roadmap_id is not None:
        return get_roadmap_or_404(roadmap_id, owner, for_update=True)
    roadmaps = db.session.scalars(
        select(Roadmap).where(Roadmap.user_id == owner.id).limit(2).with_for_update()
    ).all()
    if len(roadmaps) > 1:
        raise RoadmapChoiceNeeded
    if roadmaps:
        return roadmaps[0]
    roadmap = Roadmap(user_id=owner.id, name=DEFAULT_NAME, template="empty")
    db.session.add(roadmap)
    db.session.flush()
    return roadmap
