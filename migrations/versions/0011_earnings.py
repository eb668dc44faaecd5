"""Earnings, cash-outs, the learning fund and the milestone moves they make

Revision ID: 0011_earnings
Revises: 0010_path_finder

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011_earnings"
down_revision = "0010_path_finder"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cash_outs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("platform", sa.String(length=80), nullable=False),
        sa.Column("destination", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("fund_share", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "destination IN ('paypal', 'mobile-wallet', 'bank', 'other')",
            name=op.f("ck_cash_outs_destination"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_cash_outs_amount_positive")),
        sa.CheckConstraint(
            "fund_share >= 0 AND fund_share <= amount", name=op.f("ck_cash_outs_share_within")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_cash_outs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_outs")),
    )
    with op.batch_alter_table("cash_outs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cash_outs_user_id"), ["user_id"], unique=False)

    op.create_table(
        "earnings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("platform", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('data-entry', 'app-testing', 'video-feedback', 'image-sorting', "
            "'social', 'copy-paste', 'other')",
            name=op.f("ck_earnings_kind"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_earnings_amount_positive")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_earnings_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_earnings")),
    )
    with op.batch_alter_table("earnings", schema=None) as batch_op:
        batch_op.create_index("ix_earnings_user_day", ["user_id", "day", "id"], unique=False)

    op.create_table(
        "earnings_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("goal_label", sa.String(length=120), nullable=False),
        sa.Column("goal_amount", sa.Integer(), nullable=True),
        sa.Column("goal_currency", sa.String(length=3), nullable=True),
        sa.CheckConstraint(
            "goal_amount IS NULL OR goal_amount > 0",
            name=op.f("ck_earnings_settings_goal_positive"),
        ),
        sa.CheckConstraint(
            "percent >= 0 AND percent <= 100", name=op.f("ck_earnings_settings_percent_range")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_earnings_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_earnings_settings")),
    )
    op.create_table(
        "fund_spends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_fund_spends_amount_positive")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_fund_spends_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_spends")),
    )
    with op.batch_alter_table("fund_spends", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fund_spends_user_id"), ["user_id"], unique=False)

    op.create_table(
        "milestone_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=8), nullable=False),
        sa.Column("to_status", sa.String(length=8), nullable=False),
        sa.Column("message", sa.String(length=400), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name=op.f("fk_milestone_moves_milestone_id_milestones"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_milestone_moves_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_moves")),
    )
    with op.batch_alter_table("milestone_moves", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_milestone_moves_milestone_id"), ["milestone_id"], unique=False
        )
        batch_op.create_index(
            "ix_milestone_moves_user_created", ["user_id", "created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("milestone_moves", schema=None) as batch_op:
        batch_op.drop_index("ix_milestone_moves_user_created")
        batch_op.drop_index(batch_op.f("ix_milestone_moves_milestone_id"))

    op.drop_table("milestone_moves")
    with op.batch_alter_table("fund_spends", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fund_spends_user_id"))

    op.drop_table("fund_spends")
    op.drop_table("earnings_settings")
    with op.batch_alter_table("earnings", schema=None) as batch_op:
        batch_op.drop_index("ix_earnings_user_day")

    op.drop_table("earnings")
    with op.batch_alter_table("cash_outs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cash_outs_user_id"))

    op.drop_table("cash_outs")
