"""A seeded month of micro jobs moves the micro-jobs milestones, each with a message, undoably."""

from datetime import timedelta

import pytest

from planner.database import utcnow
from planner.earnings.models import MilestoneMove
from planner.roadmaps.models import Milestone
from tests.support.roadmaps import text


@pytest.fixture
def statuses(milestones_of, roadmap):
    """statuses(): step key -> status of the signed-in user's micro-jobs milestones."""
    return lambda: {m.step_key: m.status for m in milestones_of(roadmap.id)
                    if m.track == "micro-jobs"}


def day(n: int) -> str:
    """The nth day of the month that ends today."""
    return (utcnow().date() - timedelta(days=29 - n)).isoformat()


def earn(post, n, amount="300", minutes="45", kind="data-entry"):
    return post("/earnings/entries", {"day": day(n), "platform": "Clickworker", "kind": kind,
                                      "amount": amount, "currency": "PKR", "minutes": minutes})


def cash_out(post, n, amount):
    return post("/earnings/cash-outs", {"day": day(n), "platform": "Clickworker",
                                        "destination": "mobile-wallet", "amount": amount,
                                        "currency": "PKR"}, htmx=True)


def test_a_seeded_month_moves_the_milestones(client, roadmap, post, statuses, rows_of):
    start = statuses()
    assert start == {"register": "todo", "daily-tasks": "todo", "cash-out": "todo",
                     "save-for-skills": "todo"}
    post("/earnings/fund", {"currency": "PKR", "percent": "20", "goal_label": "Design course",
                            "goal_amount": "1500", "goal_currency": "PKR"})
    assert statuses() == start  # a goal alone moves nothing

    earn(post, 0)
    assert "You logged your first earnings: “Do a few small tasks every day” is now in " \
           "progress." in text(client.get("/earnings"))
    assert statuses()["daily-tasks"] == "doing"

    for n in range(1, 10):
        earn(post, n, kind=("app-testing", "video-feedback")[n % 2])
    html = text(cash_out(post, 10, "2500"))
    assert "You made your first cash-out: “Cash out your earnings” is now done." in html
    assert "Your learning fund has its first money: “Save part of it for learning” is now in " \
           "progress." in html
    assert statuses() == {**start, "daily-tasks": "doing", "cash-out": "done",
                          "save-for-skills": "doing"}

    for n in range(11, 30):
        earn(post, n)
    html = text(cash_out(post, 29, "5000"))  # 20 % of 2,500 + 5,000 = the goal of 1,500
    assert "Your learning fund reached its goal: “Save part of it for learning” is now done." \
        in html
    assert statuses()["save-for-skills"] == "done"
    assert "Goal reached!" in html and "PKR1,500.00 of PKR1,500.00 saved (100 %)." in html
    assert statuses()["register"] == "todo"  # nothing the data cannot show
    assert len(rows_of(MilestoneMove)) == 4


def test_a_move_can_be_undone_and_stays_undone(client, roadmap, post, statuses, rows_of, hx):
    cash_out(post, 5, "1000")
    moved = {m.to_status: m for m in rows_of(MilestoneMove)}
    assert statuses()["cash-out"] == "done"
    response = post(f"/earnings/moves/{moved['done'].id}/undo", htmx=True)
    assert response.status_code == 200
    assert "Undone: “Cash out your earnings” is as it was before." in text(response)
    assert f'id="move-{moved["done"].id}"' not in text(response)
    assert statuses()["cash-out"] == "todo"
    cash_out(post, 6, "1000")
    assert statuses()["cash-out"] == "todo"  # the user's choice holds
    again = post(f"/earnings/moves/{moved['done'].id}/undo")
    assert again.status_code == 303
    assert "was already put back" in text(client.get("/earnings"))


def test_an_undo_leaves_a_milestone_changed_by_hand_alone(roadmap, post, statuses, rows_of):
    earn(post, 0)
    [move] = rows_of(MilestoneMove)
    post(roadmap.milestone_url(1, "status"), {"status": "done"})
    post(f"/earnings/moves/{move.id}/undo")
    assert statuses()["daily-tasks"] == "done"


def test_milestones_already_further_on_are_left_alone(roadmap, post, statuses, fetch):
    post(roadmap.milestone_url(1, "status"), {"status": "done"})
    post(roadmap.milestone_url(2, "status"), {"status": "skipped"})
    earn(post, 0)
    cash_out(post, 1, "100")
    assert statuses()["daily-tasks"] == "done" and statuses()["cash-out"] == "skipped"
    assert fetch(Milestone, roadmap.milestone_ids[1]).status == "done"


def test_without_a_roadmap_nothing_moves_and_nothing_breaks(owner, post, rows_of):
    assert earn(post, 0).status_code == 303
    assert rows_of(MilestoneMove) == []
