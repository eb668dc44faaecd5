"""Progress of a roadmap, per track and overall, from plain (track, status) values and,
optionally, the minutes logged against each milestone."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from planner.roadmaps.rules import DOING, DONE, SKIPPED, STATUSES, TRACKS
from planner.roadmaps.timeline import format_minutes

MINUTES = "minutes"  # the time logged, kept beside the statuses in a track's counter


@dataclass(frozen=True)
class Tally:
    """How many milestones are in each state; skipped ones never count as done."""

    done: int = 0
    doing: int = 0
    skipped: int = 0
    todo: int = 0
    minutes: int = 0  # time logged against these milestones

    @property
    def total(self) -> int:
        """Every milestone, skipped ones included."""
        return self.done + self.doing + self.skipped + self.todo

    @property
    def percent(self) -> int:
        """Done over total as a whole percentage, rounded down (0 for nothing)."""
        return self.done * 100 // self.total if self.total else 0

    @property
    def done_share(self) -> float:
        """Done over total in percent, unrounded but for two decimals: the bar's first part."""
        return round(self.done * 100 / self.total, 2) if self.total else 0.0

    @property
    def doing_share(self) -> float:
        """In progress over total in percent: the bar's second part."""
        return round(self.doing * 100 / self.total, 2) if self.total else 0.0

    @property
    def summary(self) -> str:
        """The one-line figures shown beside each bar."""
        figures = (
            f"{self.done} done · {self.doing} in progress · {self.skipped} skipped"
            f" · {self.total} total"
        )
        return f"{figures} · {format_minutes(self.minutes)} spent" if self.minutes else figures


@dataclass(frozen=True)
class Progress:
    """The overall tally and one per track that has milestones, in track order."""

    overall: Tally
    tracks: tuple[tuple[str, Tally], ...]

    def track(self, name: str) -> Tally:
        """Return the tally of one track (empty when the track has no milestones)."""
        return dict(self.tracks).get(name, Tally())


def summarize(pairs: Iterable[tuple]) -> Progress:
    """Count (track, status) pairs, one per milestone, each with its minutes as a third value
    when known."""
    return summarize_counts((track, status, 1, *minutes) for track, status, *minutes in pairs)


def summarize_counts(rows: Iterable[tuple]) -> Progress:
    """Build the progress from (track, status, count) rows, as a GROUP BY returns them, each
    with the minutes summed as a fourth value when known."""
    per_track: dict[str, Counter] = {}
    for track, status, count, *minutes in rows:
        if track not in TRACKS:
            raise ValueError(f"unknown track {track!r}")
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        counter = per_track.setdefault(track, Counter())
        counter[status] += count
        counter[MINUTES] += sum(m or 0 for m in minutes)
    tracks = tuple(
        (track, _tally(per_track[track]))
        for track in TRACKS
        if _milestones(per_track.get(track, Counter()))
    )
    overall = _tally(sum(per_track.values(), Counter()))
    return Progress(overall, tracks)


def _milestones(counts: Counter) -> int:
    return sum(n for key, n in counts.items() if key != MINUTES)


def _tally(counts: Counter) -> Tally:
    return Tally(
        done=counts[DONE], doing=counts[DOING], skipped=counts[SKIPPED],
        todo=sum(n for status, n in counts.items() if status not in (DONE, DOING, SKIPPED,
                                                                    MINUTES)),
        minutes=counts[MINUTES],
    )
