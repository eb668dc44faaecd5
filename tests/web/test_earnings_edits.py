"""Cash-outs and the fund's spending, edited and deleted: each route as a page, as an htmx
partial and as a no-JS post-redirect-get, and the fund never below zero."""

import pytest

from planner.earnings.models import CashOut, EarningsSettings, FundSpend
from tests.support.databases import save_detached
from tests.support.roadmaps import text
from tests.web.test_earnings_pages import assert_dashboard_partial

NBSP = "\u00a0"
CASH_OUT = {"day": "2026-03-05", "platform": "Clickworker", "destination": "bank",
            "amount": "500", "currency": "PKR"}
SPEND = {"day": "2026-03-07", "label": "Design course", "amount": "150", "currency": "PKR"}


def assert_row(response, root: str, status: int = 200) -> str:
    """A row partial alone: its status, its root element, Vary, no page around it."""
    html = text(response)
    assert response.status_code == status, html
    assert html.lstrip().startswith(root), html[:200]
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in html
    return html


# --- a cash-out ------------------------------------------------------------------------------


def test_a_cash_out_row_for_htmx_and_a_redirect_otherwise(client, owner, hx, make_cash_out):
    cash_out = make_cash_out(owner)
    html = assert_row(client.get(f"/earnings/cash-outs/{cash_out.id}", headers=hx),
                      f'<li id="cash-out-{cash_out.id}" class="entry">')
    assert f'id="edit-cash-out-{cash_out.id}"' in html
    plain = client.get(f"/earnings/cash-outs/{cash_out.id}")
    assert plain.status_code == 303
    assert plain.headers["Location"].endswith(f"/earnings#cash-out-{cash_out.id}")


def test_the_cash_out_edit_form_as_page_and_partial(client, owner, hx, make_cash_out):
    cash_out = make_cash_out(owner)  # PKR 1,000.00, PKR 200.00 of it in the fund
    page = text(client.get(f"/earnings/cash-outs/{cash_out.id}/edit"))
    assert "<html" in page and "<h1>Edit a cash-out</h1>" in page
    assert 'value="1000.00"' in page and 'value="PKR"' in page
    assert '<option selected value="paypal">' in page
    assert f"It gave the fund PKR{NBSP}200.00. A new amount or currency gives it 20 %" in page
    partial = assert_row(client.get(f"/earnings/cash-outs/{cash_out.id}/edit", headers=hx),
                         f'<li id="cash-out-{cash_out.id}" class="entry editing">')
    assert f'hx-post="/earnings/cash-outs/{cash_out.id}/edit"' in partial
    assert f'id="cash-out-{cash_out.id}-amount"' in partial and "autofocus" not in partial


def test_editing_a_cash_out_without_javascript(client, owner, post, make_cash_out, fetch):
    cash_out = make_cash_out(owner)
    response = post(f"/earnings/cash-outs/{cash_out.id}/edit", CASH_OUT)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/earnings#cash-outs")
    saved = fetch(CashOut, cash_out.id)
    assert (saved.day.isoformat(), saved.destination, saved.amount, saved.fund_share) == (
        "2026-03-05", "bank", 50000, 10000)
    html = text(client.get("/earnings"))
    assert f"Saved the cash-out of 2026-03-05: PKR{NBSP}100.00 to the fund." in html
    assert f"The fund holds PKR{NBSP}100.00." in html


def test_editing_a_cash_out_with_htmx_answers_the_dashboard(owner, post, make_cash_out, fetch):
    cash_out = make_cash_out(owner)
    html = assert_dashboard_partial(post(f"/earnings/cash-outs/{cash_out.id}/edit",
                                         {**CASH_OUT, "amount": "2,000"}, htmx=True))
    assert f'<li id="cash-out-{cash_out.id}" class="entry">' in html
    assert f"The fund holds PKR{NBSP}400.00." in html
    assert fetch(CashOut, cash_out.id).fund_share == 40000


def test_a_cash_out_edited_without_changing_its_money_keeps_its_share(owner, post,
                                                                      make_cash_out, fetch):
    cash_out = make_cash_out(owner)  # taken at 20 %
    post("/earnings/fund", {"currency": "PKR", "percent": "50"})
    post(f"/earnings/cash-outs/{cash_out.id}/edit", {**CASH_OUT, "amount": "1000.00"})
    assert fetch(CashOut, cash_out.id).fund_share == 20000  # not 50 % of it after the fact
    post(f"/earnings/cash-outs/{cash_out.id}/edit", {**CASH_OUT, "amount": "1000.01"})
    assert fetch(CashOut, cash_out.id).fund_share == 50000


