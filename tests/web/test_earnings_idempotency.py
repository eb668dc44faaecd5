"""A creating form sent twice with the same key creates once."""

import pytest

from planner.earnings.models import CashOut, Earning, FundSpend
from tests.support.roadmaps import text

FORMS = [
    ("/earnings/entries", {"day": "2026-03-02", "platform": "A", "kind": "other",
                           "amount": "5", "currency": "USD"}, Earning),
    ("/earnings/cash-outs", {"day": "2026-03-02", "platform": "A", "destination": "bank",
                             "amount": "5", "currency": "USD"}, CashOut),
    ("/earnings/fund/spend", {"day": "2026-03-02", "label": "Book", "amount": "0.50",
                              "currency": "USD"}, FundSpend),
]


@pytest.mark.parametrize(("url", "data", "model"), FORMS)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_repeated_form_creates_once(owner, post, rows_of, make_cash_out, url, data, model,
                                      htmx):
    make_cash_out(owner, currency="USD", amount=1000, fund_share=200)
    before = len(rows_of(model))
    key = "k" * 24
    first = post(url, {**data, "idempotency_key": key}, htmx=htmx)
    again = post(url, {**data, "idempotency_key": key}, htmx=htmx)
    assert first.status_code == again.status_code
    assert len(rows_of(model)) == before + 1
    if htmx:
        assert text(again).lstrip().startswith('<div id="earnings"')


def test_the_page_gives_each_form_its_own_fresh_key(client, owner):
    import re

    keys = re.findall(r'name="idempotency_key" type="hidden" value="([^"]+)"',
                      text(client.get("/earnings")))
    again = re.findall(r'name="idempotency_key" type="hidden" value="([^"]+)"',
                       text(client.get("/earnings")))
    assert len(keys) == 3 and len(set(keys + again)) == 6
