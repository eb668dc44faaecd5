"""email verification: when the owner confirmed the account's address

Existing accounts start unverified: no one ever proved that their address reaches them, and
that is the proof notification mail now needs. Their owners ask for a link on the account page.

Revision ID: 0013_email_verification
Revises: 0012_unsent_mail

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_email_verification'
down_revision = '0012_unsent_mail'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_verified_at')
