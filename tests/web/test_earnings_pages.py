"""Every earnings route: the whole page, the htmx partial, and the no-JS post-redirect-get."""

from datetime import date

import pytest

from planner.earnings.models import CashOut, Earning, EarningsSettings, FundSpend
from tests.support.roadmaps import text

ENTRY = {"day": "2026-03-02", "platform": "Clickworker", "kind": "app-testing",
         "amount": "1,500", "currency": "pkr", "minutes": "90"}
CASH_OUT = {"day": "2026-03-05", "platform": "Clickworker", "destination": "mobile-wallet",
            "amount": "1000", "currency": "PKR"}


def assert_dashboard_partial(response, trigger="earnings-changed"):
    """The dashboard alone, swapped in place of #earnings, messages out of band."""
    html = text(response)
    assert response.status_code == 200, html
    assert html.lstrip().startswith('<div id="earnings"')
    assert response.headers["HX-Retarget"] == "#earnings"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert response.headers.get("HX-Trigger") == trigger
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in html and "<nav" not in html
    return html


def test_the_page_shows_every_part_with_the_forms(client, owner):
    response = client.get("/earnings")
    html = text(response)
    assert response.status_code == 200 and "<html" in html
    assert response.headers["Cache-Control"] == "no-store"
    for part in ('id="earnings"', 'id="figures"', 'id="fund"', 'id="entries"',
                 'id="cash-outs"', 'name="idempotency_key"', 'aria-current="page">Earnings'):
        assert part in html
    assert "Nothing logged yet." in html


def test_the_page_as_an_htmx_partial(client, owner, hx):
    html = text(client.get("/earnings", headers=hx))
    assert html.lstrip().startswith('<div id="earnings"') and "<html" not in html


def test_a_boosted_visit_gets_the_whole_page(client, owner, hx):
    html = text(client.get("/earnings", headers={**hx, "HX-Boosted": "true"}))
    assert "<html" in html


def test_adding_an_entry_without_javascript_redirects_to_the_log(client, owner, post, rows_of):
    response = post("/earnings/entries", ENTRY)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/earnings#entries")
    [entry] = rows_of(Earning)
    assert (entry.amount, entry.currency, entry.kind, entry.minutes) == (150000, "PKR",
                                                                         "app-testing", 90)
    html = text(client.get("/earnings"))
    assert "Logged PKR\u00a01,500.00." in html
    assert f'id="entry-{entry.id}"' in html and "PKR\u00a01,000.00 an hour" in html


def test_adding_an_entry_with_htmx_answers_the_dashboard(owner, post, rows_of):
    html = assert_dashboard_partial(post("/earnings/entries", ENTRY, htmx=True))
    [entry] = rows_of(Earning)
    assert f'<li id="entry-{entry.id}"' in html
    assert 'hx-swap-oob="innerHTML"' in html and "Logged PKR\u00a01,500.00." in html


def test_adding_a_cash_out_puts_the_share_in_the_fund(client, owner, post, rows_of):
    response = post("/earnings/cash-outs", CASH_OUT)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/earnings#cash-outs")
    [cash_out] = rows_of(CashOut)
    assert (cash_out.amount, cash_out.fund_share, cash_out.destination) == (100000, 20000,
                                                                            "mobile-wallet")
    html = text(client.get("/earnings"))
    assert "Cashed out PKR\u00a01,000.00." in html and "The fund holds PKR\u00a0200.00." in html


def test_adding_a_cash_out_with_htmx(owner, post, rows_of):
    html = assert_dashboard_partial(post("/earnings/cash-outs", CASH_OUT, htmx=True))
    [cash_out] = rows_of(CashOut)
    assert f'<li id="cash-out-{cash_out.id}"' in html


@pytest.mark.parametrize("htmx", [False, True])
def test_spending_from_the_fund(owner, post, make_cash_out, rows_of, htmx):
    make_cash_out(owner)
    response = post("/earnings/fund/spend", {"day": "2026-03-06", "label": "Design course",
                                             "amount": "150", "currency": "PKR"}, htmx=htmx)
    if htmx:
        assert "The fund holds PKR\u00a050.00." in assert_dashboard_partial(response)
    else:
        assert response.status_code == 303
    [spent] = rows_of(FundSpend)
    assert (spent.label, spent.amount) == ("Design course", 15000)


def test_the_fund_settings_page_and_partial(client, owner, hx):
    html = text(client.get("/earnings/fund"))
    assert "<html" in html and 'id="fund-settings"' in html and 'value="20"' in html
    partial = text(client.get("/earnings/fund", headers=hx))
    assert partial.lstrip().startswith('<form id="fund-settings"')


@pytest.mark.parametrize("htmx", [False, True])
def test_saving_the_fund_settings(owner, post, rows_of, htmx):
    response = post("/earnings/fund", {"currency": "pkr", "percent": "25",
                                       "goal_label": "Design course", "goal_amount": "15,000",
                                       "goal_currency": ""}, htmx=htmx)
    if htmx:
        assert response.status_code == 200 and response.headers["HX-Redirect"] == "/earnings#fund"
    else:
        assert response.status_code == 303
        assert response.headers["Location"].endswith("/earnings#fund")
    [saved] = rows_of(EarningsSettings)
    assert (saved.currency, saved.percent, saved.goal_amount, saved.goal_currency) == (
        "PKR", 25, 1500000, "PKR")


def test_the_settings_form_shows_the_saved_goal(client, owner, post):
    post("/earnings/fund", {"currency": "PKR", "percent": "20", "goal_label": "Course",
                            "goal_amount": "15000", "goal_currency": "PKR"})
    assert 'value="15000.00"' in text(client.get("/earnings/fund"))


