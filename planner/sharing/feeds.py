"""A user's calendar feed: one secret address for the target dates of all their roadmaps."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import abort, current_app
from sqlalchemy import delete, select

from planner import idempotency
from planner.database import hold_lock
from planner.extensions import db
from planner.mail import external_url
from planner.roadmaps import rules
from planner.roadmaps.models import Milestone, Roadmap
from planner.sharing import ics, tokens
from planner.sharing.models import CalendarFeed

CREATE_FEED = "create-calendar-feed"  # the idempotency action of the "make a feed" form


def feed_of(user_id: int) -> CalendarFeed | None:
    """The user's feed, or None (one query)."""
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user_id))


def create_feed(owner, key: str | None) -> CalendarFeed:
    """Give owner a feed, or return the one they have.

    With a form's idempotency key, a twin submission that committed first raises AlreadyDone.
    """
    hold_lock(f"calendar-feed:{owner.id}")  # two tabs at once still make one feed
    existing = feed_of(owner.id)
    if existing is not None:
        return existing
    feed = CalendarFeed(user_id=owner.id, **_fresh_token())
    db.session.add(feed)
    db.session.flush()
    idempotency.commit_once(key, owner.id, CREATE_FEED, feed.id)
    return feed


def renew_feed(owner) -> CalendarFeed:
    """Give owner's feed a new address (the old one answers 404 from now on), or make one."""
    hold_lock(f"calendar-feed:{owner.id}")
    feed = feed_of(owner.id)
    if feed is None:
        feed = CalendarFeed(user_id=owner.id)
        db.session.add(feed)
    for column, value in _fresh_token().items():
        setattr(feed, column, value)
    db.session.commit()
    return feed


def revoke_feed(owner) -> bool:
    """Delete owner's feed, so its address answers 404 from now on; False if there was none."""
    removed = db.session.execute(
        delete(CalendarFeed).where(CalendarFeed.user_id == owner.id)
    ).rowcount
    db.session.commit()
    return bool(removed)


def _fresh_token() -> dict[str, str]:
    token = tokens.new_token()
    return {"token": token, "token_digest": tokens.digest(token)}


def feed_ics(token: str) -> bytes:
    """The feed of the token's owner as iCalendar (two queries); 404 when the token is unknown.

    It holds the open milestones (to do, in progress) with a target date: a done or skipped
    one leaves the calendar, as there is nothing left to be reminded of.
    """
    user_id = db.session.scalar(
        select(CalendarFeed.user_id).where(CalendarFeed.token_digest == tokens.digest(token))
    )
    if user_id is None:
        abort(404)
    rows = db.session.execute(
        select(Milestone.id, Milestone.title, Milestone.target_date, Milestone.track,
               Milestone.status, Roadmap.id, Roadmap.name)
        .join(Roadmap, Roadmap.id == Milestone.roadmap_id)
        .where(Roadmap.user_id == user_id, Milestone.target_date.is_not(None),
               Milestone.status.in_(rules.OPEN_STATUSES))
        .order_by(Milestone.target_date, Milestone.id)
    ).all()
    targets = [
        ics.Target(
            milestone_id, title, day, roadmap_name, rules.TRACK_LABELS[track],
            rules.STATUS_LABELS[status],
            external_url("roadmaps.show", anchor=f"milestone-{milestone_id}",
                         roadmap_id=roadmap_id),
        )
        for milestone_id, title, day, track, status, roadmap_id, roadmap_name in rows
    ]
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return ics.feed(targets, host, datetime.now(UTC))
