"""Constant SQL per page and partial, whatever the number of milestones or roadmaps.

Counts leave out SQLite's BEGIN / BEGIN IMMEDIATE: transaction control, not a query (the
PostgreSQL driver opens its transactions without a statement of its own).
"""

import pytest

from planner.roadmaps.rules import MILESTONES_MAX
from tests.support.roadmaps import text


def queries(statements: list[str]) -> list[str]:
    """The statements that read or write data."""
    return [s for s in statements if not s.lstrip().upper().startswith("BEGIN")]


@pytest.fixture
def sized(make_roadmap, owner):
    """sized(n): a roadmap of the signed-in user with n custom milestones."""
    return lambda n: make_roadmap(owner, template="empty", custom=n)


def measure(count_queries, request) -> list[str]:
    with count_queries() as statements:
        response = request()
    assert response.status_code < 400, text(response)
    return queries(statements)


@pytest.mark.parametrize("size", [5, 9, 50, 200])
def test_roadmap_page_costs_five_statements_whatever_its_size(client, sized, count_queries,
                                                              size):
    made = sized(size)
    sql = measure(count_queries, lambda: client.get(made.url))
    # The user, the roadmap, its milestones, the navigation's line about the newest one,
    # and the days milestones were done (the streak).
    assert len(sql) == 5, sql
    assert text(client.get(made.url)).count('<li id="milestone-') == size


def test_a_status_change_costs_at_most_six_queries(sized, post, count_queries):
    made = sized(200)
    # The user, the history's INSERT ... SELECT, the UPDATE, the progress; with htmx, a
    # milestone done reads the streak again, then the navigation's line, both out of band.
    expected = {True: ["SELECT", "INSERT", "UPDATE", "SELECT", "SELECT", "SELECT"],
                False: ["SELECT", "INSERT", "UPDATE", "SELECT"]}
    for index, htmx in enumerate((True, False)):
        sql = measure(
            count_queries,
            lambda htmx=htmx, index=index: post(made.milestone_url(index, "status"),
                                                {"status": "done"}, htmx=htmx),
        )
        assert [s.split()[0].upper() for s in sql] == expected[htmx], sql


def test_the_status_update_is_one_statement_scoped_to_the_owner(sized, post, count_queries):
    made = sized(5)
    sql = measure(count_queries, lambda: post(made.milestone_url(0, "status"), {"status": "done"}))
    updates = [s for s in sql if s.lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 1
    assert "user_id" in updates[0] and "RETURNING" in updates[0].upper()


@pytest.mark.parametrize(
    ("action", "data", "htmx"),
    [
        ("status", {"status": "doing"}, True),
        ("edit", {"title": "Renamed"}, True),
        ("edit", {"title": "Renamed"}, False),
        ("move", {"direction": "up"}, True),
        ("delete", {}, True),
        ("", None, True),
    ],
)
def test_milestone_actions_cost_the_same_for_5_and_200_milestones(
    client, sized, post, count_queries, hx, action, data, htmx
):
    small, large = sized(5), sized(200)
    counts = []
    for made in (small, large):
        url = made.milestone_url(3, action)
        if data is None:
            counts.append(len(measure(count_queries, lambda url=url: client.get(url, headers=hx))))
        else:
            counts.append(
                len(measure(count_queries, lambda url=url: post(url, data, htmx=htmx)))
            )
    assert counts[0] == counts[1]


def test_adding_a_milestone_costs_the_same_for_5_and_a_full_roadmap(sized, post, count_queries):
    small, large = sized(5), sized(MILESTONES_MAX - 1)  # the last one that fits
    data = {"track": "custom", "title": "New", "position": "2"}
    few = measure(count_queries, lambda: post(small.url + "/milestones", data, htmx=True))
    many = measure(count_queries, lambda: post(large.url + "/milestones", data, htmx=True))
    assert len(few) == len(many)


def test_the_list_costs_the_same_for_2_and_8_roadmaps(client, owner, make_roadmap,
                                                      count_queries):
    for _ in range(2):
        make_roadmap(owner)
    few = measure(count_queries, lambda: client.get("/roadmap"))
    for _ in range(6):
        make_roadmap(owner)
    many = measure(count_queries, lambda: client.get("/roadmap"))
    assert len(few) == len(many) == 4  # with the navigation's line
