"""milestone history: every change to a milestone, and the time logged against each

Milestones made before have a history rebuilt from what their rows remember: when each was
added, and when it was last done, skipped or started, by the roadmap's owner.

Revision ID: 0018_milestone_history
Revises: 0017_ids_never_reused

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_milestone_history'
down_revision = '0017_ids_never_reused'
branch_labels = None
depends_on = None

COLUMNS = ("roadmap_id", "milestone_id", "actor_id", "actor", "kind", "field", "old_value",
           "new_value", "title", "track", "created_at")
events = sa.table("milestone_events", *(sa.column(name) for name in COLUMNS))
milestones = sa.table("milestones", *(sa.column(name) for name in (
    "id", "roadmap_id", "title", "track", "status", "created_at", "status_changed_at", "done_at",
    "skipped_at")))
roadmaps = sa.table("roadmaps", sa.column("id"), sa.column("user_id"))

# (kind, field, old value, new value, the moment column, which milestones) of each change rebuilt.
REBUILT = (
    ("added", None, None, "todo", "created_at", lambda m: sa.true()),
    ("status", "status", "todo", "doing", "status_changed_at", lambda m: m.status == "doing"),
    ("status", "status", "todo", "done", "done_at",
     lambda m: sa.and_(m.status == "done", m.done_at.is_not(None))),
    ("status", "status", "todo", "skipped", "skipped_at",
     lambda m: sa.and_(m.status == "skipped", m.skipped_at.is_not(None))),
)


def upgrade():
    op.create_table(
        "milestone_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("field", sa.String(length=16), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("track", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "actor IN ('person', 'automatic')", name=op.f("ck_milestone_events_actor")
        ),
        sa.CheckConstraint(
            "kind IN ('added', 'edited', 'status', 'moved', 'deleted', 'time')",
            name=op.f("ck_milestone_events_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_milestone_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["roadmap_id"], ["roadmaps.id"],
            name=op.f("fk_milestone_events_roadmap_id_roadmaps"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_events")),
        # Ids are never handed out again (idempotency keys name the time entries they made).
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("milestone_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_milestone_events_roadmap_created", ["roadmap_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_milestone_events_roadmap_kind_created", ["roadmap_id", "kind", "created_at"],
            unique=False,
        )

    # Adding a column with a default leaves SQLite's table in place (no copy, no cascades).
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("minutes_spent", sa.Integer(), server_default="0", nullable=False)
        )

    m = milestones.c
    for kind, field, old, new, moment, which in REBUILT:
        source = (
            sa.select(m.roadmap_id, m.id, roadmaps.c.user_id, sa.literal("person"),
                      sa.literal(kind), sa.literal(field, sa.String), sa.literal(old, sa.Text),
                      sa.literal(new, sa.Text), m.title, m.track, m[moment])
            .select_from(milestones.join(roadmaps, roadmaps.c.id == m.roadmap_id))
            .where(which(m))
        )
        op.execute(events.insert().from_select(COLUMNS, source))


def downgrade():
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_column('minutes_spent')

    with op.batch_alter_table('milestone_events', schema=None) as batch_op:
        batch_op.drop_index('ix_milestone_events_roadmap_kind_created')
        batch_op.drop_index('ix_milestone_events_roadmap_created')

    op.drop_table('milestone_events')
