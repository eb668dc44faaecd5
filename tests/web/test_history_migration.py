"""Milestones made before the history existed get one rebuilt from what their rows remember."""

from datetime import datetime

import flask_migrate
import sqlalchemy as sa

from planner import create_app
from planner.extensions import db

BEFORE = "0017_ids_never_reused"
ADDED, DONE, SKIPPED, STARTED = (datetime(2026, 3, d, 9) for d in (1, 2, 3, 4))


def test_the_migration_rebuilds_a_history_for_milestones_made_before(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO users (id, username, username_key, email, display_name,"
                " username_skeleton, display_skeleton, password_hash, role, session_token,"
                " created_at, time_zone, locale) VALUES (1, 'ana', 'ana', 'a@example.com', 'Ana',"
                " 'ana', 'ana', '!', 'user', 'token', :at, 'UTC', 'en_GB')"), {"at": ADDED})
            conn.execute(sa.text(
                "INSERT INTO roadmaps (id, user_id, name, template, created_at)"
                " VALUES (1, 1, 'Plan', 'empty', :at)"), {"at": ADDED})
            for n, (status, done, skipped, changed) in enumerate([
                ("todo", None, None, ADDED), ("done", DONE, None, DONE),
                ("skipped", None, SKIPPED, SKIPPED), ("doing", None, None, STARTED),
            ], start=1):
                conn.execute(sa.text(
                    "INSERT INTO milestones (id, roadmap_id, position, title, notes, track,"
                    " status, status_changed_at, done_at, skipped_at, created_at)"
                    " VALUES (:n, 1, :n, :title, '', 'custom', :status, :changed, :done,"
                    " :skipped, :at)"),
                    {"n": n, "title": f"Milestone {n}", "status": status, "changed": changed,
                     "done": done, "skipped": skipped, "at": ADDED})
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT milestone_id, kind, old_value, new_value, actor, actor_id, created_at,"
                " title FROM milestone_events ORDER BY created_at, milestone_id")).all()
            minutes = conn.execute(sa.text("SELECT minutes_spent FROM milestones")).scalars()
            assert set(minutes) == {0}
        db.engine.dispose()
    as_tuples = [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]
    assert as_tuples == [
        (1, "added", None, "todo", "person", 1), (2, "added", None, "todo", "person", 1),
        (3, "added", None, "todo", "person", 1), (4, "added", None, "todo", "person", 1),
        (2, "status", "todo", "done", "person", 1),
        (3, "status", "todo", "skipped", "person", 1),
        (4, "status", "todo", "doing", "person", 1),
    ]
    assert [str(r[6])[:10] for r in rows[4:]] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert rows[4][7] == "Milestone 2"
