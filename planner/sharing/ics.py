"""The calendar feed as iCalendar text (RFC 5545), from plain values: one all-day event per date.

No Flask and no database: the caller reads the milestones and builds their links.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

PRODUCT_ID = "-//Learning-Path Planner//Target dates//EN"
CALENDAR_NAME = "Learning-Path Planner: target dates"
# How often a calendar app should fetch the feed again (apps treat it as a hint).
REFRESH = timedelta(hours=12)


@dataclass(frozen=True)
class Target:
    """One milestone's target date, as the feed shows it: never its notes or evidence."""

    milestone_id: int
    title: str
    day: date
    roadmap_name: str
    track_label: str
    status_label: str
    url: str


def uid(milestone_id: int, host: str) -> str:
    """The event's UID: the same for the same milestone in every fetch, so phones update it."""
    return f"milestone-{milestone_id}@{host}"


def feed(targets: Iterable[Target], host: str, stamp: datetime) -> bytes:
    """The whole feed; stamp (aware UTC) is when this copy was made (DTSTAMP)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")  # with PUBLISH, DTSTAMP is when this copy was made
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for target in targets:
        calendar.add_component(_event(target, host, stamp))
    return calendar.to_ical()


def _event(target: Target, host: str, stamp: datetime) -> Event:
    """An all-day event on the target date (DTEND is the next day, exclusive)."""
    event = Event()
    event.add("uid", uid(target.milestone_id, host))
    event.add("dtstamp", stamp)
    event.add("dtstart", target.day)
    event.add("dtend", target.day + timedelta(days=1))
    event.add("summary", target.title)
    event.add("description", f"{target.track_label} · {target.roadmap_name} "
                             f"({target.status_label})")
    event.add("url", target.url)
    event.add("transp", "TRANSPARENT")  # a target date does not make anyone busy
    return event
