"""A roadmap's share link: made, set and revoked by its owner, read by whoever holds its token."""

from dataclasses import dataclass
from datetime import date, datetime

from flask import abort, current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from planner import idempotency
from planner.accounts.models import User
from planner.accounts.preferences import zone
from planner.dates import local_day
from planner.earnings import dashboard, pace
from planner.extensions import db
from planner.roadmaps import rules
from planner.roadmaps.milestones import roadmap_progress
from planner.roadmaps.models import Milestone, Roadmap
from planner.roadmaps.progress import Progress, summarize
from planner.sharing import card, tokens
from planner.sharing.models import ShareLink

CREATE_LINK = "create-share-link"  # the idempotency action of the "create link" form


@dataclass(frozen=True)
class Options:
    """What a share link shows beyond titles, statuses and progress; all off by default."""

    notes: bool = False
    evidence: bool = False
    earnings: bool = False


@dataclass(frozen=True)
class SharedMilestone:
    """A milestone as the shared page shows it: notes and evidence only when the owner said."""

    title: str
    status: str
    notes: str = ""
    evidence_url: str | None = None

    @property
    def status_label(self) -> str:
        """The status as shown to people."""
        return rules.STATUS_LABELS[self.status]


@dataclass(frozen=True)
class EarningsSummary:
    """The owner's earnings per currency, in all and this month (only when they ticked it)."""

    total: dict[str, int]
    month: dict[str, int]


@dataclass(frozen=True)
class SharedPage:
    """Everything the shared page shows, and nothing it must not."""

    token: str
    name: str
    tracks: tuple[tuple[str, tuple[SharedMilestone, ...]], ...]
    progress: Progress
    earnings: EarningsSummary | None


def link_of(roadmap_id: int) -> ShareLink | None:
    """The roadmap's share link, or None (one query)."""
    return db.session.scalar(select(ShareLink).where(ShareLink.roadmap_id == roadmap_id))


def create_link(roadmap: Roadmap, key: str | None) -> ShareLink:
    """Give the roadmap a share link, or return the one it has; the caller locked the roadmap.

    With a form's idempotency key, a twin submission that committed first raises AlreadyDone.
    """
    existing = link_of(roadmap.id)
    if existing is not None:
        return existing
    token = tokens.new_token()
    link = ShareLink(roadmap_id=roadmap.id, token=token, token_digest=tokens.digest(token))
    db.session.add(link)
    try:
        db.session.flush()
    except IntegrityError:  # made a moment ago by another request: that one is the link
        db.session.rollback()
        return link_of(roadmap.id)
    idempotency.commit_once(key, roadmap.user_id, CREATE_LINK, link.id)
    return link


def set_options(roadmap_id: int, options: Options) -> ShareLink | None:
    """Save what the link shows; None when the roadmap has no link (revoked meanwhile)."""
    changed = db.session.execute(
        update(ShareLink).where(ShareLink.roadmap_id == roadmap_id).values(
            show_notes=options.notes, show_evidence=options.evidence,
            show_earnings=options.earnings,
        )
    ).rowcount
    db.session.commit()
    return link_of(roadmap_id) if changed else None


def revoke(roadmap_id: int) -> bool:
    """Delete the roadmap's link, so its address answers 404 from now on; False if none."""
    removed = db.session.execute(
        delete(ShareLink).where(ShareLink.roadmap_id == roadmap_id)
    ).rowcount
    db.session.commit()
    return bool(removed)


def _find_or_404(token: str, *columns):
    """The link with this token and the columns asked for, one query; 404 when unknown."""
    row = db.session.execute(
        select(ShareLink, *columns).join(Roadmap, Roadmap.id == ShareLink.roadmap_id)
        .join(User, User.id == Roadmap.user_id)
        .where(ShareLink.token_digest == tokens.digest(token))
    ).one_or_none()
    if row is None:
        abort(404)
    return row


def shared_page(token: str, now: datetime) -> SharedPage:
    """The shared page of the token's roadmap: two queries, three with the earnings."""
    link, name, user_id, time_zone = _find_or_404(
        token, Roadmap.name, Roadmap.user_id, User.time_zone
    )
    # "This month" is the owner's month, wherever the reader of the link is.
    today = local_day(now, zone(time_zone))
    found = db.session.scalars(
        select(Milestone).where(Milestone.roadmap_id == link.roadmap_id)
        .order_by(Milestone.position, Milestone.id)
    ).all()
    progress = summarize((m.track, m.status) for m in found)
    shown = [
        (m.track, SharedMilestone(
            m.title, m.status,
            notes=m.notes if link.show_notes else "",
            evidence_url=m.evidence_url if link.show_evidence else None,
        ))
        for m in found
    ]
    tracks = tuple(
        (track, tuple(item for t, item in shown if t == track))
        for track in rules.TRACKS if any(t == track for t, _ in shown)
    )
    earnings = _earnings(user_id, today) if link.show_earnings else None
    return SharedPage(token, name, tracks, progress, earnings)


def _earnings(user_id: int, today: date) -> EarningsSummary:
    """The totals the earnings page shows, from its own queries and sums (one query)."""
    rows = dashboard.earning_rows(user_id)
    return EarningsSummary(pace.totals(rows), pace.totals(rows, today.replace(day=1)))


def public_card(token: str) -> card.CardData:
    """What the token's card shows (two queries); 404 when the token is unknown."""
    link, name = _find_or_404(token, Roadmap.name)
    return card_data(name, roadmap_progress(link.roadmap_id))


def card_data(name: str, progress: Progress) -> card.CardData:
    """The card's figures: done and total overall and per track that has milestones."""
    lines = tuple(
        card.TrackLine(rules.TRACK_LABELS[track], tally.done, tally.total)
        for track, tally in progress.tracks
    )
    overall = progress.overall
    return card.CardData(name, overall.done, overall.total, lines)


def card_etag(data: card.CardData) -> str:
    """The card's ETag: it changes whenever what the card shows, or the font, changes."""
    return card.etag(data, current_app.config["CARD_FONT"])


def card_png(data: card.CardData) -> bytes:
    """The card as PNG, drawn with the configured font (CARD_FONT) or Pillow's own."""
    return card.render(data, current_app.config["CARD_FONT"])
