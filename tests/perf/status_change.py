"""Median time of a milestone status change, measured in-process with the Flask test client.

    .venv/bin/python tests/perf/status_change.py [--requests 400] [--postgres URL]

Also prints the SQL statements a roadmap page issues with 5 and with 200 milestones and those
a status change issues, and the same median for a bare Flask endpoint served the same way in
the same run (the yardstick of tests/perf/bare.py). Not a test: timings vary by machine.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("APP_ENV", "testing")

import sqlalchemy as sa  # noqa: E402

from planner import create_app  # noqa: E402
from planner.accounts.models import User  # noqa: E402
from planner.extensions import db  # noqa: E402
from planner.roadmaps.models import Milestone  # noqa: E402
from planner.roadmaps.service import create_roadmap  # noqa: E402
from tests.perf.bare import app as bare_app  # noqa: E402
from tests.support.databases import postgres_schema, recording_statements  # noqa: E402
from tests.support.forms import csrf_token  # noqa: E402

HX = {"HX-Request": "true"}


def build(app, sizes: tuple[int, ...]) -> tuple[str, dict[int, tuple[int, int]]]:
    """A user with one roadmap per size; returns the session token and {size: (roadmap, first)}."""
    with app.app_context():
        db.create_all()
        user = User(username="bench", username_key="bench", email="bench@example.com",
                    display_name="Bench", password_hash="!")
        db.session.add(user)
        db.session.commit()
        made = {}
        for size in sizes:
            roadmap = create_roadmap(user, f"{size} milestones", "empty", app.extensions["library"])
            db.session.add_all(
                Milestone(roadmap_id=roadmap.id, track="custom", position=n, title=f"Step {n}")
                for n in range(1, size + 1)
            )
            db.session.commit()
            first = db.session.scalar(
                sa.select(sa.func.min(Milestone.id)).where(Milestone.roadmap_id == roadmap.id)
            )
            made[size] = (roadmap.id, first)
        return user.session_token, made


@contextmanager
def counting(app):
    """Collect the statements that read or write data (BEGIN is transaction control)."""
    with recording_statements(app) as statements:
        yield statements
    statements[:] = [s for s in statements if not s.lstrip().upper().startswith("BEGIN")]


def median_ms(call, requests: int) -> float:
    """Median wall time of call() in milliseconds, after a short warm-up."""
    for _ in range(20):
        call(0)
    times = []
    for i in range(requests):
        start = time.perf_counter()
        call(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run(database_url: str, requests: int) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    token, made = build(app, (5, 200))
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = token
    csrf = csrf_token(client)
    roadmap, first = made[200]
    url = f"/roadmap/{roadmap}/milestones/{first + 7}/status"

    for size, (roadmap_id, _) in sorted(made.items()):
        with counting(app) as sql:
            assert client.get(f"/roadmap/{roadmap_id}").status_code == 200
        print(f"roadmap page, {size:>3} milestones: {len(sql)} queries")
    with counting(app) as sql:
        assert client.post(url, data={"csrf_token": csrf, "status": "done"},
                           headers=HX).status_code == 200
    print(f"status change (htmx): {len(sql)} queries: " + ", ".join(s.split()[0] for s in sql))

    def change(i, headers=HX, expected=200):
        status = "done" if i % 2 else "doing"  # every request really changes the row
        response = client.post(url, data={"csrf_token": csrf, "status": status}, headers=headers)
        assert response.status_code == expected, response.status_code

    bare = bare_app.test_client()
    bare_ms = median_ms(lambda i: bare.get("/"), requests)
    htmx_ms = median_ms(change, requests)
    plain_ms = median_ms(lambda i: change(i, headers={}, expected=303), requests)
    print(f"bare Flask endpoint:        median {bare_ms:.3f} ms over {requests} requests")
    print(f"status change, htmx:        median {htmx_ms:.3f} ms ({htmx_ms / bare_ms:.1f}x bare)")
    print(f"status change, no-JS (303): median {plain_ms:.3f} ms ({plain_ms / bare_ms:.1f}x bare)")
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--postgres", metavar="URL", help="PostgreSQL server instead of SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        schema = postgres_schema(args.postgres) if args.postgres else nullcontext(None)
        with schema as url:
            url = url or f"sqlite:///{folder}/bench.db"
            print(f"database: {url.split(':', 1)[0]}")
            run(url, args.requests)


if __name__ == "__main__":
    main()
