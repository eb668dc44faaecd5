"""Removing comments for good, and what a leaving member's comments become."""

from sqlalchemy import delete, select, update
from sqlalchemy.orm import aliased

from planner.comments.models import Comment
from planner.database import utcnow
from planner.extensions import db


def release_comments_of(user_id: int, *, keep_comments: bool) -> None:
    """What account deletion does to comments: anonymize them, or delete them."""
    if keep_comments:
        anonymize_comments_of(user_id)
    else:
        delete_comments_of(user_id)


def anonymize_comments_of(user_id: int) -> None:
    """Keep a leaving member's comments as a former member's: no name, email, link or user.

    The caller commits.
    """
    db.session.execute(
        update(Comment)
        .where(Comment.user_id == user_id)
        .values(
            user_id=None,
            author_name="",
            author_email="",
            author_url=None,
            author_ip=None,
            user_agent=None,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session="fetch")
    )


def delete_comments_of(user_id: int) -> None:
    """Delete a leaving member's comments; other people's replies move up a level.

    The caller commits.
    """
    ids = list(db.session.scalars(select(Comment.id).where(Comment.user_id == user_id)))
    delete_comments(ids)


def delete_comments(ids: list[int]) -> set[int]:
    """Delete comments for good; their surviving replies move up to the nearest surviving
    ancestor, or to the top level. Returns the ids deleted here; the caller commits."""
    doomed = set(ids)
    if not doomed:
        return set()
    moves = _reparenting(doomed)
    if moves:
        db.session.execute(update(Comment), moves)
    deleted = set(
        db.session.scalars(
            delete(Comment)
            .where(Comment.id.in_(doomed))
            .returning(Comment.id)
            .execution_options(synchronize_session=False)
        )
    )
    db.session.expire_all()
    return deleted


def _reparenting(doomed: set[int]) -> list[dict]:
    """New parent and depth of every surviving comment in the threads touched."""
    touched = aliased(Comment)
    rows = db.session.execute(
        select(Comment.id, Comment.parent_id, Comment.depth)
        .join(
            touched,
            (touched.guide_slug == Comment.guide_slug)
            & (touched.section_key == Comment.section_key),
        )
        .where(touched.id.in_(doomed))
        .distinct()
    ).all()
    parents = {row.id: row.parent_id for row in rows}
    depths: dict[int | None, int] = {None: 0}

    def surviving_parent(comment_id: int) -> int | None:
        parent = parents.get(comment_id)
        while parent is not None and parent in doomed:
            parent = parents.get(parent)
        return parent

    def depth_of(comment_id: int) -> int:
        if comment_id not in depths:
            depths[comment_id] = depth_of(surviving_parent(comment_id)) + 1
        return depths[comment_id]

    moves = []
    for row in rows:
        if row.id in doomed:
            continue
        parent, depth = surviving_parent(row.id), depth_of(row.id)
        if parent != row.parent_id or depth != row.depth:
            moves.append({"id": row.id, "parent_id": parent, "depth": depth})
    return moves
