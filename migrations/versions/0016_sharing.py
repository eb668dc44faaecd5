"""Share links of roadmaps and calendar feeds of users: secret tokens, deleted to revoke

Each token is kept (its owner copies the address again) and looked up by its SHA-256 digest.
Both go with their roadmap or account (ON DELETE CASCADE).

Revision ID: 0016_sharing
Revises: 0015_reminders

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0016_sharing"
down_revision = "0015_reminders"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_calendar_feeds_token_digest")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_feeds_user_id")),
    )
    op.create_table(
        "share_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("show_notes", sa.Boolean(), nullable=False),
        sa.Column("show_evidence", sa.Boolean(), nullable=False),
        sa.Column("show_earnings", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["roadmap_id"], ["roadmaps.id"], name=op.f("fk_share_links_roadmap_id_roadmaps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_links")),
        sa.UniqueConstraint("roadmap_id", name=op.f("uq_share_links_roadmap_id")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_share_links_token_digest")),
    )


def downgrade():
    op.drop_table("share_links")
    op.drop_table("calendar_feeds")
