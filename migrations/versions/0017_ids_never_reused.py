"""SQLite never hands out a deleted row's id again (AUTOINCREMENT), as PostgreSQL's sequences

Ids outlive their rows: a guest's session lists its held comments by id, the audit trail names
comments by id, the reminders sent name milestones by id (a reused id would silence a new
milestone's reminder), idempotency keys name what a form made, and links in mail carry ids.
SQLite without AUTOINCREMENT gives a new row the id of the deleted newest one, so a held comment
could show to the guest whose deleted comment had its id. Each table is rebuilt with
AUTOINCREMENT and its counter starts past every id that anything still names. PostgreSQL
needs nothing.

Revision ID: 0017_ids_never_reused
Revises: 0016_sharing

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_ids_never_reused'
down_revision = '0016_sharing'
branch_labels = None
depends_on = None

# Every table whose key is an integer id of its own.
TABLES = ('users', 'roadmaps', 'milestones', 'comments', 'audit_entries', 'moderation_settings',
          'failed_mail', 'earnings', 'cash_outs', 'fund_spends', 'milestone_moves',
          'reminders_sent', 'calendar_feeds', 'share_links')
# Ids of rows that may be gone, still named elsewhere: table -> queries of such ids.
NAMED_ELSEWHERE = {
    'comments': ("SELECT max(comment_id) FROM audit_entries",
                 "SELECT max(result_id) FROM idempotency_keys WHERE action = 'comment'"),
    'roadmaps': ("SELECT max(result_id) FROM idempotency_keys WHERE action = 'create-roadmap'",),
    'milestones': ("SELECT max(result_id) FROM idempotency_keys WHERE action = 'add-milestone'",
                   "SELECT max(milestone_id) FROM reminders_sent"),
    'users': ("SELECT max(result_id) FROM idempotency_keys WHERE action = 'register'",),
    'earnings': ("SELECT max(result_id) FROM idempotency_keys WHERE action = 'add-earning'",),
    'cash_outs': ("SELECT max(result_id) FROM idempotency_keys WHERE action = 'add-cash-out'",),
    'fund_spends': ("SELECT max(result_id) FROM idempotency_keys "
                    "WHERE action = 'add-fund-spend'",),
    'share_links': ("SELECT max(result_id) FROM idempotency_keys "
                    "WHERE action = 'create-share-link'",),
    'calendar_feeds': ("SELECT max(result_id) FROM idempotency_keys "
                       "WHERE action = 'create-calendar-feed'",),
}


def upgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    for table in TABLES:
        # Rebuilt from its own reflected definition; migrations/env.py turns foreign keys off
        # meanwhile, so dropping the old copy deletes no row that refers to it.
        with op.batch_alter_table(table, recreate='always',
                                  table_kwargs={'sqlite_autoincrement': True}):
            pass
        named = [op.get_bind().execute(sa.text(q)).scalar() for q in NAMED_ELSEWHERE.get(table, ())]
        highest = max([n for n in named if n is not None], default=0)
        # The copy set the counter to the highest id stored; move it past the names as well.
        op.execute(sa.text("UPDATE sqlite_sequence SET seq = max(seq, :n) WHERE name = :t")
                   .bindparams(n=highest, t=table))
        op.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) SELECT :t, :n "
                           "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = :t)")
                   .bindparams(n=highest, t=table))


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    for table in reversed(TABLES):
        with op.batch_alter_table(table, recreate='always'):
            pass
