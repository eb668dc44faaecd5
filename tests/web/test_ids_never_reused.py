"""A deleted row's id is never handed out again, on SQLite as on PostgreSQL.

SQLite without AUTOINCREMENT gives a new row the id of the deleted newest one, and ids
outlive their rows: a guest's session remembers its held comments by id, the audit trail
names comments by id, idempotency keys and links in mail name what they made.
"""

import flask_migrate
import pytest
import sqlalchemy as sa
from sqlalchemy import Integer, delete, text

from planner import create_app
from planner.accounts.models import User
from planner.comments.models import AuditEntry, Comment
from planner.extensions import db
from planner.idempotency import IdempotencyKey
from tests.support.comments import GUIDE_URL, THREAD_URL

BEFORE = "0016_sharing"  # the revision before ids were never reused
REVISION = "0017_ids_never_reused"  # the one that makes them so (later ones add tables)
HELD_BODY = "A second guest's words, held for moderation and private to them."


def test_a_session_never_sees_a_comment_that_took_its_deleted_comments_id(
    app, client, post, post_comment, all_comments
):
    """Guest one's held comment is deleted; guest two's held one must not show to guest one."""
    assert post_comment(comment="Guest one's first words.").status_code == 303
    [first] = all_comments()
    assert first.status == "pending"
    with app.app_context():
        db.session.execute(delete(Comment).where(Comment.id == first.id))  # deleted for good
        db.session.commit()
    data = {"comment": HELD_BODY, "author": "Bea Guest", "email": "bea@example.com"}
    answer = post(THREAD_URL, data, client=app.test_client(),
                  environ_base={"REMOTE_ADDR": "192.0.2.99"})
    assert answer.status_code == 303
    [second] = all_comments()
    assert second.status == "pending"
    assert second.id != first.id
    assert HELD_BODY not in client.get(GUIDE_URL).get_data(as_text=True)


def test_the_audit_trail_of_a_deleted_comment_names_no_later_comment(app, make_comment):
    comment = make_comment()
    with app.app_context():
        db.session.add(AuditEntry(admin_name="Boss", action="delete", comment_id=comment.id))
        db.session.execute(delete(Comment).where(Comment.id == comment.id))
        db.session.commit()
    later = make_comment()
    assert later.id != comment.id


def numbered(table) -> bool:
    """True when table's key is one integer id of its own (not another table's id)."""
    key = list(table.primary_key.columns)
    return len(key) == 1 and isinstance(key[0].type, Integer) and not key[0].foreign_keys


NUMBERED = [t.name for t in db.metadata.sorted_tables if numbered(t)]


@pytest.mark.parametrize("table", NUMBERED)
def test_every_model_with_a_numbered_id_tells_sqlite_never_to_reuse_one(table):
    assert db.metadata.tables[table].dialect_options["sqlite"]["autoincrement"] is True


def test_the_migrations_make_every_numbered_table_number_on_from_its_highest_id(tmp_path):
    """A table a migration creates must say sqlite_autoincrement=True itself."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}"})
    with app.app_context():
        flask_migrate.upgrade()
        schema = dict(db.session.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())
        db.session.remove()
        db.engine.dispose()
    assert "users" in NUMBERED and "comments" in NUMBERED
    plain = [name for name in NUMBERED if "AUTOINCREMENT" not in schema[name]]
    assert plain == []


def schema_of(conn) -> dict:
    """Each table's columns, keys, indexes and checks, as reflection sees them.

    The primary key by its columns alone: SQLite writes an AUTOINCREMENT key inline, unnamed.
    """
    inspector = sa.inspect(conn)
    return {
        table: (
            [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)],
            inspector.get_pk_constraint(table)["constrained_columns"],
            sorted(map(repr, inspector.get_foreign_keys(table))),
            sorted(map(repr, inspector.get_indexes(table))),
            sorted(map(repr, inspector.get_unique_constraints(table))),
            sorted(map(repr, inspector.get_check_constraints(table))),
        )
        for table in inspector.get_table_names() if table not in ("alembic_version",
                                                                  "sqlite_sequence")
    }


def counts(conn) -> dict[str, int]:
    """Rows in each table."""
    return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()  # noqa: S608
            for t in sa.inspect(conn).get_table_names()}


def test_the_migration_keeps_every_row_and_constraint_and_numbers_past_named_ids(tmp_path):
    """On a filled SQLite database: rows that refer to the rebuilt tables all survive."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'full.db'}"})
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE)
        owner = User(username="ana", username_key="ana", email="ana@example.com",
                     display_name="Ana", password_hash="!")
        db.session.add(owner)
        db.session.flush()
        # Written as that revision's tables stood: today's models have columns added since.
        db.session.execute(text(
            "INSERT INTO roadmaps (user_id, name, template, created_at)"
            " VALUES (:user, 'Mine', 'recommended', CURRENT_TIMESTAMP)"), {"user": owner.id})
        for n, key in enumerate(("register", "daily-tasks"), start=1):
            db.session.execute(text(
                "INSERT INTO milestones (roadmap_id, position, title, notes, track, step_key,"
                " status, status_changed_at, created_at) VALUES (1, :n, :key, '', 'micro-jobs',"
                " :key, 'todo', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"n": n, "key": key})
        top = Comment(guide_slug="g", section_key="s", user_id=owner.id, author_name="Ana",
                      author_email="ana@example.com", body="top", status="approved")
        db.session.add(top)
        db.session.flush()
        db.session.add(Comment(guide_slug="g", section_key="s", parent_id=top.id, depth=2,
                               author_name="Bo", author_email="bo@example.com", body="reply"))
        # A deleted comment the audit trail still names, and one an idempotency key names.
        db.session.add(AuditEntry(admin_name="Boss", action="delete", comment_id=7))
        db.session.add(IdempotencyKey(key="k" * 20, user_id=owner.id, action="comment",
                                      result_id=9))
        db.session.commit()
        with db.engine.connect() as conn:
            before_schema, before_counts = schema_of(conn), counts(conn)
        flask_migrate.upgrade(revision=REVISION)
        with db.engine.connect() as conn:
            assert counts(conn) == before_counts
            assert schema_of(conn) == before_schema
        later = Comment(guide_slug="g", section_key="s", author_name="Cy",
                        author_email="cy@example.com", body="later")
        db.session.add(later)
        db.session.commit()
        assert later.id == 10  # past 9, the highest id anything names
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.session.remove()
        flask_migrate.downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            assert counts(conn)["comments"] == before_counts["comments"] + 1
            assert schema_of(conn) == before_schema
            assert "AUTOINCREMENT" not in conn.execute(text(
                "SELECT sql FROM sqlite_master WHERE name = 'comments'")).scalar_one()
        db.engine.dispose()
