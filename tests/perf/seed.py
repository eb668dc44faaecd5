"""Seed data and a signed-in bench user for `make bench` and `make soak`."""

import sqlite3
from dataclasses import dataclass, field

import flask_migrate
import sqlalchemy as sa

import config
from planner import create_app
from planner.accounts.models import User
from planner.accounts.passwords import hash_password
from planner.comments.models import Comment
from planner.extensions import db
from planner.roadmaps import milestones
from planner.roadmaps.history import Actor
from planner.roadmaps.models import Milestone
from planner.roadmaps.service import create_roadmap
from tests.perf.text_shapes import SHAPES, shape
from tests.support.databases import recording_statements
from tests.support.forms import csrf_token

ARTICLE = "micro-jobs-vs-freelancing"
# The guide whose first section's thread holds one approved comment of each worst text shape,
# at full length (all on the first page of that thread).
WORST_GUIDE = "micro-jobs"
COMMENTS_PER_SECTION = 50
# The roadmap page at these sizes, each the roadmap of a user of its own: the recommended
# template's nine steps, less or more (custom milestones added through the roadmap service).
ROADMAP_SIZES = (5, 9, 50, 200)
RECOMMENDED_STEPS = 9
LOAD_COMMENT_LIMIT = "1000000 per minute"  # a per-address limit that load never reaches


def server_env(database_url: str, secret: str) -> dict[str, str]:
    """Environment of the app server under load: production settings, no flood pause.

    Every load client comes from 127.0.0.1, so the per-address limits on comments and
    registrations are lifted: the load measures the writes, not the refusals.
    """
    return {
        "APP_ENV": "production",
        "SECRET_KEY": secret,
        "DATABASE_URL": database_url,
        "BASE_URL": "http://127.0.0.1",
        "TRUSTED_HOSTS": "localhost",  # the seeding test client's host
        # The comment-post path measures posting, not the flood refusal.
        "COMMENT_FLOOD_SECONDS": "0",
        "COMMENT_LIMIT_ADDRESS": LOAD_COMMENT_LIMIT,  # every load client shares 127.0.0.1
        "REGISTER_LIMIT_ADDRESS": LOAD_COMMENT_LIMIT,  # the soak registers accounts too
    }


def make_app(database_url: str, secret: str):
    """The app as the server runs it (production settings), for seeding and counting."""
    # Spelled out rather than taken from APP_ENV, which the test suite sets to "testing":
    # cookies signed here must carry the production cookie names the server expects.
    production = {name: getattr(config.Config, name) for name in dir(config.Config)
                  if name.isupper()}
    return create_app({
        **production,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": secret,
        "BASE_URL": "http://127.0.0.1",
        "EXTRA_TRUSTED_HOSTS": ("localhost",),  # the test client's host
        "COMMENT_FLOOD_SECONDS": 0,
        "COMMENT_LIMIT_ADDRESS": LOAD_COMMENT_LIMIT,
    })


@dataclass
class Fixture:
    """What the load scripts need: a session cookie, its CSRF token and the paths to hit."""

    cookie: str
    csrf: str
    roadmap_path: str
    status_paths: list[str]
    article_path: str
    worst_path: str
    comment_path: str
    milestone_ids: list[int]
    roadmap_id: int
    # size -> (session cookie of its owner, roadmap page) of each of ROADMAP_SIZES
    sized_roadmaps: dict[int, tuple[str, str]] = field(default_factory=dict)

    def get_headers(self) -> dict[str, str]:
        """Headers of a signed-in page view."""
        return {"Cookie": self.cookie}

    def post_headers(self, htmx: bool) -> dict[str, str]:
        """Headers of a signed-in form post, as htmx or as a plain browser sends it."""
        headers = {
            "Cookie": self.cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": self.csrf,
        }
        if htmx:
            headers["HX-Request"] = "true"
        return headers


def seed_users(users: int) -> list[User]:
    """users accounts sharing one password hash (argon2 is slow on purpose)."""
    shared_hash = hash_password("bench password that nobody uses")
    people = [
        User(username=f"bench{n}", username_key=f"bench{n}", email=f"bench{n}@example.com",
             display_name=f"Bench {n}", password_hash=shared_hash)
        for n in range(users)
    ]
    db.session.add_all(people)
    db.session.commit()
    return people


