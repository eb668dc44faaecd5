"""A year of activity, described: the calendar, the weekly chart, the pages' weight and queries.

    .venv/bin/python tests/perf/progress_year.py [--zone Asia/Karachi] [--seed 2026]

Seeds a throw-away SQLite database with one user (in --zone) whose roadmap has a year of
activity (tests/support/history.py: seed_year), then prints what the progress page shows (the
calendar month by month, the streak, the weekly chart's range), each page's bytes (raw, gzip,
Brotli: what the app sends compressed) and SQL statements, and the data export's size.
"""

import argparse
import gzip
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["APP_ENV"] = "testing"

import brotli  # noqa: E402

from planner import create_app  # noqa: E402
from planner.accounts.models import User  # noqa: E402
from planner.accounts.preferences import zone  # noqa: E402
from planner.extensions import db  # noqa: E402
from planner.roadmaps import activity  # noqa: E402
from planner.roadmaps.models import Roadmap  # noqa: E402
from tests.support.databases import recording_statements, save_detached  # noqa: E402
from tests.support.history import seed_year  # noqa: E402


def sizes(body: bytes) -> str:
    """Raw, gzip and Brotli sizes of a body, as the app's compression would send it."""
    return (f"{len(body):,} B raw, {len(gzip.compress(body, 6)):,} B gzip, "
            f"{len(brotli.compress(body, quality=4)):,} B brotli")


def main() -> None:
    """Seed, then print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zone", default="Asia/Karachi")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="planner-year-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/year.db"})
    with app.app_context():
        db.create_all()
    user = save_detached(app, User(username="year", username_key="year",
                                   email="year@example.com", display_name="A year",
                                   password_hash="!", time_zone=args.zone))
    year = seed_year(app, user, seed=args.seed)
    print(f"Seeded: {year.milestones} milestones, {year.events:,} history rows, "
          f"{year.done} done at the end (time zone {args.zone}).")
    describe(app, year.roadmap_id, args.zone)
    weigh(app, user, year.roadmap_id)


def describe(app, roadmap_id: int, zone_name: str) -> None:
    """The calendar and the chart, in words."""
    with app.app_context():
        roadmap = db.session.get(Roadmap, roadmap_id)
        shown = activity.over_time_of(roadmap, zone(zone_name), "en_GB")
    cal = shown.calendar
    print(f"\nCalendar: {len(cal.months)} month grids ({cal.months[0].first:%b %Y} to "
          f"{cal.months[-1].first:%b %Y}), {cal.done} milestones done on "
          f"{len(cal.active_days)} of 365 days; streak {cal.streak} days.")
    shades = Counter(cell.level for m in cal.months for w in m.weeks for cell in w if cell)
    print("  days per shade (none, 1, 2, 3-4, 5+): "
          + ", ".join(str(shades.get(n, 0)) for n in range(5)))
    busiest = max(cal.active_days, key=lambda d: d.count)
    print(f"  busiest day: {busiest.day:%d %b %Y} ({busiest.count} done)")
    for month in cal.months:
        print(f"  {month.first:%b %Y}: {month.done:>2} done on {month.active:>2} day(s) "
              + "".join(" .:*#"[cell.level] if cell else " "
                        for week in month.weeks for cell in week))
    weeks = shown.weeks
    peak = max(weeks, key=lambda w: w.done + w.doing)
    print(f"\nWeekly chart: {len(weeks)} weeks from {weeks[0].start:%d %b %Y}; the value axis "
          f"runs 0 to {shown.chart.axis_max} (ticks {[v for v, _ in shown.chart.ticks]}), "
          f"month labels {[t for _, t in shown.chart.labels]}.")
    print(f"  first week: {weeks[0].done} done, {weeks[0].doing} in progress; "
          f"last week: {weeks[-1].done} done, {weeks[-1].doing} in progress; "
          f"most finished in a week: {max(w.finished for w in weeks)}; "
          f"peak done + in progress {peak.done + peak.doing} (week of {peak.start:%d %b}).")


def weigh(app, user, roadmap_id: int) -> None:
    """Each page's bytes and statements, and the export's size."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True
    print()
    pages = [("roadmap page", f"/roadmap/{roadmap_id}", {}),
             ("progress page", f"/roadmap/{roadmap_id}/progress", {}),
             ("progress partial", f"/roadmap/{roadmap_id}/progress", {"HX-Request": "true"}),
             ("history page 1", f"/roadmap/{roadmap_id}/history", {}),
             ("history page 2", f"/roadmap/{roadmap_id}/history?page=2", {}),
             ("data export", "/account/export.json", {})]
    for name, url, headers in pages:
        with recording_statements(app) as statements:
            response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        queries = [s for s in statements if not s.lstrip().upper().startswith("BEGIN")]
        print(f"{name:17} {sizes(response.get_data())}; {len(queries)} SQL statements")
    export = client.get("/account/export.json").get_json()
    print(f"  the export's history section: {len(export['history']):,} changes")


if __name__ == "__main__":
    main()
