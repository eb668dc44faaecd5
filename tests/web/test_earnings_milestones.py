"""A seeded month of micro jobs moves the micro-jobs milestones, each with a message, undoably."""

from datetime import timedelta

import pytest

from planner.database import utcnow
from planner.earnings.models import CashOut, Earning, MilestoneMove
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
    assert "Goal reached!" in html
    assert "PKR\u00a01,500.00 of PKR\u00a01,500.00 saved (100 %)." in html
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


# --- after edits and deletes ---------------------------------------------------------------


def test_deleting_the_only_cash_out_takes_its_moves_back(client, roadmap, post, statuses,
                                                        rows_of):
    earn(post, 0)
    cash_out(post, 1, "1000")
    assert statuses() == {"register": "todo", "daily-tasks": "doing", "cash-out": "done",
                          "save-for-skills": "doing"}
    [row] = rows_of(CashOut)
    html = text(post(f"/earnings/cash-outs/{row.id}/delete", htmx=True))
    assert "No cash-out is recorded any more: “Cash out your earnings” is back to to do." in html
    assert ("No cash-out puts money in your learning fund any more: “Save part of it for "
            "learning” is back to to do.") in html
    assert statuses() == {"register": "todo", "daily-tasks": "doing", "cash-out": "todo",
                          "save-for-skills": "todo"}
    # Only the move the data still shows is listed, with its undo.
    assert [m.to_status for m in rows_of(MilestoneMove)] == ["doing"]
    assert html.count('<li id="move-') == 1
    # A new cash-out moves them again, each with its message.
    html = text(cash_out(post, 2, "500"))
    assert "You made your first cash-out: “Cash out your earnings” is now done." in html
    assert statuses()["cash-out"] == "done" and statuses()["save-for-skills"] == "doing"


def test_deleting_every_entry_puts_the_daily_tasks_back(client, roadmap, post, statuses,
                                                       rows_of):
    earn(post, 0)
    earn(post, 1)
    first, second = rows_of(Earning)
    post(f"/earnings/entries/{first.id}/delete")
    assert statuses()["daily-tasks"] == "doing"  # one entry is still there
    post(f"/earnings/entries/{second.id}/delete")
    assert statuses()["daily-tasks"] == "todo"
    assert ("No earnings are logged any more: “Do a few small tasks every day” is back to to do."
            in text(client.get("/earnings")))


def test_a_move_the_user_undid_stays_undone_through_deletes(roadmap, post, statuses, rows_of):
    cash_out(post, 1, "1000")
    done = next(m for m in rows_of(MilestoneMove) if m.to_status == "done")
    post(f"/earnings/moves/{done.id}/undo")
    [row] = rows_of(CashOut)
    post(f"/earnings/cash-outs/{row.id}/delete")
    cash_out(post, 2, "1000")
    assert statuses()["cash-out"] == "todo"  # the user's undo holds


def test_a_milestone_set_by_hand_is_not_taken_back(roadmap, post, statuses, rows_of):
    cash_out(post, 1, "1000")
    post(roadmap.milestone_url(2, "status"), {"status": "doing"})
    post(roadmap.milestone_url(2, "status"), {"status": "done"})
    [row] = rows_of(CashOut)
    post(f"/earnings/cash-outs/{row.id}/delete")
    assert statuses()["cash-out"] == "done"  # the user set it, not the data


def test_a_goal_no_longer_reached_after_an_edit_goes_back_to_in_progress(
        client, roadmap, post, statuses, rows_of):
    post("/earnings/fund", {"currency": "PKR", "percent": "20", "goal_amount": "200"})
    cash_out(post, 1, "1000")  # PKR 200.00: the goal, at once
    assert statuses()["save-for-skills"] == "done"
    [row] = rows_of(CashOut)
    html = text(post(f"/earnings/cash-outs/{row.id}/edit",
                     {"day": day(1), "platform": "Clickworker", "destination": "bank",
                      "amount": "500", "currency": "PKR"}, htmx=True))
    assert ("Your learning fund is below its goal again: “Save part of it for learning” is "
            "back to in progress.") in html
    assert statuses()["save-for-skills"] == "doing"
    [still] = [m for m in rows_of(MilestoneMove) if m.milestone_id == roadmap.milestone_ids[3]]
    assert (still.from_status, still.to_status) == ("todo", "doing")
    assert still.message.startswith("Your learning fund has its first money")
    # Reached again: done again, with its message.
    cash_out(post, 2, "1000")
    assert statuses()["save-for-skills"] == "done"
    # Every cash-out gone: the narrowed move goes too, to where the milestone started.
    for row in rows_of(CashOut):
        post(f"/earnings/cash-outs/{row.id}/delete")
    assert statuses()["save-for-skills"] == "todo"
    assert statuses()["cash-out"] == "todo"


def test_deleting_spending_changes_no_milestone(roadmap, post, statuses, make_spend, owner,
                                               rows_of):
    post("/earnings/fund", {"currency": "PKR", "percent": "20", "goal_amount": "200"})
    cash_out(post, 1, "1000")
    spent = make_spend(owner, amount=20000)
    before = statuses()
    post(f"/earnings/fund/spends/{spent.id}/delete")
    assert statuses() == before  # the goal counts what was saved, spent or not
