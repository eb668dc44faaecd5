"""preferences: each account's time zone and locale

Existing accounts read dates as before: UTC, and British English.

Revision ID: 0014_preferences
Revises: 0013_email_verification

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_preferences'
down_revision = '0013_email_verification'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('time_zone', sa.String(length=64), nullable=False, server_default='UTC')
        )
        batch_op.add_column(
            sa.Column('locale', sa.String(length=16), nullable=False, server_default='en_GB')
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locale')
        batch_op.drop_column('time_zone')
