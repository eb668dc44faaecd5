"""Benchmark (not a test): render the comparison guide and one of its threads, in process.

Prints the SQL queries of the guide page and of a thread's page with 0 and with 500 comments,
and the median time of rendering the comparison article (its threads folded behind their
counts) and its first thread with N approved comments on each section, next to a bare Flask
endpoint served the same way (the Flask test client, same process, same run).

    .venv/bin/python tests/perf/render_comments.py [--per-section 50] [--runs 200]

DATABASE_URL picks the database (default: a fresh SQLite file in a temporary folder).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("APP_ENV", "testing")

import sqlalchemy as sa  # noqa: E402

from planner import create_app  # noqa: E402
from planner.comments.models import Comment  # noqa: E402
from planner.extensions import db  # noqa: E402
from tests.perf.bare import app as bare_app  # noqa: E402
from tests.support.comments import seed_guide  # noqa: E402
from tests.support.databases import recording_statements  # noqa: E402

GUIDE = "micro-jobs-vs-freelancing"
URL = f"/guides/{GUIDE}"
THREAD = f"{URL}/introduction/comments"


def median_ms(client, url: str, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of GET url, in ms, after a short warm-up.

    The CPU time of this process is reported too: on a shared machine it moves far less
    with the load of other processes than the wall time does.
    """
    for _ in range(10):
        assert client.get(url).status_code == 200
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 200
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def count_queries(app, client, url: str) -> int:
    """SQL queries run by one GET of url (SQLite's explicit BEGIN not counted)."""
    with recording_statements(app) as statements:
        client.get(url)
    return len([s for s in statements if not s.startswith("BEGIN")])


def reset(app) -> None:
    with app.app_context():
        db.session.execute(sa.delete(Comment))
        db.session.commit()


def seed(app, total: int, odd_ones: bool) -> int:
    with app.app_context():
        seed_guide(app.extensions["library"].get(GUIDE), total, odd_ones=odd_ones)
        return db.session.scalar(sa.select(sa.func.count()).select_from(Comment))


def main() -> None:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-section", type=int, default=50)
    parser.add_argument("--runs", type=int, default=200)
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="planner-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
    reset(app)
    client = app.test_client()
    sections = len(app.extensions["library"].get(GUIDE).sections)

    empty_queries = [count_queries(app, client, url) for url in (URL, THREAD)]
    seeded = seed(app, 500, odd_ones=True)
    full_queries = [count_queries(app, client, url) for url in (URL, THREAD)]
    print(f"SQL queries, guide page / thread with 0 comments:   {empty_queries}")
    print(f"SQL queries, guide page / thread with {seeded} comments: {full_queries}")

    reset(app)
    empty = median_ms(client, URL, options.runs)
    total = seed(app, options.per_section * sections, odd_ones=False)
    shown = client.get(THREAD).get_data(as_text=True).count('<li id="comment-')
    full = median_ms(client, URL, options.runs)
    thread = median_ms(client, THREAD, options.runs)
    bare = median_ms(bare_app.test_client(), "/", options.runs)
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, "
          f"runs: {options.runs}, load average: {os.getloadavg()[0]:.1f}")
    print("                                          median wall   median CPU")
    print(f"comparison article, no comments:          {empty[0]:8.2f} ms  {empty[1]:8.2f} ms")
    print(f"comparison article, {options.per_section} per section:        "
          f"{full[0]:8.2f} ms  {full[1]:8.2f} ms   ({total} approved, all folded)")
    print(f"its first thread, {options.per_section} comments:          "
          f"{thread[0]:8.2f} ms  {thread[1]:8.2f} ms   ({shown} shown)")
    print(f"bare Flask endpoint, same client:         {bare[0]:8.3f} ms  {bare[1]:8.3f} ms")
    print(f"ratio to the bare endpoint (wall): {full[0] / bare[0]:.0f}x article, "
          f"{thread[0] / bare[0]:.0f}x thread, {empty[0] / bare[0]:.0f}x without comments")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
