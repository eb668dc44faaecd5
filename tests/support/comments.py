"""Comment test values, and a seeder that fills a guide's threads (tests and benchmarks)."""

import re
from datetime import timedelta
from itertools import cycle

from sqlalchemy import insert, select

from planner.comments.models import Comment
from planner.content import Guide
from planner.database import utcnow
from planner.extensions import db

GUIDE = "micro-jobs-vs-freelancing"
SECTION = "introduction"
GUIDE_URL = f"/guides/{GUIDE}"
THREAD_URL = f"{GUIDE_URL}/{SECTION}/comments"


def comment_ids(html: str) -> list[int]:
    """Ids of the comments shown in html, in page order."""
    return [int(i) for i in re.findall(r'<li id="comment-(\d+)"', html)]


BODY = (
    "I started with small tasks in the evenings and kept a note of what paid best.\n"
    "After a month I moved to https://example.com/course to learn writing."
)


def seed_guide(guide: Guide, total: int, *, replies_every: int = 3, odd_ones: bool = True):
    """Spread total comments over the sections of guide: top-level ones, replies two and
    three levels deep, and (with odd_ones) a few pending and spam ones among them.

    Call inside an app context; commits.
    """
    start = utcnow() - timedelta(days=30)
    tops, replies = [], []
    keys = [s.key for s in guide.sections]
    for index, key in enumerate(keys):
        per_section = total // len(keys) + (1 if index < total % len(keys) else 0)
        n_replies = per_section // replies_every
        for n in range(per_section - n_replies):
            status = "approved"
            if odd_ones and n % 17 == 5:
                status = "pending"
            elif odd_ones and n % 19 == 7:
                status = "spam"
            tops.append(_row(guide.slug, key, n, status, start + timedelta(minutes=n)))
        replies.append((key, n_replies))
    db.session.execute(insert(Comment), tops)
    _add_replies(guide.slug, replies, start + timedelta(days=1))
    db.session.commit()


def _row(slug: str, key: str, n: int, status: str, when, parent=None, depth=1) -> dict:
    """One seeded comment as a row for a bulk insert."""
    return {
        "guide_slug": slug,
        "section_key": key,
        "parent_id": parent,
        "depth": depth,
        "author_name": f"Reader {n}",
        "author_email": f"reader{n}@example.com",
        "author_url": "https://reader.example" if n % 4 == 0 else None,
        "body": BODY,
        "status": status,
        "moderation_reason": "seeded",
        "created_at": when,
        "updated_at": when,
    }


def _add_replies(slug: str, plan: list[tuple[str, int]], start) -> None:
    """Replies under the newest top-level comments, alternating depth 2 and depth 3."""
    for key, count in plan:
        parents = list(
            db.session.scalars(
                select(Comment.id)
                .where(Comment.guide_slug == slug, Comment.section_key == key,
                       Comment.parent_id.is_(None), Comment.status == "approved")
                .order_by(Comment.created_at.desc())
                .limit(max(1, count // 2))
            )
        )
        if not parents or not count:
            continue
        second = [
            _row(slug, key, n, "approved", start + timedelta(minutes=n), parent, 2)
            for n, parent in zip(range((count + 1) // 2), cycle(parents), strict=False)
        ]
        db.session.execute(insert(Comment), second)
        level2 = list(
            db.session.scalars(
                select(Comment.id).where(Comment.section_key == key, Comment.guide_slug == slug,
                                         Comment.depth == 2)
            )
        )
        third = [
            _row(slug, key, n, "approved", start + timedelta(hours=1, minutes=n),
                 level2[n % len(level2)], 3)
            for n in range(count // 2)
        ]
        if third:
            db.session.execute(insert(Comment), third)