@pytest.mark.parametrize("htmx", [False, True])
def test_an_edit_that_would_take_the_fund_below_zero_is_refused(
        owner, post, make_cash_out, make_spend, fetch, htmx):
    cash_out = make_cash_out(owner)  # PKR 200.00 in the fund
    make_spend(owner)  # PKR 150.00 of it spent
    response = post(f"/earnings/cash-outs/{cash_out.id}/edit", CASH_OUT, htmx=htmx)
    html = text(response)
    assert response.status_code == 422
    assert ("<html" in html) is not htmx
    if htmx:
        assert html.lstrip().startswith(f'<li id="cash-out-{cash_out.id}" class="entry editing">')
    assert (f"This change would take the learning fund below zero: it holds PKR{NBSP}50.00 and "
            f"the cash-out&#39;s share would fall by PKR{NBSP}100.00.") in html
    assert 'aria-invalid="true"' in html and 'value="500"' in html
    saved = fetch(CashOut, cash_out.id)
    assert (saved.amount, saved.fund_share, saved.destination) == (100000, 20000, "paypal")


def test_moving_a_spent_share_to_another_currency_is_refused(owner, post, make_cash_out,
                                                              make_spend, fetch):
    cash_out = make_cash_out(owner)
    spent = make_spend(owner, amount=100)  # PKR 1.00 spent: the PKR share cannot leave whole
    response = post(f"/earnings/cash-outs/{cash_out.id}/edit",
                    {**CASH_OUT, "amount": "1000", "currency": "usd"}, htmx=True)
    assert response.status_code == 422
    assert f"share would fall by PKR{NBSP}200.00" in text(response)
    assert fetch(CashOut, cash_out.id).currency == "PKR"
    # Without the spending it may move, and its share goes with it.
    post(f"/earnings/fund/spends/{spent.id}/delete")
    post(f"/earnings/cash-outs/{cash_out.id}/edit", {**CASH_OUT, "currency": "usd"})
    assert (fetch(CashOut, cash_out.id).currency, fetch(CashOut, cash_out.id).fund_share) == (
        "USD", 10000)


def test_an_edit_leaving_just_enough_is_taken(owner, post, make_cash_out, make_spend, fetch):
    cash_out = make_cash_out(owner)
    make_spend(owner)  # PKR 150.00 of the PKR 200.00 spent
    response = post(f"/earnings/cash-outs/{cash_out.id}/edit", {**CASH_OUT, "amount": "750"})
    assert response.status_code == 303  # 20 % of 750 is exactly what was spent
    assert fetch(CashOut, cash_out.id).fund_share == 15000


def test_the_delete_question_names_the_share_and_keep_it_comes_back(client, owner, hx,
                                                                   make_cash_out):
    cash_out = make_cash_out(owner)
    html = assert_row(client.get(f"/earnings/cash-outs/{cash_out.id}/delete", headers=hx),
                      f'<li id="cash-out-{cash_out.id}" class="entry confirming">')
    assert f"Its PKR{NBSP}200.00 leave the fund with it." in html
    assert f'hx-get="/earnings/cash-outs/{cash_out.id}"' in html and "Keep it" in html


# --- spending from the fund --------------------------------------------------------------------


@pytest.fixture
def funded(owner, make_cash_out, make_spend):
    """The owner's fund: PKR 200.00 in from a cash-out, PKR 150.00 spent on a course."""
    make_cash_out(owner)
    return make_spend(owner)


def test_the_spending_is_listed_with_its_actions(client, owner, funded):
    html = text(client.get("/earnings"))
    assert f'<li id="spend-{funded.id}" class="entry">' in html
    assert f'href="/earnings/fund/spends/{funded.id}/edit"' in html
    assert f'href="/earnings/fund/spends/{funded.id}/delete"' in html
    assert f"The fund holds PKR{NBSP}50.00." in html


def test_a_spending_row_for_htmx_and_a_redirect_otherwise(client, owner, hx, funded):
    assert_row(client.get(f"/earnings/fund/spends/{funded.id}", headers=hx),
               f'<li id="spend-{funded.id}" class="entry">')
    plain = client.get(f"/earnings/fund/spends/{funded.id}")
    assert plain.status_code == 303
    assert plain.headers["Location"].endswith(f"/earnings#spend-{funded.id}")


