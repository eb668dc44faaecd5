"""name skeletons: what usernames and display names look like, to refuse look-alikes

Revision ID: 0009_name_skeletons
Revises: 0008_idempotency_keys

"""
from alembic import op
import sqlalchemy as sa

from planner.accounts.names import name_skeleton


# revision identifiers, used by Alembic.
revision = '0009_name_skeletons'
down_revision = '0008_idempotency_keys'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('username_skeleton', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('display_skeleton', sa.String(length=255), nullable=True))
    users = sa.table(
        'users',
        sa.column('id', sa.Integer),
        sa.column('username', sa.String),
        sa.column('display_name', sa.String),
        sa.column('username_skeleton', sa.String),
        sa.column('display_skeleton', sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.username, users.c.display_name))
    for row in rows.all():
        connection.execute(
            users.update()
            .where(users.c.id == row.id)
            .values(
                username_skeleton=name_skeleton(row.username),
                display_skeleton=name_skeleton(row.display_name),
            )
        )
    with op.batch_alter_table('users', schema=None) as batch_op:
        for column in ('username_skeleton', 'display_skeleton'):
            batch_op.alter_column(column, existing_type=sa.String(length=255), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_users_{column}'), [column], unique=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_display_skeleton'))
        batch_op.drop_index(batch_op.f('ix_users_username_skeleton'))
        batch_op.drop_column('display_skeleton')
        batch_op.drop_column('username_skeleton')
