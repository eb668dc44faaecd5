"""Factories for the earnings tests: entries, cash-outs and spending saved straight away."""

from datetime import date

import pytest
from sqlalchemy import select

from planner.earnings.models import CashOut, Earning, EarningsSettings, FundSpend
from planner.extensions import db
from tests.databases import save_detached

pytest_plugins = ["tests.roadmaps_fixtures"]


@pytest.fixture
def make_earning(app):
    """Factory: make_earning(user, **overrides) saves an entry and returns it detached."""

    def make(user, **overrides) -> Earning:
        values = {"day": date(2026, 3, 2), "platform": "Clickworker", "kind": "data-entry",
                  "amount": 15000, "currency": "PKR", "minutes": None}
        values.update(overrides)
        return save_detached(app, Earning(user_id=user.id, **values))

    return make


@pytest.fixture
def make_cash_out(app):
    """Factory: make_cash_out(user, **overrides) saves a cash-out and returns it detached."""

    def make(user, **overrides) -> CashOut:
        values = {"day": date(2026, 3, 3), "platform": "Clickworker", "destination": "paypal",
                  "amount": 100000, "currency": "PKR", "fund_share": 20000}
        values.update(overrides)
        return save_detached(app, CashOut(user_id=user.id, **values))

    return make


@pytest.fixture
def rows_of(app):
    """rows_of(Model): every row of a model, detached, in id order."""

    def get(model) -> list:
        with app.app_context():
            rows = db.session.scalars(select(model).order_by(*model.__table__.primary_key)).all()
            db.session.expunge_all()
            return list(rows)

    return get


__all__ = ["CashOut", "Earning", "EarningsSettings", "FundSpend"]
