"""Roadmap rules as plain values and functions: statuses, tracks, templates, due dates."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

TODO, DOING, DONE, SKIPPED = "todo", "doing", "done", "skipped"
STATUSES = (TODO, DOING, DONE, SKIPPED)
STATUS_LABELS = {TODO: "To do", DOING: "In progress", DONE: "Done", SKIPPED: "Skipped"}
# Still to be done: what a target date is a reminder for.
OPEN_STATUSES = (TODO, DOING)

MICRO_JOBS, FREELANCING, CUSTOM = "micro-jobs", "freelancing", "custom"
TRACKS = (MICRO_JOBS, FREELANCING, CUSTOM)
TRACK_LABELS = {MICRO_JOBS: "Micro jobs", FREELANCING: "Freelancing", CUSTOM: "My own milestones"}
# The tracks whose milestones come from a step-by-step guide.
GUIDE_TRACKS = (MICRO_JOBS, FREELANCING)

TITLE_MAX = 200
NOTES_MAX = 5000
NAME_MAX = 100
URL_MAX = 500
# Room for every guide step and years of one's own milestones, but not for a script's flood.
MILESTONES_MAX = 200
ROADMAP_FULL = (f"A roadmap holds at most {MILESTONES_MAX} milestones. Delete or finish some "
                "old ones first, or start another roadmap.")
# One import brings at most this many roadmaps (a person keeps a handful, not hundreds).
IMPORT_ROADMAPS_MAX = 50
YEAR_MIN, YEAR_MAX = 2000, 2100
# Time logged against a milestone: one entry covers at most a day; the total stays far below
# any integer column's limit, however many entries a script sends.
MINUTES_MIN, MINUTES_MAX = 1, 24 * 60
MINUTES_TOTAL_MAX = 1_000_000
MINUTES_MESSAGE = f"Enter the minutes as a whole number from {MINUTES_MIN} to {MINUTES_MAX:,}."
MINUTES_FULL = (f"A milestone holds at most {MINUTES_TOTAL_MAX:,} minutes of logged time; "
                "this entry would take it past that.")
STAYS_IN_TRACK = "A step from a guide stays in its guide's track; add your own milestone instead."


@dataclass(frozen=True)
class Template:
    """A way to start a roadmap: which guide tracks to copy, in which order."""

    name: str
    label: str
    description: str
    tracks: tuple[str, ...]


TEMPLATES = (
    Template(
        "recommended",
        "Micro jobs first, then freelancing",
        "The guides' advice: earn a little straight away with micro jobs while you learn a "
        "skill, then move on to freelancing.",
        (MICRO_JOBS, FREELANCING),
    ),
    Template(
        "micro-jobs",
        "Micro jobs only",
        "The four micro-job steps, for quick income without special skills.",
        (MICRO_JOBS,),
    ),
    Template(
        "freelancing",
        "Freelancing only",
        "The five freelancing steps, for when you already have a skill to offer.",
        (FREELANCING,),
    ),
    Template("empty", "Start empty", "No steps yet: add the ones you want yourself.", ()),
)
TEMPLATE_NAMES = tuple(t.name for t in TEMPLATES)
DEFAULT_TEMPLATE = "recommended"


def get_template(name: str) -> Template | None:
    """Return the template called name, or None."""
    return next((t for t in TEMPLATES if t.name == name), None)


def is_overdue(target: date | None, status: str, today: date) -> bool:
    """A milestone is overdue when its target date has passed and it is still open."""
    return target is not None and target < today and status in OPEN_STATUSES


def is_web_link(text: str) -> bool:
    """True for a complete http:// or https:// address, the only links evidence may be."""
    try:
        parts = urlsplit(text)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in text
    except ValueError:  # a malformed IPv6 literal or port
        return False


def can_change_track(step_key: str | None) -> bool:
    """Only one's own milestones change track: a guide step stays with its guide's steps."""
    return step_key is None


def insert_index(requested: int | None, count: int) -> int:
    """Clamp a 1-based position asked for in a track of count milestones to 1..count+1."""
    if requested is None or requested > count:
        return count + 1
    return max(requested, 1)


def group_by_track(milestones) -> tuple[tuple[str, tuple], ...]:
    """Split milestones (already in order) into one group per track, every track present."""
    groups: dict[str, list] = {track: [] for track in TRACKS}
    for milestone in milestones:
        groups[milestone.track].append(milestone)
    return tuple((track, tuple(items)) for track, items in groups.items())


def moved(ids: list[int], moving: int, direction: str) -> list[int]:
    """Return ids with moving swapped with its neighbour above ("up") or below ("down")."""
    order = list(ids)
    index = order.index(moving)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    return order
