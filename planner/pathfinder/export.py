"""The path finder's part of a data export: the last answers, and those roadmaps came from."""

from urllib.parse import parse_qsl

from sqlalchemy import select

from planner.dates import iso_time
from planner.extensions import db
from planner.pathfinder.models import RoadmapAnswers, SavedAnswers
from planner.roadmaps.models import Roadmap


def export_section(user_id: int) -> tuple[str, dict]:
    """("path_finder", {...}): the saved answers and each roadmap's answers, in two queries."""
    saved = db.session.execute(
        select(SavedAnswers.answers, SavedAnswers.updated_at)
        .where(SavedAnswers.user_id == user_id)
    ).one_or_none()
    built = db.session.execute(
        select(RoadmapAnswers.roadmap_id, RoadmapAnswers.answers, RoadmapAnswers.path)
        .join(Roadmap, Roadmap.id == RoadmapAnswers.roadmap_id)
        .where(Roadmap.user_id == user_id)
        .order_by(RoadmapAnswers.roadmap_id)
    ).all()
    return "path_finder", {
        # Stored as a query string; a reader gets the question names and answers as pairs.
        "answers": dict(parse_qsl(saved.answers)) if saved else None,
        "answered_at": iso_time(saved.updated_at) if saved else None,
        "roadmaps": [
            {"roadmap_id": row.roadmap_id, "answers": dict(parse_qsl(row.answers)),
             "path": row.path}
            for row in built
        ],
    }
