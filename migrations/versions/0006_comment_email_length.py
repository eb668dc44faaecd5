"""A comment's email column holds any account's address

Revision ID: 0006_comment_email_length
Revises: 0005_admin

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_comment_email_length'
down_revision = '0005_admin'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments') as batch:
        batch.alter_column('author_email', existing_type=sa.String(length=100),
                           type_=sa.String(length=254), existing_nullable=False)


def downgrade():
    # Addresses longer than the old column are cut, as the old schema cannot hold them.
    op.execute("UPDATE comments SET author_email = substr(author_email, 1, 100)")
    with op.batch_alter_table('comments') as batch:
        batch.alter_column('author_email', existing_type=sa.String(length=254),
                           type_=sa.String(length=100), existing_nullable=False)
