"""Factories and helpers shared by the roadmap tests."""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.roadmaps.models import Milestone, Roadmap
from planner.roadmaps.service import create_roadmap


@dataclass(frozen=True)
class Made:
    """A roadmap made for a test: its id, its owner and its milestone ids in page order."""

    id: int
    user: object
    milestone_ids: tuple[int, ...]

    @property
    def url(self) -> str:
        """The roadmap page."""
        return f"/roadmap/{self.id}"

    def milestone_url(self, index: int = 0, action: str = "") -> str:
        """The URL of one of its milestones, optionally of an action on it."""
        url = f"/roadmap/{self.id}/milestones/{self.milestone_ids[index]}"
        return f"{url}/{action}" if action else url


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
def send(client, csrf, hx):
    """send(url, data, htmx=False): a POST carrying the session's CSRF token."""
    token = csrf()  # fetched up front, so that counting queries around a post sees only it

    def post(url: str, data: dict | None = None, htmx: bool = False, headers=None):
        payload = {"csrf_token": token, **(data or {})}
        return client.post(url, data=payload, headers={**(hx if htmx else {}), **(headers or {})})

    return post


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
