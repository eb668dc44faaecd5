"""Fixtures of the web tests, by part: accounts, comments, the admin console, roadmaps."""

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select

from planner.accounts.models import User
from planner.comments.models import AuditEntry, Comment
from planner.database import utcnow
from planner.earnings.models import CashOut, Earning, FundSpend
from planner.extensions import db
from planner.roadmaps.models import Milestone, Roadmap
from planner.roadmaps.service import create_roadmap
from tests.support.accounts import password_hash
from tests.support.comments import GUIDE, SECTION, THREAD_URL
from tests.support.databases import save_detached
from tests.support.roadmaps import Made

# --- accounts -----------------------------------------------------------------------------


@pytest.fixture
def account(make_user):
    """Factory: account(**overrides) saves a user whose password is PASSWORD."""

    def make(**overrides) -> User:
        overrides.setdefault("password_hash", password_hash())
        return make_user(**overrides)

    return make


@pytest.fixture
def ana(account):
    """A registered user, ana, with the password PASSWORD."""
    return account(username="ana", email="ana@example.com", display_name="Ana")


# --- comments -----------------------------------------------------------------------------


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
        return save_detached(app, Comment(**values))

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
def post_comment(post):
    """post_comment(to=..., htmx=False, ip=None, current=None, **fields): send the form.

    current is the page htmx says the browser is on (default: the guide page).
    Each call comes from a new address unless ip is given, so the flood rule only applies
    where a test asks for it. A field given as None is left out.
    """
    addresses = itertools.count(1)

    def send(
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
        }
        data.update(fields)
        data = {k: v for k, v in data.items() if v is not None}
        headers = {}
        if htmx:
            current = current or "/guides/" + to.split("/")[2]
            headers = {"HX-Current-URL": f"http://localhost{current}"}
        address = ip or f"10.0.0.{next(addresses)}"
        return post(to, data, htmx=htmx, headers=headers, environ_base={"REMOTE_ADDR": address})

    return send


# --- admin console ------------------------------------------------------------------------


@pytest.fixture
def admin(make_user, auth):
    """An admin, signed in on the test client."""
    return auth.login(make_user(username="boss", display_name="Boss Admin", role="admin"))


@pytest.fixture
def statuses(app):
    """statuses() maps every comment id to its status."""

    def load() -> dict[int, str]:
        with app.app_context():
            return dict(db.session.execute(select(Comment.id, Comment.status)).all())

    return load


@pytest.fixture
def audit_rows(app):
    """audit_rows() lists the audit entries as (action, comment id, before, after), in order."""

    def load() -> list[tuple]:
        with app.app_context():
            rows = db.session.execute(
                select(
                    AuditEntry.action,
                    AuditEntry.comment_id,
                    AuditEntry.status_before,
                    AuditEntry.status_after,
                ).order_by(AuditEntry.id)
            )
            return [tuple(row) for row in rows]

    return load


@pytest.fixture
def mixed(make_comment):
    """Eight comments, two in each status; returns {status: [ids]}."""
    made: dict[str, list[int]] = {}
    for status in ("pending", "approved", "spam", "trash"):
        for _ in range(2):
            comment = make_comment(status=status, author_email=f"{status}-{len(made)}@example.com")
            made.setdefault(status, []).append(comment.id)
    return made


# --- roadmaps -----------------------------------------------------------------------------


@pytest.fixture
def make_roadmap(app, make_user):
    """Factory: make_roadmap(user=None, template=..., custom=N, **milestone_overrides)."""

    def make(user=None, *, name="My plan", template="recommended", custom=0, **overrides) -> Made:
        user = user or make_user()
        with app.app_context():
            roadmap = create_roadmap(user, name, template, app.extensions["library"])
            for n in range(1, custom + 1):
                db.session.add(
                    Milestone(roadmap_id=roadmap.id, track="custom", position=n,
                              title=f"Custom milestone {n}")
                )
            if overrides:
                for milestone in roadmap.milestones:
                    for key, value in overrides.items():
                        setattr(milestone, key, value)
            db.session.commit()
            ids = db.session.scalars(
                select(Milestone.id)
                .where(Milestone.roadmap_id == roadmap.id)
                .order_by(Milestone.track != "micro-jobs", Milestone.track == "custom",
                          Milestone.position, Milestone.id)
            ).all()
            return Made(roadmap.id, user, tuple(ids))

    return make


