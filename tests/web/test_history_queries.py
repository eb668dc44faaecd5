"""Constant SQL whatever the length of the history: 10 rows or 10,000, each page and partial
costs the same statements, and the history's reads go through its indexes."""

import pytest
import sqlalchemy as sa

from planner.extensions import db
from tests.support.history import bulk_history
from tests.support.roadmaps import text
from tests.web.test_roadmap_queries import queries

SMALL, LARGE = 10, 10_000


@pytest.fixture
def histories(app, make_roadmap, owner):
    """Two of the signed-in user's roadmaps: one with 10 history rows, one with 10,000."""
    made = []
    for size in (SMALL, LARGE):
        roadmap = make_roadmap(owner, custom=2)  # 9 "added" rows; custom ones have none
        bulk_history(app, roadmap.id, size - 9)
        made.append(roadmap)
    return made


def cost(count_queries, request) -> list[str]:
    with count_queries() as statements:
        response = request()
    assert response.status_code < 400, text(response)
    return queries(statements)


@pytest.mark.parametrize(
    ("path", "htmx"),
    [("", False), ("/history", False), ("/history", True), ("/progress", False),
     ("/progress", True)],
)
def test_pages_cost_the_same_for_10_and_10000_history_rows(client, histories, count_queries,
                                                           hx, path, htmx):
    headers = hx if htmx else {}
    counts = [cost(count_queries, lambda made=made: client.get(made.url + path, headers=headers))
              for made in histories]
    assert len(counts[0]) == len(counts[1]), counts
    # The user and the roadmap; then its milestones and the streak's done days (the roadmap
    # page), one page of history, or the additions, status changes and deletions (progress);
    # a whole page also reads the navigation's line about the newest roadmap.
    expected = {"": 4, "/history": 3, "/progress": 3}[path] + (0 if htmx else 1)
    assert len(counts[0]) == expected


def test_a_later_history_page_costs_the_same_as_the_first(client, histories, count_queries):
    large = histories[1]
    first = cost(count_queries, lambda: client.get(f"{large.url}/history"))
    later = cost(count_queries, lambda: client.get(f"{large.url}/history?page=150"))
    assert len(first) == len(later) == 4  # the user, the roadmap, the page, the nav line


@pytest.mark.parametrize(
    ("action", "data"),
    [("status", {"status": "done"}), ("status", {"status": "doing"}),
     ("edit", {"title": "Renamed", "notes": "More"}), ("move", {"direction": "down"}),
     ("track", {"track": "freelancing"}), ("time", {"minutes": "30"}), ("delete", {})],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_changes_cost_the_same_for_10_and_10000_history_rows(histories, post, count_queries,
                                                             action, data, htmx):
    counts = [len(cost(count_queries,
                       lambda made=made: post(made.milestone_url(9, action), data, htmx=htmx)))
              for made in histories]
    assert counts[0] == counts[1]


def test_the_history_reads_use_their_indexes(app, client, histories):
    """SQLite's plan for each history query searches an index, never the whole table."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
        engine = db.engine
    seen: list[tuple] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "milestone_events" in statement and statement.lstrip().startswith("SELECT"):
            seen.append((statement, parameters))

    large = histories[1]
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        for path in ("", "/history", "/history?page=3", "/progress"):
            assert client.get(large.url + path).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert len(seen) == 4
    with engine.connect() as conn:
        for statement, parameters in seen:
            plan = " | ".join(row[-1] for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters))
            assert "USING INDEX ix_milestone_events_roadmap" in plan \
                or "USING COVERING INDEX ix_milestone_events_roadmap" in plan, plan
            assert "SCAN milestone_events" not in plan, plan
