"""The version of each section's thread: bumped by database triggers in the transaction of
every write that adds, changes, moves or removes an approved comment, so no code path (a
post, an edit, moderation, a bulk action, account deletion, an import) can forget it.

A version is the larger of "one more" and the database's clock in milliseconds: a database
restored from a backup, its versions older, never meets a kept page of a version it will
reach again, as it reaches only later numbers.

Only approved comments reach the public part of a thread (held ones are shown to their
author alone, and never cached), so writes that touch no approved row leave it alone.
Migration 0019_thread_versions creates the same triggers; a migration that rebuilds the
comments table on SQLite (batch mode) drops them and must create them again.
"""

from sqlalchemy import DDL, event, select

from planner.comments.models import Comment, ThreadVersion
from planner.comments.status import CommentStatus
from planner.extensions import db

APPROVED = f"'{CommentStatus.APPROVED.value}'"  # as SQL, in every trigger below
_NOW_SQLITE = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
_BUMP_SQLITE = """
    INSERT INTO comment_thread_versions (guide_slug, section_key, version)
    VALUES ({row}.guide_slug, {row}.section_key, NOW_MS)
    ON CONFLICT (guide_slug, section_key) DO UPDATE SET version = max(version + 1, NOW_MS);"""
_BUMP_SQLITE = _BUMP_SQLITE.replace("NOW_MS", _NOW_SQLITE)
SQLITE_TRIGGERS = (
    "CREATE TRIGGER comments_version_insert AFTER INSERT ON comments"
    " WHEN NEW.status = " + APPROVED + " BEGIN" + _BUMP_SQLITE.format(row="NEW") + " END",
    "CREATE TRIGGER comments_version_update AFTER UPDATE ON comments"
    " WHEN OLD.status = " + APPROVED + " OR NEW.status = " + APPROVED + " BEGIN"
    + _BUMP_SQLITE.format(row="OLD") + _BUMP_SQLITE.format(row="NEW") + " END",
    "CREATE TRIGGER comments_version_delete AFTER DELETE ON comments"
    " WHEN OLD.status = " + APPROVED + " BEGIN" + _BUMP_SQLITE.format(row="OLD") + " END",
)
_NOW_POSTGRESQL = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint"
_BUMP_POSTGRESQL = """
      INSERT INTO comment_thread_versions (guide_slug, section_key, version)
      VALUES ({row}.guide_slug, {row}.section_key, NOW_MS)
      ON CONFLICT (guide_slug, section_key)
      DO UPDATE SET version = GREATEST(comment_thread_versions.version + 1, NOW_MS);"""
_BUMP_POSTGRESQL = _BUMP_POSTGRESQL.replace("NOW_MS", _NOW_POSTGRESQL)
POSTGRESQL_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION bump_comment_thread_version() RETURNS trigger AS $$\n"
    "BEGIN\n"
    "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
    "    IF OLD.status = " + APPROVED + " THEN" + _BUMP_POSTGRESQL.format(row="OLD") + "\n"
    "    END IF;\n"
    "  END IF;\n"
    "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
    "    IF NEW.status = " + APPROVED + " THEN" + _BUMP_POSTGRESQL.format(row="NEW") + "\n"
    "    END IF;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END\n"
    "$$ LANGUAGE plpgsql",
    "CREATE TRIGGER comments_thread_version AFTER INSERT OR UPDATE OR DELETE ON comments"
    " FOR EACH ROW EXECUTE FUNCTION bump_comment_thread_version()",
)

for _statement in SQLITE_TRIGGERS:
    event.listen(Comment.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRESQL_TRIGGERS:
    event.listen(Comment.__table__, "after_create",
                 DDL(_statement).execute_if(dialect="postgresql"))


def thread_version(guide_slug: str, section_key: str) -> int:
    """The current version of a section's thread (0 before its first approved comment)."""
    found = db.session.scalar(
        select(ThreadVersion.version).where(
            ThreadVersion.guide_slug == guide_slug, ThreadVersion.section_key == section_key
        )
    )
    return found or 0
