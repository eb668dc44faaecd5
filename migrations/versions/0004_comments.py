"""comments

Revision ID: 0004_comments
Revises: 0003_roadmaps

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_comments'
down_revision = '0003_roadmaps'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('guide_slug', sa.String(length=64), nullable=False),
    sa.Column('section_key', sa.String(length=64), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=245), nullable=False),
    sa.Column('author_email', sa.String(length=100), nullable=False),
    sa.Column('author_url', sa.String(length=200), nullable=True),
    sa.Column('author_ip', sa.String(length=45), nullable=True),
    sa.Column('user_agent', sa.String(length=255), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('moderation_reason', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint(
        "status IN ('pending', 'approved', 'spam', 'trash')", name=op.f('ck_comments_status')
    ),
    sa.ForeignKeyConstraint(
        ['parent_id'], ['comments.id'], name=op.f('fk_comments_parent_id_comments')
    ),
    sa.ForeignKeyConstraint(
        ['user_id'], ['users.id'], name=op.f('fk_comments_user_id_users'), ondelete='SET NULL'
    ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index('ix_comments_author_email', ['author_email'], unique=False)
        batch_op.create_index('ix_comments_author_ip', ['author_ip'], unique=False)
        batch_op.create_index('ix_comments_parent_id', ['parent_id'], unique=False)
        batch_op.create_index(
            'ix_comments_thread',
            ['guide_slug', 'section_key', 'status', 'created_at'],
            unique=False,
        )
        batch_op.create_index('ix_comments_user_id', ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_user_id')
        batch_op.drop_index('ix_comments_thread')
        batch_op.drop_index('ix_comments_parent_id')
        batch_op.drop_index('ix_comments_author_ip')
        batch_op.drop_index('ix_comments_author_email')

    op.drop_table('comments')
