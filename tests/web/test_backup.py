"""`flask backup`: a consistent copy taken while writers keep writing, that restores whole."""

import shutil
import sqlite3
import subprocess
import threading
import uuid

import pytest
import sqlalchemy as sa

from planner.extensions import db
from planner.roadmaps.service import create_roadmap
from tests.support.databases import postgres_url


def write_under_load(app, make_user, stop: threading.Event, acknowledged: list[int]):
    """Build roadmaps until stop is set, noting each one whose commit returned."""
    owner = make_user()
    library = app.extensions["library"]
    while not stop.is_set():
        with app.app_context():
            roadmap = create_roadmap(owner, f"Plan {uuid.uuid4().hex[:6]}", "recommended",
                                     library)
            db.session.commit()
            acknowledged.append(roadmap.id)
            db.session.remove()


def backup_while_writing(app, make_user, target) -> tuple[list[int], object]:
    """Run the backup command while a writer works; return the ids acknowledged before it."""
    stop, acknowledged = threading.Event(), []
    writer = threading.Thread(target=write_under_load, args=(app, make_user, stop, acknowledged))
    writer.start()
    try:
        while len(acknowledged) < 5:
            stop.wait(0.05)
        before = list(acknowledged)
        result = app.test_cli_runner().invoke(args=["backup", str(target)])
    finally:
        stop.set()
        writer.join()
    return before, result


def test_a_sqlite_backup_under_write_load_holds_every_acknowledged_write(
    app, make_user, tmp_path
):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("the PostgreSQL backup has its own test")
    target = tmp_path / "backup.db"
    before, result = backup_while_writing(app, make_user, target)
    assert result.exit_code == 0, result.output
    assert "Backed up to" in result.output
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        saved = {row[0] for row in copy.execute("SELECT id FROM roadmaps")}
        assert set(before) <= saved
        # Whole roadmaps only: none without its nine milestones.
        counts = copy.execute("SELECT roadmap_id, count(*) FROM milestones GROUP BY roadmap_id")
        assert all(count == 9 for _, count in counts)
        assert copy.execute("SELECT count(*) FROM milestones").fetchone()[0] == 9 * len(saved)
    finally:
        copy.close()


def test_a_backup_never_overwrites_a_file(app, tmp_path):
    target = tmp_path / "backup.db"
    target.write_text("precious")
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code != 0 and "exists already" in result.output
    assert target.read_text() == "precious"


@pytest.mark.skipif(not postgres_url(), reason="TEST_DATABASE_URL is not set")
def test_a_postgresql_backup_under_write_load_restores_every_acknowledged_write(
    app, make_user, tmp_path
):
    target = tmp_path / "backup.dump"
    before, result = backup_while_writing(app, make_user, target)
    assert result.exit_code == 0, result.output
    restored = f"restore_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(postgres_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{restored}"'))
    try:
        url = sa.make_url(postgres_url()).set(drivername="postgresql", database=restored)
        subprocess.run([shutil.which("pg_restore"), "--no-owner",
                        f"--dbname={url.render_as_string(hide_password=False)}", str(target)],
                       check=True, capture_output=True, timeout=120)
        with app.app_context():
            schema = db.session.execute(sa.text("SELECT current_schema()")).scalar_one()
        engine = sa.create_engine(url.set(drivername="postgresql+psycopg"))
        with engine.connect() as conn:
            # The schema name is the test run's own, from current_schema().
            saved = set(conn.scalars(sa.text(f'SELECT id FROM "{schema}".roadmaps')))  # noqa: S608
            milestones = conn.scalar(
                sa.text(f'SELECT count(*) FROM "{schema}".milestones')  # noqa: S608
            )
        engine.dispose()
        assert set(before) <= saved
        assert milestones == 9 * len(saved)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE "{restored}" WITH (FORCE)'))
        admin.dispose()

