"""The sharing part of a data export: which roadmaps are shared and what their links show.

The tokens stay behind: a link is a key to the roadmap, and an export file travels.
"""

from sqlalchemy import exists, select

from planner.dates import iso_time
from planner.extensions import db
from planner.roadmaps.models import Roadmap
from planner.sharing.models import CalendarFeed, ShareLink


def export_section(user_id: int) -> tuple[str, dict]:
    """("sharing", {...}): each share link's roadmap and options, and whether a feed is on."""
    links = db.session.execute(
        select(ShareLink.roadmap_id, ShareLink.show_notes, ShareLink.show_evidence,
               ShareLink.show_earnings, ShareLink.created_at)
        .join(Roadmap, Roadmap.id == ShareLink.roadmap_id)
        .where(Roadmap.user_id == user_id)
        .order_by(ShareLink.roadmap_id)
    ).all()
    feed = db.session.scalar(select(exists().where(CalendarFeed.user_id == user_id)))
    return "sharing", {
        "share_links": [
            {"roadmap_id": link.roadmap_id, "shows_notes": link.show_notes,
             "shows_evidence": link.show_evidence, "shows_earnings": link.show_earnings,
             "created_at": iso_time(link.created_at)}
            for link in links
        ],
        "calendar_feed": bool(feed),
    }
