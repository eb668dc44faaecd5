"""The earnings page costs the same number of queries for 10 entries as for 1,000."""

from datetime import date, timedelta

import pytest

from planner.earnings.models import CashOut, Earning
from planner.extensions import db
from tests.support.roadmaps import text


def queries(statements: list[str]) -> list[str]:
    """The statements that read or write data (not SQLite's BEGIN)."""
    return [s for s in statements if not s.lstrip().upper().startswith("BEGIN")]


@pytest.fixture
def seeded(app, owner):
    """seeded(n): n entries and n // 5 cash-outs over many days, kinds and currencies."""

    def seed(n: int) -> None:
        start = date(2026, 1, 1)
        with app.app_context():
            db.session.add_all(
                Earning(user_id=owner.id, day=start + timedelta(days=i % 300),
                        platform=f"P{i % 7}", kind=("data-entry", "app-testing")[i % 2],
                        amount=100 + i, currency=("PKR", "USD")[i % 3 == 0],
                        minutes=(None, 30)[i % 2])
                for i in range(n)
            )
            db.session.add_all(
                CashOut(user_id=owner.id, day=start + timedelta(days=i), platform="P1",
                        destination="bank", amount=500, currency="PKR", fund_share=100)
                for i in range(n // 5)
            )
            db.session.commit()

    return seed


def measure(count_queries, client, url="/earnings", headers=None) -> list[str]:
    with count_queries() as statements:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, text(response)
    return queries(statements)


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}])
def test_the_page_costs_the_same_for_10_and_1000_entries(client, seeded, count_queries, headers):
    seeded(10)
    few = measure(count_queries, client, headers=headers)
    seeded(990)
    many = measure(count_queries, client, headers=headers)
    assert len(few) == len(many) <= 11, many
    assert text(client.get("/earnings")).count('<li id="entry-') == 20


def test_adding_an_entry_costs_the_same_for_10_and_1000(client, seeded, count_queries, post):
    data = {"day": "2026-03-02", "platform": "A", "kind": "other", "amount": "5",
            "currency": "USD"}
    seeded(10)
    with count_queries() as few:
        post("/earnings/entries", data, htmx=True)
    seeded(990)
    with count_queries() as many:
        post("/earnings/entries", data, htmx=True)
    assert len(queries(few)) == len(queries(many))
