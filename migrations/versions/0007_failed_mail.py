"""Mail the worker gave up on, kept for admins

Revision ID: 0007_failed_mail
Revises: 0006_comment_email_length

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_failed_mail'
down_revision = '0006_comment_email_length'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('failed_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('failed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_mail'))
    )


def downgrade():
    op.drop_table('failed_mail')
