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
        ({"minutes": "ten"}, "1 to 1,440"),
        ({"minutes": "٩٠"}, "1 to 1,440"),
        ({"minutes": "-5"}, "1 to 1,440"),
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
    assert "The learning fund holds PKR\u00a0200.00: spend at most that." in text(response)
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
    """A million CLF is 10,000,000,000 ten-thousandths, past PostgreSQL's integer: 422.

    The two four-decimal codes are units of account, not money in use, so the forms refuse
    them as currencies; money.max_minor caps them below the column all the same.
    """
    response = post("/earnings/entries", {**ENTRY, "currency": currency, "amount": "1000000"})
    assert response.status_code == 422 and "ISO currency code" in text(response)
    assert rows_of(Earning) == []
    refused = post("/earnings/fund", {"currency": currency, "percent": "20",
                                      "goal_amount": "1000000"}, htmx=True)
    assert refused.status_code == 422 and "ISO currency code" in text(refused)
    assert rows_of(EarningsSettings) == []


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


# --- every money form, the same hostile input --------------------------------------------------

HOSTILE = [
    ({"amount": "-150"}, "without a minus sign"),
    ({"amount": "0"}, "above zero"),
    ({"amount": "1e9"}, "in digits 0-9"),
    ({"amount": "NaN"}, "in digits 0-9"),
    ({"amount": "Infinity"}, "in digits 0-9"),
    ({"amount": "١٢٣"}, "in digits 0-9"),
    ({"amount": "۱۲۳"}, "in digits 0-9"),
    ({"amount": "\uff11\uff12"}, "in digits 0-9"),
    ({"amount": "12.345"}, "PKR amounts have at most 2 decimals"),
    ({"amount": "12,50"}, "Use a point for decimals"),
    ({"amount": "99999999"}, "at most 1,000,000 PKR"),
    ({"amount": "9" * 5000}, "at most 1,000,000 PKR"),
    ({"amount": ""}, "Enter an amount"),
    ({"currency": "XXX"}, "three-letter ISO currency code"),
    ({"currency": "xts"}, "three-letter ISO currency code"),
    ({"currency": "ABC"}, "three-letter ISO currency code"),
    ({"currency": "XAU"}, "three-letter ISO currency code"),
    ({"currency": "DEM"}, "three-letter ISO currency code"),
    ({"currency": "\uff30\uff2b\uff32"}, "three-letter ISO currency code"),
    ({"currency": "pk"}, "three-letter ISO currency code"),
]
CASH_OUT = {"day": "2026-03-05", "platform": "Clickworker", "destination": "bank",
            "amount": "500", "currency": "PKR"}
SPEND = {"day": "2026-03-07", "label": "Course", "amount": "50", "currency": "PKR"}


@pytest.fixture
def forms_of(owner, make_earning, make_cash_out, make_spend, rows_of):
    """Each money form: (url, valid data, the rows it must leave as they were)."""
    entry, cash_out = make_earning(owner), make_cash_out(owner)
    spent = make_spend(owner, amount=5000)
    before = {model: rows_of(model) for model in (Earning, CashOut, FundSpend)}
    forms = {
        "add entry": ("/earnings/entries", ENTRY),
        "edit entry": (f"/earnings/entries/{entry.id}/edit", ENTRY),
        "add cash-out": ("/earnings/cash-outs", CASH_OUT),
        "edit cash-out": (f"/earnings/cash-outs/{cash_out.id}/edit", CASH_OUT),
        "spend": ("/earnings/fund/spend", SPEND),
        "edit spending": (f"/earnings/fund/spends/{spent.id}/edit", SPEND),
    }
    return forms, before


def columns(rows) -> list[tuple]:
    """What a list of rows holds, to compare before and after."""
    return [tuple(sorted((k, v) for k, v in vars(row).items() if not k.startswith("_")))
            for row in rows]


@pytest.mark.parametrize("form", ["add entry", "edit entry", "add cash-out", "edit cash-out",
                                  "spend", "edit spending"])
@pytest.mark.parametrize(("changes", "message"), HOSTILE)
def test_hostile_money_gets_422_and_changes_nothing(post, forms_of, rows_of, form, changes,
                                                    message):
    forms, before = forms_of
    url, data = forms[form]
    for htmx in (False, True):
        response = post(url, {**data, **changes}, htmx=htmx)
        html = text(response)
        assert response.status_code == 422, (form, changes, html[:300])
        assert message in html and 'aria-invalid="true"' in html
    for model, rows in before.items():
        assert columns(rows_of(model)) == columns(rows), model


@pytest.mark.parametrize("form", ["add entry", "edit entry", "add cash-out", "edit cash-out",
                                  "spend", "edit spending"])
def test_lowercase_currency_codes_are_read_as_capitals(post, forms_of, rows_of, form):
    forms, _ = forms_of
    url, data = forms[form]
    response = post(url, {**data, "currency": " pkr "})
    assert response.status_code == 303, text(response)[:300]
    assert {row.currency for model in (Earning, CashOut, FundSpend)
            for row in rows_of(model)} == {"PKR"}


@pytest.mark.parametrize(("changes", "message"), [
    ({"goal_amount": "1e9"}, "in digits 0-9"),
    ({"goal_amount": "١٢٣"}, "in digits 0-9"),
    ({"goal_amount": "NaN"}, "in digits 0-9"),
    ({"goal_amount": "12.345"}, "at most 2 decimals"),
    ({"goal_amount": "99999999"}, "at most 1,000,000 PKR"),
    ({"goal_amount": "12", "goal_currency": "XXX"}, "ISO currency code"),
    ({"currency": "abc"}, "ISO currency code"),
    ({"percent": "٢٠"}, "from 0 to 100, in digits 0-9"),
    ({"percent": "1e1"}, "from 0 to 100"),
    ({"percent": "20.5"}, "from 0 to 100"),
    ({"percent": "9" * 5000}, "from 0 to 100"),
    ({"percent": "-5"}, "from 0 to 100"),
])
def test_hostile_fund_settings_get_422(owner, post, rows_of, changes, message):
    data = {"currency": "PKR", "percent": "20", "goal_label": "", "goal_amount": "",
            "goal_currency": "", **changes}
    for htmx in (False, True):
        response = post("/earnings/fund", data, htmx=htmx)
        assert response.status_code == 422 and message in text(response)
        assert "Not a valid" not in text(response)
    assert rows_of(EarningsSettings) == []
