"""Factories and helpers for the comment tests (load with pytest_plugins)."""

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from planner.comments.models import Comment
from planner.database import utcnow
from planner.extensions import db
from tests.comments_data import GUIDE, SECTION, THREAD_URL


@pytest.fixture
def make_comment(app):
    """Factory: make_comment(parent=None, **overrides) saves an approved comment, detached."""
    numbers = itertools.count(1)

    def make(parent: Comment | None = None, **overrides) -> Comment:
        n = next(numbers)
        values = {
            "guide_slug": GUIDE,
            "section_key": SECTION,
            "author_name": f"Guest {n}",
            "author_email": f"guest{n}@example.com",
            "body": f"Comment number {n}.",
            "status": "approved",
            "moderation_reason": "made by a test",
            # Spaced out in the past, in the order made, and well clear of the flood window.
            "created_at": utcnow() - timedelta(hours=2) + timedelta(seconds=n),
            "depth": 1,
        }
        if parent is not None:
            values.update(
                parent_id=parent.id,
                depth=parent.depth + 1,
                guide_slug=parent.guide_slug,
                section_key=parent.section_key,
            )
        values.update(overrides)
        with app.app_context():
            comment = Comment(**values)
            db.session.add(comment)
            db.session.commit()
            db.session.refresh(comment)
            db.session.expunge(comment)
        return comment

    return make


@pytest.fixture
def bulk_comments(app):
    """bulk_comments(rows) inserts many comments at once; each row overrides the defaults."""

    def insert_rows(rows: list[dict]) -> None:
        base = {
            "guide_slug": GUIDE,
            "section_key": SECTION,
            "author_name": "Bulk Author",
            "author_email": "bulk@example.com",
            "body": "Bulk comment.",
            "status": "approved",
            "moderation_reason": "made by a test",
            "depth": 1,
            "created_at": utcnow() - timedelta(days=1),
            "updated_at": utcnow() - timedelta(days=1),
        }
        with app.app_context():
            db.session.execute(insert(Comment), [{**base, **row} for row in rows])
            db.session.commit()

    return insert_rows


@pytest.fixture
def all_comments(app):
    """all_comments() returns every saved comment, detached, oldest first."""

    def load() -> list[Comment]:
        with app.app_context():
            comments = list(db.session.scalars(select(Comment).order_by(Comment.id)))
            db.session.expunge_all()
        return comments

    return load


@pytest.fixture
def post_comment(client, csrf):
    """post_comment(to=..., htmx=False, ip=None, current=None, **fields): send the form.

    current is the page htmx says the browser is on (default: the guide page).
    Each call comes from a new address unless ip is given, so the flood rule only applies
    where a test asks for it. A field given as None is left out.
    """
    addresses = itertools.count(1)

    def post(
        to: str = THREAD_URL,
        htmx: bool = False,
        ip: str | None = None,
        current: str | None = None,
        **fields,
    ):
        data = {
            "comment": "Micro jobs helped me save for a course.",
            "author": "Ana Reader",
            "email": "ana.reader@example.com",
            "csrf_token": csrf(),
        }
        data.update(fields)
        data = {k: v for k, v in data.items() if v is not None}
        headers = {}
        if htmx:
            current = current or "/guides/" + to.split("/")[2]
            headers = {"HX-Request": "true", "HX-Current-URL": f"http://localhost{current}"}
        address = ip or f"10.0.0.{next(addresses)}"
        return client.post(to, data=data, headers=headers, environ_base={"REMOTE_ADDR": address})

    return post