def test_the_entry_row_for_htmx_and_a_redirect_otherwise(client, owner, hx, make_earning):
    entry = make_earning(owner)
    row = client.get(f"/earnings/entries/{entry.id}", headers=hx)
    assert text(row).lstrip().startswith(f'<li id="entry-{entry.id}"')
    plain = client.get(f"/earnings/entries/{entry.id}")
    assert plain.status_code == 303 and plain.headers["Location"].endswith(f"#entry-{entry.id}")


def test_the_edit_form_as_page_and_partial(client, owner, hx, make_earning):
    entry = make_earning(owner)
    page = text(client.get(f"/earnings/entries/{entry.id}/edit"))
    assert "<html" in page and 'value="150.00"' in page
    partial = text(client.get(f"/earnings/entries/{entry.id}/edit", headers=hx))
    assert partial.lstrip().startswith(f'<li id="entry-{entry.id}" class="entry editing"')


@pytest.mark.parametrize("htmx", [False, True])
def test_editing_an_entry(owner, post, make_earning, fetch, htmx):
    entry = make_earning(owner)
    response = post(f"/earnings/entries/{entry.id}/edit",
                    {**ENTRY, "amount": "99.5", "minutes": ""}, htmx=htmx)
    if htmx:
        assert "Saved the entry of 2026-03-02." in assert_dashboard_partial(response)
    else:
        assert response.status_code == 303
    saved = fetch(Earning, entry.id)
    assert (saved.amount, saved.minutes, saved.kind) == (9950, None, "app-testing")


def test_a_bad_edit_answers_422_with_the_row_form(owner, post, make_earning, fetch):
    entry = make_earning(owner)
    response = post(f"/earnings/entries/{entry.id}/edit", {**ENTRY, "amount": "-3"}, htmx=True)
    html = text(response)
    assert response.status_code == 422
    assert html.lstrip().startswith(f'<li id="entry-{entry.id}"')
    assert "without a minus sign" in html
    assert fetch(Earning, entry.id).amount == 15000


def test_the_delete_question_as_page_and_partial(client, owner, hx, make_earning):
    entry = make_earning(owner)
    assert "<html" in text(client.get(f"/earnings/entries/{entry.id}/delete"))
    partial = text(client.get(f"/earnings/entries/{entry.id}/delete", headers=hx))
    assert partial.lstrip().startswith(f'<li id="entry-{entry.id}" class="entry confirming"')


@pytest.mark.parametrize("htmx", [False, True])
def test_deleting_an_entry(owner, post, make_earning, fetch, htmx):
    entry = make_earning(owner)
    response = post(f"/earnings/entries/{entry.id}/delete", htmx=htmx)
    if htmx:
        html = assert_dashboard_partial(response)
        assert f'id="entry-{entry.id}"' not in html
    else:
        assert response.status_code == 303
    assert fetch(Earning, entry.id) is None


@pytest.mark.parametrize("htmx", [False, True])
def test_deleting_a_cash_out(client, owner, post, make_cash_out, fetch, hx, htmx):
    cash_out = make_cash_out(owner)
    question = client.get(f"/earnings/cash-outs/{cash_out.id}/delete", headers=hx if htmx else {})
    assert ("<html" in text(question)) is not htmx
    response = post(f"/earnings/cash-outs/{cash_out.id}/delete", htmx=htmx)
    if htmx:
        assert_dashboard_partial(response)
    else:
        assert response.status_code == 303
    assert fetch(CashOut, cash_out.id) is None


def test_a_cash_out_whose_share_was_spent_stays(owner, post, make_cash_out, fetch, rows_of):
    cash_out = make_cash_out(owner)
    post("/earnings/fund/spend", {"day": "2026-03-06", "label": "Book", "amount": "150",
                                  "currency": "PKR"})
    response = post(f"/earnings/cash-outs/{cash_out.id}/delete", htmx=True)
    assert response.status_code == 422
    assert text(response).lstrip().startswith(f'<li id="cash-out-{cash_out.id}"')
    assert "already spent" in text(response) and "PKR\u00a050.00" in text(response)
    assert fetch(CashOut, cash_out.id) is not None


def test_entries_are_paginated(client, owner, make_earning):
    for n in range(25):
        make_earning(owner, day=date(2026, 1, 1 + n))
    first, second = text(client.get("/earnings")), text(client.get("/earnings?page=2"))
    assert first.count('<li id="entry-') == 20 and second.count('<li id="entry-') == 5
    assert "Page 1 of 2 (25 entries)" in first and 'rel="next"' in first
    assert "25 January 2026" in first and "1 January 2026" in second
    assert client.get("/earnings?page=abc").status_code == 404
    assert text(client.get("/earnings?page=9")).count('<li id="entry-') == 5


def test_platforms_are_suggested_from_earlier_entries(client, owner, make_earning):
    make_earning(owner, platform="Microworkers")
    make_earning(owner, platform="Appen")
    html = text(client.get("/earnings"))
    assert '<option value="Appen">\n  <option value="Microworkers">' in html


def test_the_learn_a_skill_milestone_links_to_the_fund(client, roadmap):
    html = text(client.get(roadmap.url))
    assert html.count('href="/earnings#fund"') == 1
    link = html.index('href="/earnings#fund"')
    assert html.rfind('<li id="milestone-', 0, link) == html.find(
        f'<li id="milestone-{roadmap.milestone_ids[4]}"')
