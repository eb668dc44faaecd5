"""roadmaps

Revision ID: 0003_roadmaps
Revises: 0001_users

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_roadmaps'
down_revision = '0001_users'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('roadmaps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('template', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint(
        "template IN ('recommended', 'micro-jobs', 'freelancing', 'empty')",
        name=op.f('ck_roadmaps_template'),
    ),
    sa.ForeignKeyConstraint(
        ['user_id'], ['users.id'], name=op.f('fk_roadmaps_user_id_users'), ondelete='CASCADE'
    ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmaps'))
    )
    with op.batch_alter_table('roadmaps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmaps_user_id'), ['user_id'], unique=False)

    op.create_table('milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roadmap_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('evidence_url', sa.String(length=500), nullable=True),
    sa.Column('track', sa.String(length=16), nullable=False),
    sa.Column('step_key', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('skipped_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint(
        "status IN ('todo', 'doing', 'done', 'skipped')", name=op.f('ck_milestones_status')
    ),
    sa.CheckConstraint(
        "track IN ('micro-jobs', 'freelancing', 'custom')", name=op.f('ck_milestones_track')
    ),
    sa.ForeignKeyConstraint(
        ['roadmap_id'], ['roadmaps.id'], name=op.f('fk_milestones_roadmap_id_roadmaps'),
        ondelete='CASCADE',
    ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestones')),
    sa.UniqueConstraint('roadmap_id', 'track', 'step_key', name='uq_milestones_step')
    )
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.create_index(
            'ix_milestones_roadmap_track_position', ['roadmap_id', 'track', 'position'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_index('ix_milestones_roadmap_track_position')

    op.drop_table('milestones')
    with op.batch_alter_table('roadmaps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmaps_user_id'))

    op.drop_table('roadmaps')
