"""A short soak in the test suite: writers keep going while workers are killed; nothing lost."""

import os

import pytest

from tests.perf.soak import run_soak
from tests.support.databases import postgres_schema, postgres_url

SECONDS = float(os.environ.get("SOAK_SECONDS", "20"))
KILL_EVERY = 5

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgresql"])
def soak_database(request, tmp_path):
    """An empty database of each kind; PostgreSQL only when TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'soak.db'}"
        return
    base = postgres_url()
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set (.ci/run sets it for the PostgreSQL pass)")
    with postgres_schema(base) as url:
        yield url


def test_no_acknowledged_write_is_lost_while_workers_crash(soak_database):
    report = run_soak(soak_database, SECONDS, kill_every=KILL_EVERY, clients=4, restart_db=False)
    print("\n".join(report.lines()))
    # A kill falls due every KILL_EVERY seconds; the last may coincide with the end.
    assert report.worker_kills >= max(1, int(SECONDS // KILL_EVERY) - 1)
    assert report.acknowledged >= 20
    assert report.lost == []
    assert 500 not in report.server_errors
