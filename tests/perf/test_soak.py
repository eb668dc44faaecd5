"""A short soak in the suite: every kind of write while workers crash; nothing lost or doubled.

Then the check is shown to fail: the database the soak left is doctored inside a transaction
(one acknowledged write removed, one doubled, one left half-made) and checked again.
The PostgreSQL soak runs on a server of its own (own_postgres), crashed and restarted in
immediate mode, with rate limits and the task queue in a Redis of its own, killed and started
again; the machine's shared servers are never touched.
"""

import os

import pytest
import sqlalchemy as sa

from planner.roadmaps import rules
from tests.perf.soak import SIGN_IN, Report, run_soak
from tests.perf.soak_check import Outcomes, check
from tests.perf.soak_clients import OPENING
from tests.perf.soak_faults import POSTGRES_RESTARTS, RANDOM_KILLS, REDIS_KILLS
from tests.support.ci import skip_unless_ci
from tests.support.redis_server import RedisServer, redis_binary

SECONDS = float(os.environ.get("SOAK_SECONDS", "20"))
KILL_EVERY = 5

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def soak(request, tmp_path_factory):
    """One short soak on each kind of database, PostgreSQL and Redis faulted as well."""
    folder = tmp_path_factory.mktemp("soak")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'soak.db'}"
        yield url, run_soak(url, SECONDS, KILL_EVERY, clients=4, kill_after="5-30",
                            folder=folder)
        return
    postgres = request.getfixturevalue("own_postgres")
    binary = redis_binary()
    if binary is None:
        skip_unless_ci("redis-server is not installed (apt-get install redis-server)")
    with RedisServer(binary, folder / "redis.log") as redis:
        yield postgres.url, run_soak(postgres.url, SECONDS, KILL_EVERY, clients=4,
                                     kill_after="5-30", folder=folder, postgres=postgres,
                                     redis=redis)


def test_every_acknowledged_write_is_kept_while_workers_crash(soak):
    _, run = soak
    report = run.report
    print("\n".join(report.lines()))
    assert set(report.writes) == {*OPENING, "moderate"}
    assert report.acknowledged[SIGN_IN] >= 1
    assert report.faults["worker kills right after a COMMIT (SIGKILL)"] >= 1
    assert report.faults[RANDOM_KILLS] >= 1
    if report.title.startswith("database: PostgreSQL"):
        assert report.faults[POSTGRES_RESTARTS] == report.faults[REDIS_KILLS] == 1
    assert report.outcomes == Outcomes()
    assert 500 not in report.server_errors
    assert report.saved_but_5xx == {}
    assert not report.failed


def doctor_lost_comment(conn, run):
    """Remove an acknowledged comment."""
    body = next(b for b, done in run.ledger.comments.items() if done)
    conn.execute(sa.text("UPDATE comments SET parent_id = NULL WHERE parent_id IN "
                         "(SELECT id FROM comments WHERE body = :b)"), {"b": body})
    conn.execute(sa.text("DELETE FROM comments WHERE body = :b"), {"b": body})
    return "lost", body


def doctor_lost_status(conn, run):
    """Undo an acknowledged status change."""
    milestone_id, state = next((i, s) for i, s in run.ledger.milestones.items()
                               if s.present is True and s.status in rules.STATUSES)
    other = next(s for s in rules.STATUSES if s != state.status)
    conn.execute(sa.text("UPDATE milestones SET status = :s WHERE id = :i"),
                 {"s": other, "i": milestone_id})
    return "lost", f"milestone {milestone_id}"


def built(run, with_steps: bool = False):
    """An acknowledged build (with_steps: of a template that copies guide steps)."""
    return next(b for b in run.ledger.builds.values() if b.roadmap_id is not None and
                (not with_steps or run.template_steps[b.template]))


def doctor_duplicate_roadmap(conn, run):
    """Store an acknowledged roadmap a second time."""
    build = built(run)
    conn.execute(sa.text("INSERT INTO roadmaps (user_id, name, template, created_at) "
                         "SELECT user_id, name, template, created_at FROM roadmaps "
                         "WHERE id = :i"), {"i": build.roadmap_id})
    return "duplicated", build.name


def doctor_duplicate_comment(conn, run):
    """Store an acknowledged comment a second time."""
    body = next(b for b, done in run.ledger.comments.items() if done)
    conn.execute(sa.text(
        "INSERT INTO comments (guide_slug, section_key, depth, user_id, author_name, "
        "author_email, body, status, moderation_reason, created_at, updated_at) "
        "SELECT guide_slug, section_key, depth, user_id, author_name, author_email, body, "
        "status, moderation_reason, created_at, updated_at FROM comments WHERE body = :b"
    ), {"b": body})
    return "duplicated", body


def doctor_roadmap_without_a_step(conn, run):
    """Take the last step out of an acknowledged roadmap."""
    build = built(run, with_steps=True)
    last = conn.execute(sa.text("SELECT id FROM milestones WHERE roadmap_id = :r AND step_key "
                                "IS NOT NULL ORDER BY track, position DESC"),
                        {"r": build.roadmap_id}).scalars().first()
    conn.execute(sa.text("DELETE FROM milestones WHERE id = :i"), {"i": last})
    return "half_made", build.name


def doctor_roadmap_without_its_key(conn, run):
    """Drop the idempotency key an acknowledged roadmap was built with."""
    key, build = next((k, b) for k, b in run.ledger.builds.items() if b.roadmap_id is not None)
    conn.execute(sa.text("DELETE FROM idempotency_keys WHERE key = :k"), {"k": key})
    return "half_made", build.name


def doctor_milestone_out_of_order(conn, run):
    """Leave a gap in the numbering of a track."""
    milestone_id = next(i for i, s in run.ledger.milestones.items() if s.present is True)
    conn.execute(sa.text("UPDATE milestones SET position = position + 100 WHERE id = :i"),
                 {"i": milestone_id})
    roadmap = conn.execute(sa.text("SELECT roadmap_id FROM milestones WHERE id = :i"),
                           {"i": milestone_id}).scalar_one()
    return "half_made", f"roadmap {roadmap}"


@pytest.mark.parametrize("doctor", [
    doctor_lost_comment, doctor_lost_status, doctor_duplicate_roadmap, doctor_duplicate_comment,
    doctor_roadmap_without_a_step, doctor_roadmap_without_its_key, doctor_milestone_out_of_order,
])
def test_the_check_finds_a_doctored_database(soak, doctor):
    url, run = soak
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            assert check(conn, run.ledger, run.template_steps) == Outcomes()
            kind, named = doctor(conn, run)
            found = check(conn, run.ledger, run.template_steps)
            conn.rollback()
    finally:
        engine.dispose()
    reported = getattr(found, kind)
    assert any(named in line for line in reported), found


@pytest.mark.parametrize(("server_errors", "saved_but_5xx", "failed"), [
    ({500: 1}, {}, True), ({503: 3}, {}, False), ({503: 1}, {"comment": 1}, True),
])
def test_a_500_or_a_503_after_a_commit_fails_the_soak(server_errors, saved_but_5xx, failed):
    report = Report("", 1, {}, {}, Outcomes(), server_errors, {}, {}, {}, saved_but_5xx)
    assert report.failed is failed

