"""thread versions: a version per section's thread, bumped by triggers on every write that
touches an approved comment (rendered threads are cached by it), and the index that reads a
section's comments and their replies in the order they are shown

Revision ID: 0019_thread_versions
Revises: 0018_milestone_history

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_thread_versions'
down_revision = '0018_milestone_history'
branch_labels = None
depends_on = None

# As planner/comments/versions.py makes them for a new database, frozen here.
_NOW_SQLITE = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
_BUMP_SQLITE = """
    INSERT INTO comment_thread_versions (guide_slug, section_key, version)
    VALUES ({row}.guide_slug, {row}.section_key, NOW_MS)
    ON CONFLICT (guide_slug, section_key) DO UPDATE SET version = max(version + 1, NOW_MS);"""
_BUMP_SQLITE = _BUMP_SQLITE.replace("NOW_MS", _NOW_SQLITE)
SQLITE_TRIGGERS = (
    "CREATE TRIGGER comments_version_insert AFTER INSERT ON comments"
    " WHEN NEW.status = 'approved' BEGIN" + _BUMP_SQLITE.format(row="NEW") + " END",
    "CREATE TRIGGER comments_version_update AFTER UPDATE ON comments"
    " WHEN OLD.status = 'approved' OR NEW.status = 'approved' BEGIN"
    + _BUMP_SQLITE.format(row="OLD") + _BUMP_SQLITE.format(row="NEW") + " END",
    "CREATE TRIGGER comments_version_delete AFTER DELETE ON comments"
    " WHEN OLD.status = 'approved' BEGIN" + _BUMP_SQLITE.format(row="OLD") + " END",
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
    "    IF OLD.status = 'approved' THEN" + _BUMP_POSTGRESQL.format(row="OLD") + "\n"
    "    END IF;\n"
    "  END IF;\n"
    "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
    "    IF NEW.status = 'approved' THEN" + _BUMP_POSTGRESQL.format(row="NEW") + "\n"
    "    END IF;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END\n"
    "$$ LANGUAGE plpgsql",
    "CREATE TRIGGER comments_thread_version AFTER INSERT OR UPDATE OR DELETE ON comments"
    " FOR EACH ROW EXECUTE FUNCTION bump_comment_thread_version()",
)


def upgrade():
    op.create_table(
        'comment_thread_versions',
        sa.Column('guide_slug', sa.String(length=64), nullable=False),
        sa.Column('section_key', sa.String(length=64), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('guide_slug', 'section_key',
                                name=op.f('pk_comment_thread_versions')),
    )
    # Not in batch mode: rebuilding the table on SQLite would be needless here.
    op.create_index('ix_comments_section_tree', 'comments',
                    ['guide_slug', 'section_key', 'parent_id', 'created_at', 'id'], unique=False)
    name = op.get_bind().dialect.name
    for statement in {'sqlite': SQLITE_TRIGGERS, 'postgresql': POSTGRESQL_TRIGGERS}.get(name, ()):
        op.execute(statement)
    # Threads that already have approved comments start at the current version.
    now = {'sqlite': _NOW_SQLITE, 'postgresql': _NOW_POSTGRESQL}.get(name, '1')
    starting = ("INSERT INTO comment_thread_versions (guide_slug, section_key, version)"
                " SELECT DISTINCT guide_slug, section_key, NOW_MS FROM comments"
                " WHERE status = 'approved'")
    op.execute(starting.replace("NOW_MS", now))


def downgrade():
    name = op.get_bind().dialect.name
    if name == 'sqlite':
        for trigger in ('comments_version_insert', 'comments_version_update',
                        'comments_version_delete'):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    elif name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS comments_thread_version ON comments")
        op.execute("DROP FUNCTION IF EXISTS bump_comment_thread_version()")
    op.drop_index('ix_comments_section_tree', table_name='comments')
    op.drop_table('comment_thread_versions')