@pytest.fixture
def owner(make_user, auth):
    """A signed-in user."""
    return auth.login(make_user(username="owner"))


@pytest.fixture
def roadmap(make_roadmap, owner) -> Made:
    """The signed-in user's recommended roadmap: 4 micro-jobs steps, then 5 freelancing."""
    return make_roadmap(owner)


@pytest.fixture
def fetch(app):
    """fetch(Model, id): the row as it is in the database now (or None)."""

    def get(model, row_id):
        with app.app_context():
            row = db.session.get(model, row_id)
            if row is not None:
                db.session.expunge(row)
            return row

    return get


@pytest.fixture
def milestones_of(app):
    """milestones_of(roadmap_id): the roadmap's milestones, in track and position order."""

    def get(roadmap_id: int) -> list[Milestone]:
        with app.app_context():
            rows = db.session.scalars(
                select(Milestone)
                .where(Milestone.roadmap_id == roadmap_id)
                .order_by(Milestone.track, Milestone.position)
            ).all()
            db.session.expunge_all()
            return list(rows)

    return get


@pytest.fixture
def roadmap_count(app):
    """roadmap_count(): how many roadmaps exist."""

    def count() -> int:
        with app.app_context():
            return len(db.session.scalars(select(Roadmap.id)).all())

    return count


@pytest.fixture
def limits(app):
    """Set small limits on the app: limits(account="3 per minute", address=...)."""

    def apply(account: str = "100 per minute", address: str = "100 per minute",
              reset: str = "100 per minute", register: str = "100 per minute",
              comments: str = "100 per minute") -> None:
        app.config.update(LOGIN_LIMIT_ACCOUNT=account, LOGIN_LIMIT_ADDRESS=address,
                          RESET_LIMIT=reset, REGISTER_LIMIT_ADDRESS=register,
                          COMMENT_LIMIT_ADDRESS=comments)

    return apply


# --- earnings -----------------------------------------------------------------------------


@pytest.fixture
def make_earning(app):
    """Factory: make_earning(user, **overrides) saves an entry and returns it detached."""

    def make(user, **overrides) -> Earning:
        values = {"day": date(2026, 3, 2), "platform": "Clickworker", "kind": "data-entry",
                  "amount": 15000, "currency": "PKR", "minutes": None}
        values.update(overrides)
        return save_detached(app, Earning(user_id=user.id, **values))

    return make


@pytest.fixture
def make_cash_out(app):
    """Factory: make_cash_out(user, **overrides) saves a cash-out and returns it detached."""

    def make(user, **overrides) -> CashOut:
        values = {"day": date(2026, 3, 3), "platform": "Clickworker", "destination": "paypal",
                  "amount": 100000, "currency": "PKR", "fund_share": 20000}
        values.update(overrides)
        return save_detached(app, CashOut(user_id=user.id, **values))

    return make


@pytest.fixture
def make_spend(app):
    """Factory: make_spend(user, **overrides) saves spending from the fund, detached."""

    def make(user, **overrides) -> FundSpend:
        values = {"day": date(2026, 3, 6), "label": "Design course", "amount": 15000,
                  "currency": "PKR"}
        values.update(overrides)
        return save_detached(app, FundSpend(user_id=user.id, **values))

    return make


@pytest.fixture
def rows_of(app):
    """rows_of(Model): every row of a model, detached, in id order."""

    def get(model) -> list:
        with app.app_context():
            rows = db.session.scalars(select(model).order_by(*model.__table__.primary_key)).all()
            db.session.expunge_all()
            return list(rows)

    return get

