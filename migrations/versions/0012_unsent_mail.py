"""Mail the queue could not take keeps its text, to be queued again

Revision ID: 0012_unsent_mail
Revises: 0011_earnings

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_unsent_mail'
down_revision = '0011_earnings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('failed_mail') as batch:
        batch.add_column(sa.Column('unsent', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('failed_mail') as batch:
        batch.drop_column('unsent')
