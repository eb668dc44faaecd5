"""The earnings page costs the same number of queries for 10 entries as for 1,000."""

from datetime import date, timedelta

import pytest
from sqlalchemy import insert

from planner.earnings.models import CashOut, Earning, FundSpend
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


# --- 10 rows or 10,000: every earnings route costs the same -----------------------------------


@pytest.fixture
def bulk(app, owner):
    """bulk(n): n more entries, n // 5 cash-outs and n // 10 small spends, in three inserts."""
    made = {"n": 0}

    def seed(n: int) -> None:
        start, first = date(2025, 1, 1), made["n"]
        made["n"] += n
        with app.app_context():
            db.session.execute(insert(Earning), [
                {"user_id": owner.id, "day": start + timedelta(days=i % 400),
                 "platform": f"P{i % 9}", "kind": ("data-entry", "app-testing", "other")[i % 3],
                 "amount": 100 + i, "currency": ("PKR", "USD", "INR")[i % 3],
                 "minutes": (None, 30)[i % 2]}
                for i in range(first, first + n)])
            db.session.execute(insert(CashOut), [
                {"user_id": owner.id, "day": start + timedelta(days=i % 400), "platform": "P1",
                 "destination": "bank", "amount": 500, "currency": "PKR", "fund_share": 100}
                for i in range(n // 5)])
            db.session.execute(insert(FundSpend), [
                {"user_id": owner.id, "day": start + timedelta(days=i % 400), "label": f"B{i}",
                 "amount": 10, "currency": "PKR"}
                for i in range(n // 10)])
            db.session.commit()

    return seed


def test_every_route_costs_the_same_for_10_and_10000_rows(client, owner, make_roadmap, bulk,
                                                          count_queries, post, hx,
                                                          make_cash_out, make_spend):
    make_roadmap(owner)
    cash_out = make_cash_out(owner, amount=500000, fund_share=100000)
    spends = [make_spend(owner, amount=100) for _ in range(3)]  # edited, then deleted twice
    entry_data = {"day": "2026-03-02", "platform": "A", "kind": "other", "amount": "5",
                  "currency": "USD"}
    cash_data = {"day": "2026-03-05", "platform": "P1", "destination": "bank",
                 "currency": "PKR"}

    def measured(round_: int) -> dict[str, int]:
        """The statements each route runs in this round."""
        gets = {"page": ("/earnings", {}), "partial": ("/earnings", hx),
                "page 2": ("/earnings?page=2", {}),
                "cash-out row": (f"/earnings/cash-outs/{cash_out.id}", hx),
                "cash-out edit form": (f"/earnings/cash-outs/{cash_out.id}/edit", hx),
                "cash-out delete question": (f"/earnings/cash-outs/{cash_out.id}/delete", hx),
                "spending edit form": (f"/earnings/fund/spends/{spends[0].id}/edit", hx),
                "fund settings": ("/earnings/fund", {})}
        counts = {name: len(measure(count_queries, client, url, headers))
                  for name, (url, headers) in gets.items()}
        posts = {
            "add entry": ("/earnings/entries", entry_data),
            "edit cash-out": (f"/earnings/cash-outs/{cash_out.id}/edit",
                              {**cash_data, "amount": str(5000 + round_)}),
            "edit spending": (f"/earnings/fund/spends/{spends[0].id}/edit",
                              {"day": "2026-03-07", "label": "Book", "currency": "PKR",
                               "amount": str(2 + round_)}),
            "delete spending": (f"/earnings/fund/spends/{spends[round_ + 1].id}/delete", {}),
        }
        for name, (url, data) in posts.items():
            with count_queries() as statements:
                response = post(url, data, htmx=True)
            assert response.status_code == 200, (name, text(response)[:300])
            counts[name] = len(queries(statements))
        return counts

    # Done once whatever the data: the first write moves the milestones, the first fund
    # change makes the settings row.
    post("/earnings/entries", entry_data)
    post("/earnings/fund", {"currency": "PKR", "percent": "20"})
    bulk(10)
    few = measured(0)
    bulk(9990)
    many = measured(1)
    assert few == many
    assert many["page"] <= 11 and many["partial"] <= 11, many
