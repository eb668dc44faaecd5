"""hot path indexes: the author checks of a comment post and the look-up of the admins

The author's comments are found through (user_id, created_at) and (author_email, created_at),
which serve every query the single-column indexes served and give the latest comment at once;
users.role gets an index of its own.

Revision ID: 0020_hot_path_indexes
Revises: 0018_milestone_history

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0020_hot_path_indexes'
down_revision = '0018_milestone_history'
branch_labels = None
depends_on = None

# (table, new index, its columns, the index it replaces, that one's columns)
REPLACED = (
    ("comments", "ix_comments_user_created", ["user_id", "created_at"],
     "ix_comments_user_id", ["user_id"]),
    ("comments", "ix_comments_author_created", ["author_email", "created_at"],
     "ix_comments_author_email", ["author_email"]),
)


def upgrade():
    for table, new, columns, old, _old_columns in REPLACED:
        op.create_index(new, table, columns, unique=False)
        op.drop_index(old, table_name=table)
    op.create_index("ix_users_role", "users", ["role"], unique=False)


def downgrade():
    op.drop_index("ix_users_role", table_name="users")
    for table, new, _columns, old, old_columns in REPLACED:
        op.create_index(old, table, old_columns, unique=False)
        op.drop_index(new, table_name=table)
