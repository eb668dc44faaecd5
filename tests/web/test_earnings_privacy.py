"""Earnings are private: signed-in only, another user's rows answer 404, gone with the account."""

import pytest

from planner.earnings.models import CashOut, Earning, EarningsSettings, FundSpend, MilestoneMove
from tests.support.accounts import PASSWORD, log_in, password_hash
from tests.support.roadmaps import text

ENTRY = {"day": "2026-03-02", "platform": "Clickworker", "kind": "data-entry",
         "amount": "150", "currency": "PKR"}


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/earnings"), ("post", "/earnings/entries"), ("post", "/earnings/cash-outs"),
     ("get", "/earnings/fund"), ("post", "/earnings/fund"), ("post", "/earnings/fund/spend"),
     ("get", "/earnings/entries/1/edit"), ("post", "/earnings/moves/1/undo")],
)
def test_signed_out_visitors_are_sent_to_log_in(client, post, method, url):
    response = post(url, ENTRY) if method == "post" else client.get(url)
    assert response.status_code == 303 and "/login" in response.headers["Location"]


@pytest.fixture
def others(make_user, make_earning, make_cash_out, make_roadmap, app):
    """Another user's entry, cash-out and milestone move."""
    stranger = make_user(username="stranger")
    made = make_roadmap(stranger)
    entry, cash_out = make_earning(stranger), make_cash_out(stranger)
    from tests.support.databases import save_detached

    move = save_detached(app, MilestoneMove(user_id=stranger.id, milestone_id=made.milestone_ids[1],
                                            from_status="todo", to_status="done", message="x"))
    return entry, cash_out, move


@pytest.mark.parametrize(
    ("method", "template"),
    [("get", "/earnings/entries/{entry}"), ("get", "/earnings/entries/{entry}/edit"),
     ("post", "/earnings/entries/{entry}/edit"), ("get", "/earnings/entries/{entry}/delete"),
     ("post", "/earnings/entries/{entry}/delete"), ("get", "/earnings/cash-outs/{cash}/delete"),
     ("post", "/earnings/cash-outs/{cash}/delete"), ("post", "/earnings/moves/{move}/undo")],
)
def test_another_users_rows_answer_404(owner, post, client, others, fetch, method, template):
    entry, cash_out, move = others
    url = template.format(entry=entry.id, cash=cash_out.id, move=move.id)
    response = post(url, ENTRY) if method == "post" else client.get(url)
    assert response.status_code == 404
    assert fetch(Earning, entry.id) is not None and fetch(CashOut, cash_out.id) is not None
    assert fetch(MilestoneMove, move.id).undone is False


def test_the_page_shows_only_ones_own_entries(client, owner, others, make_earning):
    make_earning(owner, platform="Mine")
    html = text(client.get("/earnings"))
    assert "Mine" in html and f"entry-{others[0].id}" not in html


def test_earnings_never_appear_on_public_pages(client, owner, make_earning, csrf):
    make_earning(owner, platform="SecretPlatform")
    client.post("/logout", data={"csrf_token": csrf()})
    for url in ("/", "/guides/", "/guides/micro-jobs"):
        assert "SecretPlatform" not in text(client.get(url))


def test_deleting_the_account_deletes_its_earnings(client, post, make_user, rows_of,
                                                   make_roadmap):
    user = make_user(username="leaver", password_hash=password_hash())
    assert log_in(client, "leaver").status_code == 303  # deleting asks for a fresh log-in
    make_roadmap(user)
    post("/earnings/entries", ENTRY)
    post("/earnings/cash-outs", {**ENTRY, "destination": "bank"})
    post("/earnings/fund", {"currency": "PKR", "percent": "20"})
    assert rows_of(Earning) and rows_of(CashOut) and rows_of(MilestoneMove)
    response = post("/account/delete", {"current_password": PASSWORD, "comments": "delete"})
    assert response.status_code == 303, text(response)
    assert response.headers["Location"] == "/", response.headers["Location"]
    for model in (Earning, CashOut, EarningsSettings, MilestoneMove):
        assert rows_of(model) == []


@pytest.mark.parametrize(
    ("method", "template"),
    [("get", "/earnings/cash-outs/{cash}"), ("get", "/earnings/cash-outs/{cash}/edit"),
     ("post", "/earnings/cash-outs/{cash}/edit"), ("get", "/earnings/fund/spends/{spend}"),
     ("get", "/earnings/fund/spends/{spend}/edit"), ("post", "/earnings/fund/spends/{spend}/edit"),
     ("get", "/earnings/fund/spends/{spend}/delete"),
     ("post", "/earnings/fund/spends/{spend}/delete")],
)
def test_another_users_cash_outs_and_spending_answer_404(owner, post, client, make_user,
                                                        make_cash_out, make_spend, fetch,
                                                        method, template):
    stranger = make_user(username="stranger")
    cash_out, spent = make_cash_out(stranger), make_spend(stranger)
    url = template.format(cash=cash_out.id, spend=spent.id)
    data = {"day": "2026-03-05", "platform": "Mine", "destination": "bank", "label": "Mine",
            "amount": "1", "currency": "PKR"}
    response = post(url, data) if method == "post" else client.get(url)
    assert response.status_code == 404
    assert fetch(CashOut, cash_out.id).platform == "Clickworker"
    assert fetch(FundSpend, spent.id).label == "Design course"


@pytest.mark.parametrize("url", ["/earnings/cash-outs/1/edit", "/earnings/fund/spends/1/edit",
                                 "/earnings/fund/spends/1/delete"])
def test_signed_out_visitors_cannot_edit(client, post, url):
    assert post(url, ENTRY).status_code == 303
    assert "/login" in client.get(url).headers["Location"]
