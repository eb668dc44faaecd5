"""Bad input on the earnings forms: a clear message and 422, nothing saved, never a 500."""

import pytest

from planner.earnings.models import CashOut, Earning, EarningsSettings, FundSpend
from tests.support.roadmaps import text

ENTRY = {"day": "2026-03-02", "platform": "Clickworker", "kind": "data-entry",
         "amount": "150", "currency": "PKR", "minutes": ""}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "-150"}, "without a minus sign"),
        ({"amount": "0"}, "above zero"),
        ({"amount": "abc"}, "in digits"),
        ({"amount": "1e9"}, "in digits"),
        ({"amount": "99999999"}, "at most 1,000,000 PKR"),
        ({"amount": "1.005"}, "at most 2 decimals"),
        ({"amount": ""}, "Enter an amount"),
        ({"currency": "XYZ"}, "three-letter ISO currency code"),
        ({"currency": ""}, "Enter a currency code"),
        ({"day": "yesterday"}, "YYYY-MM-DD"),
        ({"day": "1900-01-01"}, "between the years"),
        ({"platform": ""}, "Enter the platform"),
        ({"platform": "x" * 81}, "80 characters"),
        ({"kind": "begging"}, "kinds of task listed"),
        ({"minutes": "0"}, "1 to 1,440"),
        ({"minutes": "5000"}, "1 to 1,440"),
        ({"minutes": "ten"}, "Not a valid integer"),
        ({"platform": "a\x00b"}, "invisible control characters"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_bad_entry_answers_422_and_saves_nothing(owner, post, rows_of, changes, message,
                                                   htmx):
    response = post("/earnings/entries", {**ENTRY, **changes}, htmx=htmx)
    html = text(response)
    assert response.status_code == 422
    assert message in html and 'aria-invalid="true"' in html
    assert ("<html" in html) is not htmx
    assert rows_of(Earning) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"amount": "-1"}, "minus sign"), ({"destination": "moon"}, "where the money went"),
     ({"currency": "usd1"}, "ISO currency code")],
)
def test_a_bad_cash_out_answers_422(owner, post, rows_of, changes, message):
    data = {"day": "2026-03-05", "platform": "A", "destination": "bank", "amount": "10",
            "currency": "USD", **changes}
    response = post("/earnings/cash-outs", data, htmx=True)
    assert response.status_code == 422 and message in text(response)
    assert response.headers["HX-Retarget"] == "#earnings"
    assert rows_of(CashOut) == []


def test_spending_more_than_the_fund_holds_is_refused(owner, post, make_cash_out, rows_of):
    make_cash_out(owner)  # PKR 200.00 in the fund
    response = post("/earnings/fund/spend", {"day": "2026-03-06", "label": "Course",
                                             "amount": "200.01", "currency": "PKR"})
    assert response.status_code == 422
    assert "The learning fund holds PKR200.00: spend at most that." in text(response)
    other = post("/earnings/fund/spend", {"day": "2026-03-06", "label": "Course",
                                          "amount": "1", "currency": "USD"})
    assert other.status_code == 422 and "holds US$0.00" in text(other)
    assert rows_of(FundSpend) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"percent": "101"}, "from 0 to 100"), ({"percent": "-5"}, "from 0 to 100"),
     ({"percent": ""}, "from 0 to 100"), ({"goal_amount": "-1"}, "minus sign"),
     ({"goal_amount": "12", "goal_currency": "ZZZ"}, "ISO currency code"),
     ({"currency": "rupees"}, "ISO currency code")],
)
def test_bad_fund_settings_answer_422(owner, post, rows_of, hx, changes, message):
    data = {"currency": "PKR", "percent": "20", "goal_label": "", "goal_amount": "",
            "goal_currency": "", **changes}
    response = post("/earnings/fund", data, htmx=True)
    assert response.status_code == 422 and message in text(response)
    assert text(response).lstrip().startswith('<form id="fund-settings"')
    assert rows_of(EarningsSettings) == []


@pytest.mark.parametrize("currency", ["CLF", "UYW"])
def test_four_decimal_amounts_stop_where_an_integer_column_does(owner, post, rows_of, currency):
    """A million CLF is 10,000,000,000 ten-thousandths: past PostgreSQL's integer, so 422."""
    response = post("/earnings/entries", {**ENTRY, "currency": currency, "amount": "1000000"})
    assert response.status_code == 422
    assert f"Enter at most 214,748.3647 {currency} in one entry." in text(response)
    assert rows_of(Earning) == []
    refused = post("/earnings/fund", {"currency": currency, "percent": "20",
                                      "goal_amount": "1000000"}, htmx=True)
    assert refused.status_code == 422 and "at most 214,748.3647" in text(refused)
    assert rows_of(EarningsSettings) == []
    kept = post("/earnings/entries", {**ENTRY, "currency": currency, "amount": "214748.3647"})
    assert kept.status_code == 303
    assert [(e.amount, e.currency) for e in rows_of(Earning)] == [(2**31 - 1, currency)]


def test_a_post_without_the_csrf_token_is_refused(client, owner, rows_of):
    response = client.post("/earnings/entries", data=ENTRY)
    assert response.status_code == 400
    assert rows_of(Earning) == []


def test_a_settings_post_without_the_goal_field_keeps_the_goal(owner, post, rows_of):
    post("/earnings/fund", {"currency": "PKR", "percent": "20", "goal_amount": "15000"})
    response = post("/earnings/fund", {"currency": "PKR", "percent": "30"})
    assert response.status_code == 303
    [saved] = rows_of(EarningsSettings)
    # The stored goal is read back as the amount it stands for, not as minor units.
    assert (saved.percent, saved.goal_amount, saved.goal_currency) == (30, 1500000, "PKR")


def test_an_edit_without_the_amount_field_asks_for_it(owner, post, make_earning, rows_of):
    entry = make_earning(owner, amount=15000)
    data = {k: v for k, v in ENTRY.items() if k != "amount"}
    response = post(f"/earnings/entries/{entry.id}/edit", {**data, "amount[]": "5"})
    assert response.status_code == 422 and "Enter an amount" in text(response)
    assert [e.amount for e in rows_of(Earning)] == [15000]
