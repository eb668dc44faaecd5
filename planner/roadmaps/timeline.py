"""How a milestone's history reads: the kinds of change, who made them, one line for each.

Pure: an event comes in as plain values; dates read through planner.dates in the reader's locale.
"""

from collections.abc import Mapping
from datetime import date

from planner import dates
from planner.roadmaps.rules import STATUS_LABELS, TRACK_LABELS

ADDED, EDITED, STATUS, MOVED, DELETED, TIME = (
    "added", "edited", "status", "moved", "deleted", "time"
)
KINDS = (ADDED, EDITED, STATUS, MOVED, DELETED, TIME)
# The kinds that change which milestones a roadmap holds and where each one stands.
LIFECYCLE = (ADDED, STATUS, DELETED)

PERSON, AUTOMATIC = "person", "automatic"  # who made a change: someone, or the app itself
ACTORS = (PERSON, AUTOMATIC)

# The fields an edit changes, in the edit form's order, and the other fields a change names.
TITLE, TARGET_DATE, EVIDENCE_URL, NOTES = "title", "target_date", "evidence_url", "notes"
EDITABLE = (TITLE, TARGET_DATE, EVIDENCE_URL, NOTES)
FIELD_LABELS = {TITLE: "Title", TARGET_DATE: "Target date", EVIDENCE_URL: "Evidence link",
                NOTES: "Notes"}
POSITION, TRACK, MINUTES = "position", "track", "minutes"

PAGE_SIZE = 50  # changes per history page
QUOTE_MAX = 80  # a longer value (notes, mostly) is cut short in its history line


def as_text(value) -> str | None:
    """A field's value as the history keeps it: dates as YYYY-MM-DD, nothing as None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def changed_fields(before: Mapping[str, object], after: Mapping[str, object]
                   ) -> list[tuple[str, str | None, str | None]]:
    """The edited fields whose value differs, as (field, from, to) text, in the form's order."""
    changes = []
    for field in EDITABLE:
        old, new = as_text(before.get(field)), as_text(after.get(field))
        if old != new:
            changes.append((field, old, new))
    return changes


def format_minutes(minutes: int) -> str:
    """Time spent in words people read at a glance: "45 min", "2 h", "2 h 15 min"."""
    hours, rest = divmod(max(minutes, 0), 60)
    if not hours:
        return f"{rest} min"
    if not rest:
        return f"{hours:,} h"
    return f"{hours:,} h {rest} min"


def describe(kind: str, field: str | None, old: str | None, new: str | None, track: str,
             *, locale: str = dates.DEFAULT_LOCALE) -> str:
    """One change in a sentence: "Status changed from To do to Done"."""
    if kind == ADDED:
        return f"Added to {TRACK_LABELS.get(track, track)}"
    if kind == DELETED:
        return f"Deleted from {TRACK_LABELS.get(track, track)}"
    if kind == STATUS:
        return _change("Status", _status(old), _status(new))
    if kind == MOVED and field == TRACK:
        return f"Moved from {TRACK_LABELS.get(old, old)} to {TRACK_LABELS.get(new, new)}"
    if kind == MOVED:
        return f"Moved from place {old} to place {new} in {TRACK_LABELS.get(track, track)}"
    if kind == TIME:
        total, before = _number(new), _number(old)
        return f"Logged {format_minutes(total - before)} ({format_minutes(total)} in all)"
    label = FIELD_LABELS.get(field or "", field or "A field")
    if field == TARGET_DATE:
        return _change(label, _date(old, locale), _date(new, locale))
    return _change(label, _quote(old), _quote(new))


def _change(label: str, old: str | None, new: str | None) -> str:
    """A field set, removed or changed."""
    if old is None:
        return f"{label} set to {new}"
    if new is None:
        return f"{label} removed (it was {old})"
    return f"{label} changed from {old} to {new}"


def _status(value: str | None) -> str | None:
    return STATUS_LABELS.get(value, value) if value else None


def _number(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _date(value: str | None, locale: str) -> str | None:
    """A stored YYYY-MM-DD as people write it; anything else as it was stored."""
    if value is None:
        return None
    try:
        return dates.long_date(date.fromisoformat(value), locale=locale)
    except ValueError:
        return value


def _quote(value: str | None) -> str | None:
    """A value in quotes, on one line, cut short past QUOTE_MAX characters."""
    if value is None:
        return None
    flat = " ".join(value.split())
    if len(flat) > QUOTE_MAX:
        flat = flat[: QUOTE_MAX - 1].rstrip() + "…"
    return f"“{flat}”"
