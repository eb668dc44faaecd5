"""A seeded month of micro jobs in Karachi, read at 23:30 on its last day: the dashboard's
figures, the fund's progress and the milestones moved, all pinned."""

import re
from datetime import date, datetime

import pytest

from planner.accounts import preferences
from planner.earnings.models import CashOut, MilestoneMove
from tests.support.roadmaps import text

NBSP = "\u00a0"
KINDS = ("data-entry", "app-testing", "video-feedback", "image-sorting")


def rs(amount: str) -> str:
    """An amount as en_PK writes rupees."""
    return f"Rs{NBSP}{amount}"


def figure(html: str, name: str) -> str:
    """The text of one "Is it working?" figure."""
    return re.search(rf"<dt>{name}</dt><dd>(.*?)</dd>", html, re.S).group(1).strip()


@pytest.fixture
def march(make_user, auth, make_roadmap, monkeypatch, post, rows_of):
    """March 2026 for a reader in Karachi (en_PK), seen at 23:30 local on 31 March:
    an entry a day, three cash-outs (one edited), spending from the fund, a goal."""
    user = auth.login(make_user(username="ayesha", locale="en_PK", time_zone="Asia/Karachi"))
    roadmap = make_roadmap(user)
    monkeypatch.setattr(preferences, "utcnow", lambda: datetime(2026, 3, 31, 18, 30))
    post("/earnings/fund", {"currency": "PKR", "percent": "20", "goal_label": "Design course",
                            "goal_amount": "1,500", "goal_currency": "PKR"})
    for n in range(1, 32):
        post("/earnings/entries", {
            "day": date(2026, 3, n).isoformat(), "platform": ("Clickworker", "Appen")[n % 2],
            "kind": KINDS[n % 4], "amount": str(250 + 25 * (n % 5)), "currency": "PKR",
            "minutes": str(45 + 15 * (n % 3))})
    cash_out = {"platform": "Clickworker", "destination": "mobile-wallet", "currency": "PKR"}
    post("/earnings/cash-outs", {**cash_out, "day": "2026-03-10", "amount": "2,500"})
    post("/earnings/fund/spend", {"day": "2026-03-15", "label": "Canva Pro, one month",
                                  "amount": "300", "currency": "PKR"})
    post("/earnings/cash-outs", {**cash_out, "day": "2026-03-24", "platform": "Appen",
                                 "destination": "bank", "amount": "3,000"})
    edited = max(rows_of(CashOut), key=lambda c: c.id)
    post(f"/earnings/cash-outs/{edited.id}/edit",  # it was 4,000: the fund's share follows
         {**cash_out, "day": "2026-03-24", "platform": "Appen", "destination": "bank",
          "amount": "4,000"})
    post("/earnings/cash-outs", {**cash_out, "day": "2026-03-31", "amount": "1,000"})
    return roadmap


def test_the_seeded_month_as_the_dashboard_shows_it(client, march, milestones_of, rows_of):
    html = text(client.get("/earnings"))
    assert figure(html, "This week") == rs("525.00")  # Monday 30 and Tuesday 31 March
    assert figure(html, "This month") == rs("9,275.00")
    assert figure(html, "Per hour") == rs("299.19")  # 9,275 in 1,860 minutes
    assert figure(html, "Best paid per hour") == f"Data entry ({rs('310.71')} an hour)"
    weeks = re.findall(r"<li>Week of <time datetime=\"([0-9-]+)\">[^<]+</time>: (.*?)</li>", html)
    assert weeks[-5:] == [("2026-03-02", rs("2,125.00")), ("2026-03-09", rs("2,100.00")),
                          ("2026-03-16", rs("2,075.00")), ("2026-03-23", rs("2,175.00")),
                          ("2026-03-30", rs("525.00"))]
    assert weeks[-6] == ("2026-02-23", rs("275.00"))  # Sunday 1 March ends February's week
    # Earned less cashed out: Appen 4,775 - 4,000, Clickworker 4,500 - (2,500 + 1,000).
    on_platforms = re.findall(r"<li>(Clickworker|Appen): (.*?)</li>", html)
    assert on_platforms == [("Appen", rs("775.00")), ("Clickworker", rs("1,000.00"))]
    # The fund: 20 % of 2,500 + 4,000 + 1,000 in, a course tool out; the goal counts savings.
    assert f"The fund holds {rs('1,200.00')}." in html
    assert f"{rs('1,500.00')} of {rs('1,500.00')} saved (100 %). Goal reached!" in html
    assert 'value="100" max="100"' in html
    assert [(c.amount, c.fund_share) for c in rows_of(CashOut)] == [
        (250000, 50000), (400000, 80000), (100000, 20000)]
    # The roadmap: every micro-jobs step the data can show, each with its message.
    steps = {m.step_key: m.status for m in milestones_of(march.id) if m.track == "micro-jobs"}
    assert steps == {"register": "todo", "daily-tasks": "doing", "cash-out": "done",
                     "save-for-skills": "done"}
    assert [m.message for m in rows_of(MilestoneMove)] == [
        "You logged your first earnings: “Do a few small tasks every day” is now in progress.",
        "You made your first cash-out: “Cash out your earnings” is now done.",
        "Your learning fund has its first money: “Save part of it for learning” is now in "
        "progress.",
        "Your learning fund reached its goal: “Save part of it for learning” is now done.",
    ]


def test_taking_back_the_last_cash_out_puts_the_goal_back(client, march, post, rows_of,
                                                         milestones_of):
    last = max(rows_of(CashOut), key=lambda c: c.id)
    html = text(post(f"/earnings/cash-outs/{last.id}/delete", htmx=True))
    assert ("Your learning fund is below its goal again: “Save part of it for learning” is "
            "back to in progress.") in html
    assert f"{rs('1,300.00')} of {rs('1,500.00')} saved (86 %)." in html
    assert "At this pace: about <time datetime=\"2026-04-05\">5 April 2026</time>." in html
    steps = {m.step_key: m.status for m in milestones_of(march.id) if m.track == "micro-jobs"}
    assert steps["save-for-skills"] == "doing" and steps["cash-out"] == "done"
