"""hot path indexes: a comment post's author checks, the admins, the newest cash-outs

The author's comments are found through (user_id, created_at) and (author_email, created_at),
and a user's cash-outs and fund spends through (user_id, day, id): each serves every query the
single-column index it replaces served, and gives the latest rows without a sort; users.role
gets an index of its own.

Revision ID: 0020_hot_path_indexes
Revises: 0019_thread_versions

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0020_hot_path_indexes'
down_revision = '0019_thread_versions'
branch_labels = None
depends_on = None

# (table, new index, its columns, the index it replaces, that one's columns)
REPLACED = (
    ("comments", "ix_comments_user_created", ["user_id", "created_at"],
     "ix_comments_user_id", ["user_id"]),
    ("comments", "ix_comments_author_created", ["author_email", "created_at"],
     "ix_comments_author_email", ["author_email"]),
    ("cash_outs", "ix_cash_outs_user_day", ["user_id", "day", "id"],
     "ix_cash_outs_user_id", ["user_id"]),
    ("fund_spends", "ix_fund_spends_user_day", ["user_id", "day", "id"],
     "ix_fund_spends_user_id", ["user_id"]),
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
