"""One-click unsubscribe from reminders (RFC 8058): ask on GET, stop on POST, no log-in."""

import logging
from datetime import date

import pytest
from sqlalchemy import select

from planner.accounts.models import User
from planner.comments.notifications import opt_out_token
from planner.database import utcnow
from planner.extensions import db
from planner.reminders import tokens
from planner.roadmaps.models import Milestone, Roadmap
from tests.support.reminders import MONDAY_8_KARACHI, move_clock, run_task, set_milestones

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture
def reader(app, make_user, make_roadmap):
    """A Karachi reader with both reminders on and a milestone due on Tuesday 10 March."""
    user = make_user(username="ana", email="ana@example.com", email_verified_at=utcnow(),
                     time_zone="Asia/Karachi", remind_weekly=True, remind_day_before=True)
    made = make_roadmap(user)
    set_milestones(app, made.milestone_ids[5:6], target_date=date(2026, 3, 10))
    return user


@pytest.fixture
def links(app, reader, outbox, monkeypatch):
    """The unsubscribe path of each kind, read from the List-Unsubscribe header of its mail."""
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    run_task(app)
    found = {}
    for message in outbox.messages():
        kind = "weekly" if message["Subject"].startswith("Your roadmap") else "day-before"
        header = str(message["List-Unsubscribe"])
        found[kind] = header.removeprefix("<http://localhost").removesuffix(">")
        assert found[kind] in message.get_content()  # the same link in the body
    assert set(found) == {"weekly", "day-before"}
    return found


def wants(fetch, user) -> tuple[bool, bool]:
    """(weekly, day-before) as stored for user now."""
    stored = fetch(User, user.id)
    return stored.remind_weekly, stored.remind_day_before


def test_opening_the_link_asks_and_changes_nothing(client, links, fetch, reader):
    """A GET (mail scanners prefetch links) shows a button; the reminder stays on."""
    page = client.get(links["weekly"])
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Stop the weekly summary" in body
    assert '<input type="hidden" name="List-Unsubscribe" value="One-Click">' in body
    assert 'name="csrf_token"' not in body.split("<form", 2)[-1]
    assert wants(fetch, reader) == (True, True)


def test_a_one_click_post_stops_that_kind_only_without_log_in_or_csrf(app, links, fetch,
                                                                      reader):
    """What a mail program sends: the RFC 8058 body, no cookie, no CSRF token; 200."""
    mail_program = app.test_client()
    response = mail_program.post(links["weekly"], data=ONE_CLICK)
    assert response.status_code == 200
    assert "we will not send you the weekly summary" in response.get_data(as_text=True)
    assert wants(fetch, reader) == (False, True)
    assert mail_program.post(links["weekly"], data=ONE_CLICK).status_code == 200  # again: same
    assert mail_program.post(links["day-before"], data=ONE_CLICK).status_code == 200
    assert wants(fetch, reader) == (False, False)


def test_a_stopped_reminder_is_not_sent_again(app, links, outbox, monkeypatch, reader):
    """The next Monday brings the kind still on, not the one stopped."""
    app.test_client().post(links["weekly"], data=ONE_CLICK)
    set_milestones_next_week(app, reader)
    move_clock(monkeypatch, MONDAY_8_KARACHI.replace(day=16))
    sent_before = len(outbox.messages())
    run_task(app)
    subjects = [m["Subject"] for m in outbox.messages()[sent_before:]]
    assert subjects == ["Tomorrow: Build a portfolio"]


def set_milestones_next_week(app, reader) -> None:
    """Move the reader's dated milestone to Tuesday 17 March."""
    with app.app_context():
        ids = list(db.session.scalars(
            select(Milestone.id).join(Roadmap)
            .where(Roadmap.user_id == reader.id, Milestone.target_date.is_not(None))))
    set_milestones(app, ids, target_date=date(2026, 3, 17))


def test_the_page_says_when_it_is_already_stopped(client, links, reader):
    client.post(links["day-before"], data=ONE_CLICK)
    body = client.get(links["day-before"]).get_data(as_text=True)
    assert "we will not send you the reminder the day before a target date" in body
    assert "<form method=\"post\" action=\"/reminders/stop/" not in body


def test_a_post_without_the_one_click_body_changes_nothing(app, links, fetch, reader):
    response = app.test_client().post(links["weekly"], data={"anything": "else"})
    assert response.status_code == 400
    assert wants(fetch, reader) == (True, True)


@pytest.mark.parametrize("token", [
    "not-a-token",
    "WzEsIndlZWtseSJd",  # [1, "weekly"] with no signature
])
def test_a_forged_link_is_404(client, token):
    response = client.post(f"/reminders/stop/{token}", data=ONE_CLICK)
    assert response.status_code == 404
    assert "not valid" in client.get(f"/reminders/stop/{token}").get_data(as_text=True)


def test_tokens_of_other_purposes_and_altered_tokens_are_refused(app, client, reader):
    """A comment opt-out token is signed for another purpose; a changed id breaks the seal."""
    with app.app_context():
        other = opt_out_token(reader.email)
        good = tokens.make_token(reader.id, "weekly")
    assert client.post(f"/reminders/stop/{other}", data=ONE_CLICK).status_code == 404
    forged = tokens.URLSafeSerializer("guess", salt=tokens.UNSUBSCRIBE_SALT).dumps(
        [reader.id, "weekly"])
    assert client.post(f"/reminders/stop/{forged}", data=ONE_CLICK).status_code == 404
    assert client.post(f"/reminders/stop/{good}", data=ONE_CLICK).status_code == 200


def test_the_exemption_from_csrf_is_this_route_alone(app, reader, auth, client):
    """The account's own reminder form still needs its CSRF token."""
    auth.login(reader)
    assert client.post("/account/reminders", data={}).status_code == 400


def test_the_token_stays_out_of_the_request_log(app, links, caplog):
    caplog.set_level(logging.INFO)
    app.test_client().post(links["weekly"], data=ONE_CLICK)
    token = links["weekly"].rsplit("/", 1)[1]
    lines = [r.getMessage() for r in caplog.records if r.name == "planner.requests"]
    assert lines and all(token not in line for line in lines)
    assert "/reminders/stop/[token]" in lines[-1]
