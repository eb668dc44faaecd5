"""A section's thread version moves with every write that changes an approved comment, in
the same transaction, whichever code makes it; writes that touch no approved row leave it."""

from datetime import UTC, datetime

import flask_migrate
import pytest
import sqlalchemy as sa
from sqlalchemy import delete, insert, select, update

from planner import create_app
from planner.accounts.models import User
from planner.comments import moderation, removal
from planner.comments.models import Comment, ThreadVersion
from planner.comments.versions import thread_version
from planner.database import utcnow
from planner.extensions import db
from tests.support.comments import GUIDE, SECTION

OTHER = "key-differences"


@pytest.fixture
def version(app):
    """version(section=SECTION) reads the section's thread version."""

    def read(section: str = SECTION) -> int:
        with app.app_context():
            return thread_version(GUIDE, section)

    return read


def change(app, statement) -> None:
    """Run one statement and commit."""
    with app.app_context():
        db.session.execute(statement)
        db.session.commit()


def test_an_approved_comment_moves_its_section_alone(make_comment, version):
    before, other = version(), version(OTHER)
    make_comment()
    assert version() > before and version(OTHER) == other


@pytest.mark.parametrize("status", ["pending", "spam", "trash"])
def test_a_comment_nobody_else_sees_moves_nothing(make_comment, version, status):
    before = version()
    comment = make_comment(status=status)
    assert version() == before
    make_comment(parent=comment, status=status)
    assert version() == before


@pytest.mark.parametrize(("before_status", "after_status", "moves"), [
    ("approved", "spam", True), ("approved", "trash", True), ("approved", "pending", True),
    ("pending", "approved", True), ("spam", "approved", True), ("pending", "trash", False),
])
def test_status_changes(app, make_comment, version, before_status, after_status, moves):
    comment = make_comment(status=before_status)
    before = version()
    change(app, update(Comment).where(Comment.id == comment.id).values(status=after_status))
    assert (version() > before) is moves


@pytest.mark.parametrize("values", [{"body": "Edited."}, {"author_name": "Renamed"},
                                    {"author_url": "https://x.example"}, {"depth": 2}])
def test_edits_of_an_approved_comment(app, make_comment, version, values):
    comment = make_comment()
    before = version()
    change(app, update(Comment).where(Comment.id == comment.id).values(**values))
    assert version() > before


def test_a_comment_moved_to_another_section_moves_both(app, make_comment, version):
    comment = make_comment()
    before, other = version(), version(OTHER)
    change(app, update(Comment).where(Comment.id == comment.id).values(section_key=OTHER))
    assert version() > before and version(OTHER) > other


def test_deleting_and_bulk_writes(app, make_comment, bulk_comments, version):
    first = make_comment()
    before = version()
    change(app, delete(Comment).where(Comment.id == first.id))
    deleted = version()
    assert deleted > before
    bulk_comments([{"body": f"Bulk {n}"} for n in range(3)])
    inserted = version()
    assert inserted >= deleted + 3  # one bump a row
    change(app, update(Comment).values(status="spam"))
    assert version() > inserted


def test_moderation_and_removal_code(app, make_comment, make_user, version):
    admin = make_user(role="admin")
    parent = make_comment()
    child = make_comment(parent=parent)
    held = make_comment(status="pending")
    with app.app_context(), app.test_request_context():
        boss = db.session.get(User, admin.id)
        seen = [version()]
        moderation.apply_action([held.id], "approve", boss)
        seen.append(version())
        moderation.edit_comment(db.session.get(Comment, child.id), {"body": "Fixed."}, boss)
        seen.append(version())
        moderation.apply_action([parent.id], "trash", boss)
        seen.append(version())
        removal.delete_comments([parent.id])  # the reply moves up a level
        db.session.commit()
        seen.append(version())
    assert seen == sorted(set(seen)), seen


@pytest.mark.parametrize("keep", [True, False])
def test_a_leaving_members_comments(app, make_comment, make_user, version, keep):
    member = make_user()
    make_comment(user_id=member.id, author_name="Member")
    before = version()
    with app.app_context():
        removal.release_comments_of(member.id, keep_comments=keep)
        db.session.commit()
    assert version() > before


def test_deleting_a_user_row_itself_sets_null_through_the_foreign_key(app, make_comment,
                                                                       make_user, version):
    member = make_user()
    make_comment(user_id=member.id)
    before = version()
    change(app, delete(User).where(User.id == member.id))
    assert version() > before


def test_versions_never_go_back_to_numbers_a_restored_backup_would_reach_again(
    app, make_comment, version
):
    """A version is at least the database clock in milliseconds: after a restore brings old
    versions back, the next writes move past every number used before it."""
    make_comment()
    assert version() >= int(datetime.now(UTC).timestamp() * 1000) - 60_000
    with app.app_context():
        db.session.execute(update(ThreadVersion).values(version=5))  # as restored
        db.session.commit()
    make_comment()
    assert version() > 10**12


def test_a_write_rolled_back_moves_nothing(app, make_comment, version):
    comment = make_comment()
    before = version()
    with app.app_context():
        db.session.execute(update(Comment).where(Comment.id == comment.id).values(body="x"))
        assert thread_version(GUIDE, SECTION) > before  # the same transaction sees it
        db.session.rollback()
    assert version() == before


def test_the_migrations_make_the_same_triggers(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        flask_migrate.upgrade()
        row = {"guide_slug": GUIDE, "section_key": SECTION, "author_name": "A",
               "author_email": "a@example.com", "body": "b", "status": "approved",
               "moderation_reason": "", "depth": 1, "created_at": utcnow(),
               "updated_at": utcnow()}
        db.session.execute(insert(Comment), [row, {**row, "status": "pending"}])
        db.session.commit()
        first = thread_version(GUIDE, SECTION)
        assert first > 0
        db.session.commit()
        db.session.execute(update(Comment).values(body="c"))
        db.session.execute(delete(Comment).where(Comment.status == "pending"))
        db.session.commit()
        # The approved row's update counts the version it left and the one it went to;
        # the pending one's changes count nothing.
        assert thread_version(GUIDE, SECTION) >= first + 2
        db.session.commit()
        flask_migrate.downgrade(revision="0018_milestone_history")
        with db.engine.connect() as conn:
            assert "comment_thread_versions" not in sa.inspect(conn).get_table_names()
        flask_migrate.upgrade()
        assert db.session.scalar(select(ThreadVersion.version)) > 0  # approved ones: a version
        db.session.commit()
        db.session.execute(delete(Comment))
        db.session.commit()
        db.drop_all()
        db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.engine.dispose()
