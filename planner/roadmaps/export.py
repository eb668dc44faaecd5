"""The roadmaps and history parts of a data export, and the milestones as rows for a
spreadsheet."""

from collections import defaultdict

from sqlalchemy import case, select

from planner.dates import iso_time
from planner.extensions import db
from planner.roadmaps import rules
from planner.roadmaps.models import Milestone, MilestoneEvent, Roadmap

# Milestones in the order the roadmap page shows them: by track, then by place in the track.
PAGE_ORDER = (
    Milestone.roadmap_id,
    case({track: n for n, track in enumerate(rules.TRACKS)}, value=Milestone.track),
    Milestone.position,
    Milestone.id,
)
CSV_HEADER = ("Roadmap", "Track", "Title", "Status", "Target date", "Done on", "Notes",
              "Evidence link")


def _when(moment) -> str | None:
    return iso_time(moment) if moment is not None else None


def _milestones_of(user_id: int):
    """Every milestone of the user's roadmaps in page order, as rows (one query)."""
    return db.session.execute(
        select(Milestone.id, Milestone.roadmap_id, Milestone.track, Milestone.step_key,
               Milestone.title, Milestone.status, Milestone.notes, Milestone.target_date,
               Milestone.evidence_url, Milestone.status_changed_at, Milestone.done_at,
               Milestone.skipped_at, Milestone.created_at, Milestone.minutes_spent)
        .join(Roadmap, Roadmap.id == Milestone.roadmap_id)
        .where(Roadmap.user_id == user_id)
        .order_by(*PAGE_ORDER)
    ).all()


def _roadmaps_of(user_id: int):
    """The user's roadmaps, oldest first, as rows (one query)."""
    return db.session.execute(
        select(Roadmap.id, Roadmap.name, Roadmap.template, Roadmap.created_at)
        .where(Roadmap.user_id == user_id)
        .order_by(Roadmap.created_at, Roadmap.id)
    ).all()


def export_section(user_id: int) -> tuple[str, list[dict]]:
    """("roadmaps", [...]): each roadmap with every field of its milestones, in two queries."""
    by_roadmap: dict[int, list[dict]] = defaultdict(list)
    for m in _milestones_of(user_id):
        by_roadmap[m.roadmap_id].append({
            "id": m.id,
            "track": m.track,
            "step_key": m.step_key,
            "title": m.title,
            "status": m.status,
            "notes": m.notes,
            "target_date": m.target_date.isoformat() if m.target_date else None,
            "evidence_url": m.evidence_url,
            "status_changed_at": _when(m.status_changed_at),
            "done_at": _when(m.done_at),
            "skipped_at": _when(m.skipped_at),
            "created_at": _when(m.created_at),
            "minutes_spent": m.minutes_spent,
        })
    return "roadmaps", [
        {"id": r.id, "name": r.name, "template": r.template, "created_at": _when(r.created_at),
         "milestones": by_roadmap[r.id]}
        for r in _roadmaps_of(user_id)
    ]


def history_section(user_id: int) -> tuple[str, list[dict]]:
    """("history", [...]): every change to the user's milestones, roadmap by roadmap, oldest
    first, in one query; roadmap_id and milestone_id are the ids of the roadmaps section (a
    deleted milestone's are not there, so each change carries its title and track)."""
    rows = db.session.execute(
        select(MilestoneEvent.roadmap_id, MilestoneEvent.milestone_id, MilestoneEvent.created_at,
               MilestoneEvent.kind, MilestoneEvent.field, MilestoneEvent.old_value,
               MilestoneEvent.new_value, MilestoneEvent.actor, MilestoneEvent.title,
               MilestoneEvent.track)
        .join(Roadmap, Roadmap.id == MilestoneEvent.roadmap_id)
        .where(Roadmap.user_id == user_id)
        .order_by(MilestoneEvent.roadmap_id, MilestoneEvent.created_at, MilestoneEvent.id)
    ).all()
    return "history", [
        {"roadmap_id": e.roadmap_id, "milestone_id": e.milestone_id, "at": _when(e.created_at),
         "kind": e.kind, "field": e.field, "from": e.old_value, "to": e.new_value,
         "by": e.actor, "title": e.title, "track": e.track}
        for e in rows
    ]


def milestone_rows(user_id: int) -> list[tuple[str, ...]]:
    """One row of text per milestone, roadmap by roadmap, under CSV_HEADER (two queries)."""
    names = {r.id: r.name for r in _roadmaps_of(user_id)}
    order = {roadmap_id: n for n, roadmap_id in enumerate(names)}
    rows = sorted(_milestones_of(user_id), key=lambda m: order[m.roadmap_id])  # stable
    return [
        (names[m.roadmap_id], rules.TRACK_LABELS[m.track], m.title,
         rules.STATUS_LABELS[m.status],
         m.target_date.isoformat() if m.target_date else "",
         m.done_at.date().isoformat() if m.done_at else "",
         m.notes, m.evidence_url or "")
        for m in rows
    ]
