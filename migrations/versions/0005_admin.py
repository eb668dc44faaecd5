"""admin

Revision ID: 0005_admin
Revises: 0004_comments

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_admin'
down_revision = '0004_comments'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_opt_outs',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('email', name=op.f('pk_mail_opt_outs'))
    )
    op.create_table('moderation_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manual_approval', sa.Boolean(), nullable=False),
    sa.Column('require_approved_author', sa.Boolean(), nullable=False),
    sa.Column('link_threshold', sa.Integer(), nullable=False),
    sa.Column('moderation_words', sa.Text(), nullable=False),
    sa.Column('disallowed_words', sa.Text(), nullable=False),
    sa.Column('flood_seconds', sa.Integer(), nullable=False),
    sa.Column('thread_depth', sa.Integer(), nullable=False),
    sa.Column('per_page', sa.Integer(), nullable=False),
    sa.Column('signed_in_only', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_settings'))
    )
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('admin_id', sa.Integer(), nullable=True),
    sa.Column('admin_name', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('status_before', sa.String(length=16), nullable=True),
    sa.Column('status_after', sa.String(length=16), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(
        ['admin_id'], ['users.id'],
        name=op.f('fk_audit_entries_admin_id_users'), ondelete='SET NULL',
    ),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_action', ['action'], unique=False)
        batch_op.create_index('ix_audit_entries_admin_id', ['admin_id'], unique=False)
        batch_op.create_index('ix_audit_entries_created_at', ['created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_created_at')
        batch_op.drop_index('ix_audit_entries_admin_id')
        batch_op.drop_index('ix_audit_entries_action')

    op.drop_table('audit_entries')
    op.drop_table('moderation_settings')
    op.drop_table('mail_opt_outs')
