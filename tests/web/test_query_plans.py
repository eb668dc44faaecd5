"""Every statement of a hot path finds its rows through an index, on SQLite's query planner:
none reads a whole table, so none grows with the rows other people, or the same author, keep.

EXPLAIN QUERY PLAN of each statement a request runs, with its parameters; PostgreSQL's plans
depend on its statistics, so the check runs on SQLite.
"""

from datetime import date

import pytest
import sqlalchemy as sa

from planner.earnings.models import CashOut, Earning, FundSpend
from planner.extensions import db
from tests.support.comments import THREAD_URL
from tests.support.roadmaps import text

# Tables of one row, or of a handful that no one adds to: reading all of them is reading one.
SMALL = {"moderation_settings", "alembic_version"}


@pytest.fixture(autouse=True)
def sqlite_only(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("query plans are read from SQLite's planner")


@pytest.fixture
def plans(app):
    """plans(request): the full-table reads of each statement the request ran."""

    def run(request, steps: bool = False) -> list[str]:
        recorded = []

        def record(conn, cursor, statement, parameters, context, executemany):
            if not executemany:
                recorded.append((statement, parameters))

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            response = request()
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)
        assert response.status_code < 400, text(response)
        read = every_step if steps else full_reads
        return [problem for statement, parameters in recorded
                for problem in read(engine, statement, parameters)]

    return run


def every_step(engine, statement: str, parameters) -> list[str]:
    """Each step of statement's plan, with the statement."""
    if statement.lstrip().split()[0].upper() not in ("SELECT", "UPDATE", "DELETE", "INSERT",
                                                      "WITH"):
        return []
    with engine.connect() as conn:
        steps = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    return [f"{step[-1]}  <-  {' '.join(statement.split())[:300]}" for step in steps]


def full_reads(engine, statement: str, parameters) -> list[str]:
    """The steps of statement's plan that read a whole table, each with the statement."""
    found = []
    for step in every_step(engine, statement, parameters):
        words = step.split()
        # A scan of a subquery's or a CTE's rows is over rows an index found already.
        if words[0] != "SCAN" or words[1] not in db.metadata.tables or words[1] in SMALL:
            continue
        found.append(step)
    return found


def flood_check(steps: list[str]) -> list[str]:
    """The plan of the author's latest comment time (the flood rule)."""
    return [s.split("  <-  ")[0] for s in steps if "max(comments.created_at)" in s]


def test_the_roadmap_page_reads_no_whole_table(client, roadmap, plans):
    assert plans(lambda: client.get(roadmap.url)) == []


@pytest.mark.parametrize("status", ["done", "doing"])
def test_a_status_change_reads_no_whole_table(roadmap, post, plans, status):
    url = roadmap.milestone_url(0, "status")
    assert plans(lambda: post(url, {"status": status}, htmx=True)) == []


def test_the_history_page_reads_no_whole_table(client, roadmap, post, plans):
    post(roadmap.milestone_url(0, "status"), {"status": "done"})
    assert plans(lambda: client.get(roadmap.url + "/history")) == []


def test_a_members_comment_post_reads_no_whole_table(owner, post_comment, make_comment, plans):
    for n in range(3):
        make_comment(user_id=owner.id, body=f"Earlier comment {n}.")
    assert plans(lambda: post_comment(htmx=True, comment="A new one.")) == []


def test_the_flood_check_reads_one_entry_of_an_index_whatever_the_authors_count(
        owner, post_comment, make_comment, plans):
    make_comment(user_id=owner.id)
    steps = plans(lambda: post_comment(htmx=True, comment="A new one."), steps=True)
    # An index ending in created_at gives the latest at its end: no walk over the author's rows.
    assert flood_check(steps) == [
        "SEARCH comments USING COVERING INDEX ix_comments_user_created (user_id=?)"]


def test_a_guests_flood_check_reads_one_entry_of_an_index(post_comment, make_comment, plans):
    make_comment(author_email="ana.reader@example.com", author_name="Ana Reader")
    steps = plans(lambda: post_comment(htmx=True, comment="A new one."), steps=True)
    assert flood_check(steps) == [
        "SEARCH comments USING INDEX ix_comments_author_created (author_email=?)"]


def test_a_guests_comment_post_reads_no_whole_table(post_comment, make_comment, plans):
    make_comment(author_email="ana.reader@example.com", author_name="Ana Reader")
    assert plans(lambda: post_comment(htmx=True, comment="A new one.")) == []


def test_the_thread_reads_no_whole_table(client, make_comment, plans):
    make_comment()
    assert plans(lambda: client.get(THREAD_URL)) == []


@pytest.fixture
def earned(app, owner):
    """An earning, a cash-out and a fund spend of the signed-in user."""
    with app.app_context():
        db.session.add(Earning(user_id=owner.id, day=date(2026, 1, 1), platform="P1",
                               kind="data-entry", amount=100, currency="PKR"))
        db.session.add(CashOut(user_id=owner.id, day=date(2026, 1, 2), platform="P1",
                               destination="bank", amount=50, currency="PKR", fund_share=10))
        db.session.add(FundSpend(user_id=owner.id, day=date(2026, 1, 3), label="A course",
                                 amount=5, currency="PKR"))
        db.session.commit()


def test_the_earnings_dashboard_reads_no_whole_table(client, earned, plans):
    assert plans(lambda: client.get("/earnings")) == []
    assert plans(lambda: client.get("/earnings?page=2")) == []


def test_the_recent_cash_outs_and_spends_come_in_index_order(client, earned, plans):
    steps = plans(lambda: client.get("/earnings"), steps=True)
    # The newest few of all a user ever cashed out: read from the index's end, never sorted.
    recent = [s for s in steps if "ORDER BY" in s and ("FROM cash_outs" in s
                                                       or "FROM fund_spends" in s)]
    assert len({s.split("  <-  ")[1] for s in recent}) == 2
    assert [s for s in recent if "TEMP B-TREE" in s] == []
