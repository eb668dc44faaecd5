"""The path finder's saved answers, and the answers each roadmap was built from

Revision ID: 0010_path_finder
Revises: 0009_name_skeletons

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_path_finder'
down_revision = '0009_name_skeletons'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('path_answers',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_path_answers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_path_answers'))
    )
    op.create_table('roadmap_answers',
    sa.Column('roadmap_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.String(length=200), nullable=False),
    sa.Column('path', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['roadmap_id'], ['roadmaps.id'],
                            name=op.f('fk_roadmap_answers_roadmap_id_roadmaps'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('roadmap_id', name=op.f('pk_roadmap_answers'))
    )


def downgrade():
    op.drop_table('roadmap_answers')
    op.drop_table('path_answers')