def seed_sized_roadmaps(library) -> dict[int, int]:
    """A user of its own for each of ROADMAP_SIZES, with a roadmap of that many milestones;
    returns size -> the user's id."""
    owners = {}
    for size in ROADMAP_SIZES:
        person = User(username=f"sized{size}", username_key=f"sized{size}",
                      email=f"sized{size}@example.com", display_name=f"Sized {size}",
                      password_hash="not a hash: nobody signs in with a password here")
        db.session.add(person)
        db.session.commit()
        guided = size >= RECOMMENDED_STEPS
        roadmap = create_roadmap(person, f"{size} milestones",
                                 "recommended" if guided else "empty", library)
        for n in range(size - (RECOMMENDED_STEPS if guided else 0)):
            milestones.add_milestone(roadmap, "custom", None,
                                     milestones.Details(title=f"Milestone of my own {n + 1}"),
                                     actor=Actor.person(person))
        owners[size] = person.id
    return owners


def seed_comments(library, people: list[User], per_section: int = COMMENTS_PER_SECTION,
                  first: int = 0) -> None:
    """per_section approved comments on each section of the comparison article, numbered
    from first."""
    guide = library.get(ARTICLE)
    rows = []
    for section in guide.sections:
        for n in range(first, first + per_section):
            author = people[(n * 7) % len(people)]
            rows.append(Comment(
                guide_slug=guide.slug, section_key=section.key, user_id=author.id,
                author_name=author.display_name, author_email=author.email,
                body=f"Comment {n} on {section.title}.\nIt has a second line and a link: "
                     f"https://example.com/{n}",
                status="approved", moderation_reason="seeded",
            ))
    db.session.add_all(rows)
    db.session.commit()


def seed_worst_comments(library, people: list[User]) -> None:
    """One approved comment of each worst text shape, in the first thread of WORST_GUIDE."""
    guide = library.get(WORST_GUIDE)
    rows = [
        Comment(
            guide_slug=guide.slug, section_key=guide.sections[0].key,
            user_id=people[n % len(people)].id, author_name=people[n % len(people)].display_name,
            author_email=people[n % len(people)].email, body=shape(name),
            status="approved", moderation_reason="seeded",
        )
        for n, name in enumerate(SHAPES)
    ]
    db.session.add_all(rows)
    db.session.commit()


def prepare(database_url: str, secret: str, users: int = 300, worst_texts: bool = False,
            sized: bool = False) -> Fixture:
    """Migrate and seed the database (worst_texts: with seed_worst_comments; sized: with
    seed_sized_roadmaps, signed in too), sign a user in."""
    app = make_app(database_url, secret)
    library = app.extensions["library"]
    with app.app_context():
        flask_migrate.upgrade(directory=str(app.extensions["migrate"].directory))
        people = seed_users(users)
        for person in people:
            create_roadmap(person, "My roadmap", "recommended", library)
        seed_comments(library, people)
        if worst_texts:
            seed_worst_comments(library, people)
        owners = seed_sized_roadmaps(library) if sized else {}
        plans = {size: (db.session.get(User, user_id).session_token,
                        db.session.scalar(sa.text("SELECT id FROM roadmaps WHERE user_id = :u"),
                                          {"u": user_id}))
                 for size, user_id in owners.items()}
        db.session.remove()  # return the connection before closing the pool
        db.engine.dispose()
    fixture = sign_in_all(database_url, secret, 1)[0]
    for size, (token, roadmap_id) in plans.items():
        fixture.sized_roadmaps[size] = (sign_in(app, token)[0], f"/roadmap/{roadmap_id}")
    return fixture


def with_comments_per_section(database_url: str, secret: str, copy_path, per_section: int
                              ) -> str:
    """A copy of a prepared SQLite database whose comparison article has per_section
    approved comments on each section instead of COMMENTS_PER_SECTION; returns its URL."""
    source = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    target = sqlite3.connect(str(copy_path))
    with target:
        source.backup(target)
    source.close()
    target.close()
    copy_url = f"sqlite:///{copy_path}"
    app = make_app(copy_url, secret)
    with app.app_context():
        if per_section < COMMENTS_PER_SECTION:
            db.session.execute(sa.delete(Comment).where(Comment.guide_slug == ARTICLE))
            db.session.commit()
            added, first = per_section, 0
        else:
            added, first = per_section - COMMENTS_PER_SECTION, COMMENTS_PER_SECTION
        if added:
            people = list(db.session.scalars(sa.select(User).order_by(User.id).limit(100)))
            seed_comments(app.extensions["library"], people, added, first)
        db.session.remove()
        db.engine.dispose()
    return copy_url