def test_the_spending_edit_form_as_page_and_partial(client, owner, hx, funded):
    page = text(client.get(f"/earnings/fund/spends/{funded.id}/edit"))
    assert "<html" in page and 'value="150.00"' in page and 'value="Design course"' in page
    partial = assert_row(client.get(f"/earnings/fund/spends/{funded.id}/edit", headers=hx),
                         f'<li id="spend-{funded.id}" class="entry editing">')
    assert f'id="spend-{funded.id}-amount"' in partial


@pytest.mark.parametrize("htmx", [False, True])
def test_editing_spending(client, owner, post, funded, fetch, htmx):
    response = post(f"/earnings/fund/spends/{funded.id}/edit",
                    {**SPEND, "label": "A book", "amount": "200"}, htmx=htmx)
    if htmx:
        html = assert_dashboard_partial(response)
    else:
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/earnings#fund")
        html = text(client.get("/earnings"))
    assert "Saved the spending on A book." in html and f"The fund holds PKR{NBSP}0.00." in html
    saved = fetch(FundSpend, funded.id)
    assert (saved.label, saved.amount, saved.day.isoformat()) == ("A book", 20000, "2026-03-07")


@pytest.mark.parametrize("htmx", [False, True])
def test_spending_raised_past_the_fund_is_refused(owner, post, funded, fetch, htmx):
    response = post(f"/earnings/fund/spends/{funded.id}/edit", {**SPEND, "amount": "200.01"},
                    htmx=htmx)
    html = text(response)
    assert response.status_code == 422 and ("<html" in html) is not htmx
    if htmx:
        assert html.lstrip().startswith(f'<li id="spend-{funded.id}" class="entry editing">')
    assert f"The learning fund has PKR{NBSP}200.00 for this: spend at most that." in html
    assert fetch(FundSpend, funded.id).amount == 15000


def test_spending_moved_to_a_currency_the_fund_lacks_is_refused(owner, post, funded, fetch):
    response = post(f"/earnings/fund/spends/{funded.id}/edit", {**SPEND, "currency": "USD"},
                    htmx=True)
    assert response.status_code == 422
    assert "The learning fund has US$0.00 for this" in text(response)
    assert fetch(FundSpend, funded.id).currency == "PKR"


def test_the_spending_delete_question_as_page_and_partial(client, owner, hx, funded):
    page = text(client.get(f"/earnings/fund/spends/{funded.id}/delete"))
    assert "<html" in page and "The money goes back to the learning fund." in page
    partial = assert_row(client.get(f"/earnings/fund/spends/{funded.id}/delete", headers=hx),
                         f'<li id="spend-{funded.id}" class="entry confirming">')
    assert f"Delete the spending of PKR{NBSP}150.00 on Design course?" in partial


@pytest.mark.parametrize("htmx", [False, True])
def test_deleting_spending_gives_the_money_back(client, owner, post, funded, fetch, htmx):
    response = post(f"/earnings/fund/spends/{funded.id}/delete", htmx=htmx)
    if htmx:
        html = assert_dashboard_partial(response)
        assert f'id="spend-{funded.id}"' not in html
    else:
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/earnings#fund")
        html = text(client.get("/earnings"))
    assert (f"Deleted the spending on Design course: PKR{NBSP}150.00 is back in the fund."
            in html)
    assert f"The fund holds PKR{NBSP}200.00." in html
    assert fetch(FundSpend, funded.id) is None


def test_a_cash_out_whose_share_was_spent_can_go_once_the_spending_does(
        owner, post, funded, fetch, rows_of):
    [cash_out] = rows_of(CashOut)
    assert post(f"/earnings/cash-outs/{cash_out.id}/delete").status_code == 422
    post(f"/earnings/fund/spends/{funded.id}/delete")
    assert post(f"/earnings/cash-outs/{cash_out.id}/delete").status_code == 303
    assert rows_of(CashOut) == [] and rows_of(FundSpend) == []


def test_a_refused_edit_leaves_no_settings_row_behind(owner, post, funded, rows_of):
    # The settings row made to lock the fund goes with the refused change.
    assert rows_of(EarningsSettings) == []
    post(f"/earnings/fund/spends/{funded.id}/edit", {**SPEND, "amount": "999"})
    assert rows_of(EarningsSettings) == []


def test_settings_saved_before_an_edit_are_read_by_it(app, owner, post, make_cash_out, fetch):
    save_detached(app, EarningsSettings(user_id=owner.id, currency="PKR", percent=10,
                                        goal_label=""))
    cash_out = make_cash_out(owner)
    post(f"/earnings/cash-outs/{cash_out.id}/edit", CASH_OUT)
    assert fetch(CashOut, cash_out.id).fund_share == 5000
