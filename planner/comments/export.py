"""The comments part of a data export: what the user wrote, never anyone's address."""

from sqlalchemy import select

from planner.comments.models import Comment
from planner.dates import iso_time
from planner.extensions import db


def export_section(user_id: int) -> tuple[str, list[dict]]:
    """The user's own comments, oldest first, as ("comments", [...]) in one query."""
    # Named columns: the address, client address and browser stay with the moderators.
    rows = db.session.execute(
        select(Comment.id, Comment.guide_slug, Comment.section_key, Comment.parent_id,
               Comment.author_name, Comment.author_url, Comment.body, Comment.status,
               Comment.created_at, Comment.updated_at)
        .where(Comment.user_id == user_id)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    return "comments", [
        {
            "id": row.id,
            "guide": row.guide_slug,
            "section": row.section_key,
            "in_reply_to": row.parent_id,
            "name": row.author_name,
            "website": row.author_url,
            "text": row.body,
            "status": row.status,
            "created_at": iso_time(row.created_at),
            "updated_at": iso_time(row.updated_at),
        }
        for row in rows
    ]
