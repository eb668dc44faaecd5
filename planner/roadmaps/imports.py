"""Reading the roadmaps of a data export and recreating them in the importing account.

read_section() checks everything first and raises schema.Invalid naming the first problem;
import_section() then adds the rows to the session, for the caller's one transaction.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from planner import schema
from planner.content import Library
from planner.database import utcnow
from planner.extensions import db
from planner.params import MAX_ID
from planner.roadmaps import history, rules
from planner.roadmaps.models import Milestone, Roadmap

STEP_KEY_MAX = 64  # the column's width
ROADMAP_FIELDS = ("id", "template", "created_at")
MILESTONE_FIELDS = ("id", "step_key", "notes", "target_date", "evidence_url",
                    "status_changed_at", "done_at", "skipped_at", "created_at", "minutes_spent")


@dataclass(frozen=True)
class ImportedMilestone:
    """A milestone as it will be saved; its place is its order in the file within its track."""

    track: str
    step_key: str | None
    title: str
    status: str
    notes: str
    target_date: date | None
    evidence_url: str | None
    status_changed_at: datetime
    done_at: datetime | None
    skipped_at: datetime | None
    created_at: datetime
    minutes_spent: int = 0


@dataclass(frozen=True)
class ImportedRoadmap:
    """A roadmap as it will be saved."""

    name: str
    template: str
    created_at: datetime
    milestones: tuple[ImportedMilestone, ...]


def read_section(raw, path: str, library: Library) -> tuple[ImportedRoadmap, ...]:
    """The roadmaps of a file, checked against the rules the forms apply."""
    found = schema.items(raw, path, rules.IMPORT_ROADMAPS_MAX)
    return tuple(_roadmap(value, schema.item(path, n), library) for n, value in enumerate(found))


def _roadmap(raw, path: str, library: Library) -> ImportedRoadmap:
    value = schema.record(raw, path, ("name", "milestones"), ROADMAP_FIELDS)
    _id(value, path)
    name = schema.text(value["name"], schema.child(path, "name"), rules.NAME_MAX)
    template = schema.choice(value.get("template", "empty"), schema.child(path, "template"),
                             rules.TEMPLATE_NAMES)
    created_at = _moment(value, path, "created_at") or utcnow()
    listed = schema.items(value["milestones"], schema.child(path, "milestones"),
                          rules.MILESTONES_MAX)
    milestones = []
    steps: dict[tuple[str, str], str] = {}
    for n, entry in enumerate(listed):
        where = schema.item(schema.child(path, "milestones"), n)
        milestone = _milestone(entry, where, library)
        if milestone.step_key is not None:
            earlier = steps.setdefault((milestone.track, milestone.step_key), where)
            if earlier != where:
                raise schema.Invalid(schema.child(where, "step_key"),
                                     f"the step “{milestone.step_key}” is already in this "
                                     f"roadmap at {earlier}")
        milestones.append(milestone)
    return ImportedRoadmap(name, template, created_at, tuple(milestones))


def _milestone(raw, path: str, library: Library) -> ImportedMilestone:
    value = schema.record(raw, path, ("title", "track", "status"), MILESTONE_FIELDS)
    _id(value, path)
    track = schema.choice(value["track"], schema.child(path, "track"), rules.TRACKS)
    status = schema.choice(value["status"], schema.child(path, "status"), rules.STATUSES)
    changed = _moment(value, path, "status_changed_at") or utcnow()
    done_at, skipped_at = _moment(value, path, "done_at"), _moment(value, path, "skipped_at")
    return ImportedMilestone(
        track=track,
        step_key=_step_key(value.get("step_key"), schema.child(path, "step_key"), track, library),
        title=schema.text(value["title"], schema.child(path, "title"), rules.TITLE_MAX),
        status=status,
        notes=schema.text(value.get("notes"), schema.child(path, "notes"), rules.NOTES_MAX,
                          required=False, lines=True),
        target_date=schema.day(value.get("target_date"), schema.child(path, "target_date"),
                               rules.YEAR_MIN, rules.YEAR_MAX, required=False),
        evidence_url=_link(value.get("evidence_url"), schema.child(path, "evidence_url")),
        status_changed_at=changed,
        # As the app keeps them: a stamp only while the milestone is in that status.
        done_at=(done_at or changed) if status == rules.DONE else None,
        skipped_at=(skipped_at or changed) if status == rules.SKIPPED else None,
        created_at=_moment(value, path, "created_at") or utcnow(),
        minutes_spent=schema.whole(value.get("minutes_spent", 0),
                                   schema.child(path, "minutes_spent"), 0,
                                   rules.MINUTES_TOTAL_MAX),
    )


def _id(value: dict, path: str) -> None:
    """Ids in the file are the old instance's: checked, then left behind."""
    if value.get("id") is not None:
        schema.whole(value["id"], schema.child(path, "id"), 1, MAX_ID)


def _moment(value: dict, path: str, key: str) -> datetime | None:
    return schema.moment(value.get(key), schema.child(path, key), rules.YEAR_MIN,
                         rules.YEAR_MAX, required=False)


def _step_key(raw, path: str, track: str, library: Library) -> str | None:
    """A guide step's key, only in that guide's track; one's own milestones have none."""
    if raw is None:
        return None
    key = schema.text(raw, path, STEP_KEY_MAX)
    if track not in rules.GUIDE_TRACKS:
        raise schema.Invalid(path, "must be null: only milestones of a guide's track come "
                                   "from a guide step")
    if library.step(track, key) is None:
        label = rules.TRACK_LABELS[track]
        raise schema.Invalid(path, f"{schema.shown(key)} is not a step of the {label} guide")
    return key


def _link(raw, path: str) -> str | None:
    link = schema.text(raw, path, rules.URL_MAX, required=False)
    if link and not rules.is_web_link(link):
        raise schema.Invalid(path, "must be a web address starting with http:// or https://")
    return link or None


def import_section(user_id: int, roadmaps: tuple[ImportedRoadmap, ...]) -> str | None:
    """Add the roadmaps to the user's (the caller commits); say what was added, or None."""
    if not roadmaps:
        return None
    made = []
    for imported in roadmaps:
        roadmap = Roadmap(user_id=user_id, name=imported.name, template=imported.template,
                          created_at=imported.created_at)
        positions: dict[str, int] = defaultdict(int)
        for m in imported.milestones:
            positions[m.track] += 1
            roadmap.milestones.append(Milestone(
                position=positions[m.track], track=m.track, step_key=m.step_key,
                title=m.title, status=m.status, notes=m.notes, target_date=m.target_date,
                evidence_url=m.evidence_url, status_changed_at=m.status_changed_at,
                done_at=m.done_at, skipped_at=m.skipped_at, created_at=m.created_at,
                minutes_spent=m.minutes_spent,
            ))
            made.append(roadmap.milestones[-1])
        db.session.add(roadmap)
    # Their history starts with what the rows remember (the file's own history section
    # names the old instance's ids and is kept in the file only).
    db.session.flush()
    history.record_rebuilt(made, user_id)
    count = sum(len(r.milestones) for r in roadmaps)
    return f"{schema.counted(len(roadmaps), 'roadmap')} with {schema.counted(count, 'milestone')}"
