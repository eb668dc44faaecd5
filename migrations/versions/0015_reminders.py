"""reminders: the kinds each account asked for, and the log of reminders sent

Existing accounts start with both reminders off: nobody asked for them yet.

Revision ID: 0015_reminders
Revises: 0014_preferences

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_reminders'
down_revision = '0014_preferences'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('remind_weekly', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column('remind_day_before', sa.Boolean(), nullable=False,
                      server_default=sa.false())
        )
    op.create_table(
        'reminders_sent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('milestone_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_reminders_sent_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders_sent')),
        sa.UniqueConstraint('user_id', 'kind', 'milestone_id', 'period',
                            name='uq_reminders_sent_once'),
    )


def downgrade():
    op.drop_table('reminders_sent')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('remind_day_before')
        batch_op.drop_column('remind_weekly')
