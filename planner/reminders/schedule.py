"""When reminders are due and what the weekly summary says: plain functions of the time.

The weekly summary goes out on Monday from 08:00 in the reader's time zone; the reminder of
a target date from 08:00 on the day before it, in that zone too. A run of the task after
08:00 (the worker was down at 08:00) still sends, until the local day is over; later than
that the mail would be news about a day already gone, so it is skipped.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from planner.dates import as_utc
from planner.roadmaps import rules

SEND_HOUR = 8  # local time, for both kinds
WEEKLY_DAY = 0  # Monday (datetime.weekday)
OPEN = (rules.TODO, rules.DOING)
_TRACK_ORDER = {track: n for n, track in enumerate(rules.TRACKS)}


def local_now(now: datetime, zone: tzinfo) -> datetime:
    """A stored moment (naive UTC) as the wall-clock time in zone."""
    return as_utc(now).astimezone(zone)


def weekly_due(now: datetime, zone: tzinfo) -> date | None:
    """The Monday whose summary is due in zone at now, or None outside Monday 08:00-24:00."""
    local = local_now(now, zone)
    if local.weekday() != WEEKLY_DAY or local.hour < SEND_HOUR:
        return None
    return local.date()


def day_before_due(now: datetime, zone: tzinfo) -> date | None:
    """The target date whose reminders are due in zone at now (tomorrow), from 08:00 local."""
    local = local_now(now, zone)
    if local.hour < SEND_HOUR:
        return None
    return local.date() + timedelta(days=1)


def utc_start(day: date, zone: tzinfo) -> datetime:
    """The moment (naive UTC, as stored) at which day begins in zone."""
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Week:
    """The weeks a summary sent on monday speaks of, in the reader's zone."""

    monday: date
    zone: tzinfo

    @property
    def last_week(self) -> tuple[datetime, datetime]:
        """From the Monday before to this Monday, as stored moments: "done last week"."""
        return utc_start(self.monday - timedelta(days=7), self.zone), utc_start(
            self.monday, self.zone
        )

    @property
    def sunday(self) -> date:
        """The last day of this week: "target dates this week" run from monday to here."""
        return self.monday + timedelta(days=6)


@dataclass(frozen=True)
class MilestoneFacts:
    """What a summary needs of one milestone."""

    id: int
    title: str
    track: str
    position: int
    status: str
    done_at: datetime | None
    target_date: date | None


@dataclass(frozen=True)
class RoadmapWeek:
    """One roadmap's line in the weekly summary."""

    name: str
    done: int
    next_title: str | None
    targets: int

    @property
    def line(self) -> str:
        """"2 done last week · next: Build a portfolio · 1 target date this week"."""
        upcoming = f"next: {self.next_title}" if self.next_title else "every milestone done"
        targets = {0: "no target dates this week", 1: "1 target date this week"}.get(
            self.targets, f"{self.targets} target dates this week"
        )
        return f"{self.done} done last week · {upcoming} · {targets}"

    @property
    def has_news(self) -> bool:
        """False for a roadmap with nothing done lately and nothing left to do."""
        return bool(self.done or self.next_title)


def roadmap_week(name: str, milestones: Iterable[MilestoneFacts], week: Week) -> RoadmapWeek:
    """Count what one roadmap did last week and has due this week; name what comes next."""
    since, until = week.last_week
    done = targets = 0
    first = None
    for m in milestones:
        if m.status == rules.DONE and m.done_at is not None and since <= m.done_at < until:
            done += 1
        if m.status in OPEN:
            if m.target_date is not None and week.monday <= m.target_date <= week.sunday:
                targets += 1
            # The roadmap's own order: track by track as the page shows them, then position.
            key = (_TRACK_ORDER.get(m.track, len(_TRACK_ORDER)), m.position, m.id)
            if first is None or key < first[0]:
                first = (key, m.title)
    return RoadmapWeek(name, done, first[1] if first else None, targets)