def sign_in_all(database_url: str, secret: str, count: int) -> list[Fixture]:
    """A signed-in Fixture for each of the first count seeded users."""
    app = make_app(database_url, secret)
    section = app.extensions["library"].get(ARTICLE).sections[0].key
    worst_section = app.extensions["library"].get(WORST_GUIDE).sections[0].key
    with app.app_context():
        people = list(db.session.scalars(sa.select(User).order_by(User.id).limit(count)))
        plans = []
        for person in people:
            roadmap_id = db.session.scalar(
                sa.text("SELECT id FROM roadmaps WHERE user_id = :u"), {"u": person.id}
            )
            milestone_ids = list(db.session.scalars(
                sa.select(Milestone.id).where(Milestone.roadmap_id == roadmap_id)
                .order_by(Milestone.id)
            ))
            plans.append((person.session_token, roadmap_id, milestone_ids))
        db.session.remove()  # return the connection before closing the pool
        db.engine.dispose()
    fixtures = []
    for token, roadmap_id, milestone_ids in plans:
        cookie, csrf = sign_in(app, token)
        fixtures.append(Fixture(
            cookie=cookie,
            csrf=csrf,
            roadmap_path=f"/roadmap/{roadmap_id}",
            status_paths=[f"/roadmap/{roadmap_id}/milestones/{m}/status" for m in milestone_ids],
            article_path=f"/guides/{ARTICLE}",
            worst_path=f"/guides/{WORST_GUIDE}/{worst_section}/comments",
            comment_path=f"/guides/{ARTICLE}/{section}/comments",
            milestone_ids=milestone_ids,
            roadmap_id=roadmap_id,
        ))
    return fixtures


def sign_in(app, session_token: str) -> tuple[str, str]:
    """A session cookie header value for the user with session_token, and its CSRF token."""
    client = app.test_client()
    # Production cookies are Secure, so the client must speak https to keep them.
    with client.session_transaction(base_url="https://localhost") as session:
        session["_user_id"] = session_token
        session["_fresh"] = True
    csrf = csrf_token(client, base_url="https://localhost")
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name, domain="localhost")
    with app.app_context():
        db.session.remove()  # return the connection before closing the pool
        db.engine.dispose()
    return f"{name}={cookie.value}", csrf


def thread_headers(fixture: Fixture) -> dict[str, str]:
    """Headers of the comparison's first thread opened in place, as htmx asks for it."""
    return {"HX-Request": "true", "HX-Target": "comments-" + fixture.comment_path.split("/")[3],
            "HX-Current-URL": "http://127.0.0.1" + fixture.article_path}


def count_queries(database_url: str, secret: str, fixture: Fixture) -> dict[str, int]:
    """SQL statements per request of each benchmarked path, measured in-process."""
    from tests.perf.floor import PATH, add_floor

    app = add_floor(make_app(database_url, secret))
    client = app.test_client()
    anonymous = app.test_client()
    # The test client sends cookies from its own jar and ignores a Cookie header.
    name, value = fixture.cookie.split("=", 1)
    client.set_cookie(name, value, domain="localhost")
    headers = {"X-CSRFToken": fixture.csrf, "HX-Request": "true"}
    base = "http://localhost"
    calls = {
        "signed-in GET floor": lambda: client.get(PATH, base_url=base),
        "signed-in POST floor": lambda: client.post(PATH, base_url=base, headers=headers),
        "status change": lambda: client.post(fixture.status_paths[0], base_url=base,
                                             headers=headers, data={"status": "skipped"}),
        "comparison, 50 comments": lambda: anonymous.get(fixture.article_path, base_url=base),
        "thread, htmx, 50": lambda: client.get(fixture.comment_path, base_url=base,
                                               headers=thread_headers(fixture)),
        "comment thread page": lambda: client.get(fixture.comment_path, base_url=base),
        "worst comment texts": lambda: client.get(fixture.worst_path, base_url=base),
        "comment post": lambda: client.post(fixture.comment_path, base_url=base, headers=headers,
                                            data={"comment": "Counting the queries of a post."}),
    }
    for size, (cookie, path) in fixture.sized_roadmaps.items():
        owner = app.test_client()
        owner.set_cookie(*cookie.split("=", 1), domain="localhost")
        calls[f"roadmap, {size} milestones"] = lambda owner=owner, path=path: owner.get(
            path, base_url=base)
    counts = {}
    for name, call in calls.items():
        with recording_statements(app) as statements:
            response = call()
        if response.status_code >= 400:
            raise RuntimeError(
                f"{name} answered {response.status_code} while counting queries: "
                + response.get_data(as_text=True)[:300]
            )
        counts[name] = len(statements)
    with app.app_context():
        db.session.remove()  # return the connection before closing the pool
        db.engine.dispose()
    return counts
