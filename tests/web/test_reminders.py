"""Reminder mail: who gets the weekly summary and the day-before note, when, and only once."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from planner.accounts import verification
from planner.accounts.models import User
from planner.database import utcnow
from planner.extensions import db
from planner.reminders import sending
from planner.reminders.models import ReminderSent
from planner.roadmaps.models import Milestone
from tests.support.accounts import PASSWORD
from tests.support.concurrency import at_once, meeting_before
from tests.support.reminders import (
    MONDAY_8_KARACHI,
    move_clock,
    run_task,
    set_milestones,
    stop_path,
)

WEEKLY_LINE = "2 done last week · next: Build a portfolio · 1 target date this week"


@pytest.fixture
def reader(account):
    """Ana, in Karachi, with a confirmed address and both reminders turned on."""
    return account(username="ana", email="ana@example.com", display_name="Ana",
                   email_verified_at=utcnow(), time_zone="Asia/Karachi",
                   remind_weekly=True, remind_day_before=True)


@pytest.fixture
def plan(app, make_roadmap, reader):
    """Ana's recommended roadmap as on Monday 9 March 2026: two steps done last week (one at
    23:30 on Sunday, her time), one just after midnight, one target date this week."""
    made = make_roadmap(reader)
    ids = made.milestone_ids  # 4 micro-jobs steps, then Learn a skill, Build a portfolio, ...
    set_milestones(app, ids[:1], status="done", done_at=datetime(2026, 3, 4, 10, 0))
    set_milestones(app, ids[1:3], status="done", done_at=datetime(2026, 2, 20, 10, 0))
    set_milestones(app, ids[3:4], status="done", done_at=datetime(2026, 3, 8, 18, 30))
    set_milestones(app, ids[4:5], status="done", done_at=datetime(2026, 3, 8, 19, 10),
                   target_date=date(2026, 3, 10))
    set_milestones(app, ids[6:7], target_date=date(2026, 3, 12))
    set_milestones(app, ids[7:8], target_date=date(2026, 3, 16))
    return made


def only(app, user_id: int, kind: str) -> None:
    """Leave only one kind of reminder on for this account: "weekly" or "day-before"."""
    with app.app_context():
        user = db.session.get(User, user_id)
        user.remind_weekly, user.remind_day_before = kind == "weekly", kind == "day-before"
        db.session.commit()


# --- the weekly summary -------------------------------------------------------------------


def test_the_weekly_summary_counts_last_week_in_the_readers_zone(app, plan, outbox,
                                                                monkeypatch):
    """Monday 08:00 in Karachi: last week's done milestones, the next one, this week's dates."""
    only(app, plan.user.id, "weekly")
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    assert run_task(app) == 1
    (message,) = outbox.messages()
    assert message["To"] == "ana@example.com"
    assert message["Subject"] == "Your roadmap this week"
    body = message.get_content()
    # Done at 23:30 on Sunday, Karachi time, counts for last week; at 00:10 on Monday it
    # does not, although both moments are Sunday evening in UTC.
    assert f"My plan: {WEEKLY_LINE}" in body
    assert "Monday 9 March 2026" in body and "Hello Ana," in body
    assert "http://localhost/roadmap" in body and "http://localhost/account" in body
    link = stop_path(message)
    assert message["List-Unsubscribe"] == f"<http://localhost{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_unsubscribe_header_stays_on_one_line(app, plan, outbox, monkeypatch):
    """Folded at 78 characters, the link would become encoded words no mail client follows."""
    only(app, plan.user.id, "weekly")
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    run_task(app)
    (raw,) = outbox.texts()
    [header] = [line for line in raw.splitlines() if line.startswith("List-Unsubscribe:")]
    assert header.startswith("List-Unsubscribe: <http://localhost/reminders/stop/")
    assert header.endswith(">") and "=?" not in header


def test_one_summary_covers_every_roadmap(app, plan, make_roadmap, outbox, monkeypatch):
    """A second roadmap is a second line of the same mail."""
    only(app, plan.user.id, "weekly")
    make_roadmap(plan.user, name="Side plan", template="freelancing")
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    assert run_task(app) == 1
    (message,) = outbox.messages()
    assert message["Subject"] == "Your roadmaps this week"
    body = message.get_content()
    assert f"My plan: {WEEKLY_LINE}" in body
    assert ("Side plan: 0 done last week · next: Learn a skill · no target dates this week"
            in body)
    assert body.index("My plan:") < body.index("Side plan:")


@pytest.mark.parametrize("moment", [
    MONDAY_8_KARACHI - timedelta(minutes=15),  # 07:45 in Karachi
    MONDAY_8_KARACHI + timedelta(hours=16),  # 00:00 on Tuesday in Karachi
    MONDAY_8_KARACHI - timedelta(days=1),  # Sunday
])
def test_no_summary_outside_monday_from_eight(app, plan, outbox, monkeypatch, moment):
    """The summary waits for 08:00 on Monday, and a day gone by is not caught up."""
    only(app, plan.user.id, "weekly")
    move_clock(monkeypatch, moment)
    assert run_task(app) == 0
    assert outbox.messages() == []


def test_each_reader_gets_it_at_eight_in_their_own_zone(app, plan, make_user, make_roadmap,
                                                       outbox, monkeypatch):
    """At 08:00 in Karachi it is 03:00 in UTC: only Ana's summary is due."""
    only(app, plan.user.id, "weekly")
    bob = make_user(username="bob", email="bob@example.com", email_verified_at=utcnow(),
                    remind_weekly=True)  # time zone: UTC
    make_roadmap(bob)
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    run_task(app)
    assert [m["To"] for m in outbox.messages()] == ["ana@example.com"]
    move_clock(monkeypatch, MONDAY_8_KARACHI + timedelta(hours=5))
    run_task(app)
    assert [m["To"] for m in outbox.messages()] == ["ana@example.com", "bob@example.com"]


def test_a_week_is_summed_up_once_however_often_the_task_runs(app, plan, outbox, monkeypatch):
    """Later runs on the same Monday find the week claimed; the next Monday is new."""
    only(app, plan.user.id, "weekly")
    for hours in (0, 0, 2, 15):
        move_clock(monkeypatch, MONDAY_8_KARACHI + timedelta(hours=hours))
        run_task(app)
    assert len(outbox.messages()) == 1
    move_clock(monkeypatch, MONDAY_8_KARACHI + timedelta(days=7))
    run_task(app)
    assert len(outbox.messages()) == 2


def test_no_summary_without_anything_to_say(app, reader, outbox, monkeypatch):
    """No roadmap at all: no mail, and the week counts as handled."""
    only(app, reader.id, "weekly")
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    assert run_task(app) == 0
    assert outbox.messages() == []
    with app.app_context():
        assert len(db.session.scalars(select(ReminderSent)).all()) == 1


def test_the_periodic_task_runs_from_the_queue(app, plan, outbox, monkeypatch):
    """Queued as the scheduler queues it, run by the worker: the summary arrives."""
    only(app, plan.user.id, "weekly")
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    with app.app_context():
        sending.send_reminders()  # the scheduler's call: it queues the task
    assert [m["Subject"] for m in outbox.messages()] == ["Your roadmap this week"]


def test_two_runs_at_once_send_each_reminder_once(app, plan, outbox, monkeypatch):
    """Two workers run the task at the same instant: one summary, one day-before note.

    On PostgreSQL both runs read the same due list and meet just before their claims; the
    unique log row lets one through. SQLite runs their transactions one after the other.
    """
    set_milestones(app, plan.milestone_ids[5:6], target_date=date(2026, 3, 10))
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    with meeting_before(app, "INSERT INTO REMINDERS_SENT", parties=2):
        counts = at_once(sending.send_reminders.call_local, sending.send_reminders.call_local)
    assert sum(counts) == 2
    subjects = sorted(m["Subject"] for m in outbox.messages())
    assert subjects == ["Tomorrow: Build a portfolio", "Your roadmap this week"]


# --- the day-before reminder --------------------------------------------------------------


def test_the_day_before_a_target_date_one_mail_names_it(app, plan, outbox, monkeypatch):
    """Build a portfolio is due Tuesday: on Monday from 08:00 Ana hears of it, once."""
    only(app, plan.user.id, "day-before")
    set_milestones(app, plan.milestone_ids[5:6], target_date=date(2026, 3, 10))
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    assert run_task(app) == 1
    assert run_task(app) == 0
    (message,) = outbox.messages()
    assert message["Subject"] == "Tomorrow: Build a portfolio"
    body = message.get_content()
    assert "Tomorrow, 10 March 2026, is the target date" in body
    assert '- Build a portfolio (in "My plan")' in body
    assert "Learn a skill" not in body  # done already: nothing to remind of
    assert message["List-Unsubscribe"] == f"<http://localhost{stop_path(message)}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize("title", ["Pitch\r\nBcc: everyone@example.com", "Pitch\u2028Bcc: x",
                                   "Pitch\x85\x0bnow"])
def test_a_title_with_line_breaks_stays_on_the_subject_line(app, plan, auth, post, outbox,
                                                           monkeypatch, make_user,
                                                           make_roadmap, title):
    """A form post can carry line breaks in a title: the subject joins the lines, so no header
    is added and the run goes on to the next reader instead of stopping at this one."""
    only(app, plan.user.id, "day-before")
    auth.login(plan.user)
    response = post(f"{plan.url}/milestones/{plan.milestone_ids[5]}/edit",
                    {"title": title, "target_date": "2026-03-10"})
    assert response.status_code == 303
    bob = make_user(username="bob", email="bob@example.com", email_verified_at=utcnow(),
                    time_zone="Asia/Karachi", remind_day_before=True)
    set_milestones(app, make_roadmap(bob).milestone_ids[5:6], target_date=date(2026, 3, 10))
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    assert run_task(app) == 2
    ana, bob = outbox.messages()
    assert ana["Subject"] == "Tomorrow: " + " ".join(title.split())
    assert ana["Bcc"] is None and ana["To"] == "ana@example.com"
    assert bob["Subject"] == "Tomorrow: Build a portfolio"


def test_dates_in_mail_read_as_the_readers_locale(app, plan, outbox, monkeypatch):
    only(app, plan.user.id, "day-before")
    with app.app_context():
        db.session.get(User, plan.user.id).locale = "en_US"
        db.session.commit()
    set_milestones(app, plan.milestone_ids[5:6], target_date=date(2026, 3, 10))
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    run_task(app)
    (message,) = outbox.messages()
    assert "Tomorrow, March 10, 2026, is the target date" in message.get_content()


def test_a_new_target_date_is_reminded_of_again(app, plan, outbox, monkeypatch):
    """The log is per milestone and date: moving the date brings a reminder for the new one."""
    only(app, plan.user.id, "day-before")
    set_milestones(app, plan.milestone_ids[6:7], target_date=date(2026, 3, 10))
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    run_task(app)
    set_milestones(app, plan.milestone_ids[6:7], target_date=date(2026, 3, 11))
    run_task(app)  # Monday still: the new date is not tomorrow yet
    move_clock(monkeypatch, MONDAY_8_KARACHI + timedelta(days=1))
    run_task(app)
    run_task(app)
    subjects = [m["Subject"] for m in outbox.messages()]
    assert subjects == ["Tomorrow: Create your freelancer profiles"] * 2


def test_several_targets_tomorrow_make_one_mail(app, plan, outbox, monkeypatch):
    """Two milestones due on Tuesday, in roadmap order, in one message."""
    only(app, plan.user.id, "day-before")
    set_milestones(app, plan.milestone_ids[5:7], target_date=date(2026, 3, 10))
    set_milestones(app, plan.milestone_ids[8:9], target_date=date(2026, 3, 10), status="doing")
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    assert run_task(app) == 1
    (message,) = outbox.messages()
    assert message["Subject"] == "Tomorrow: 3 target dates"
    body = message.get_content()
    titles = ["Build a portfolio", "Create your freelancer profiles", "Grow your client base"]
    assert [body.index(f"- {t}") for t in titles] == sorted(body.index(f"- {t}") for t in titles)


def test_the_day_before_ends_at_local_midnight(app, plan, make_user, make_roadmap, outbox,
                                              monkeypatch):
    """At 00:10 on Tuesday in Karachi (19:10 on Monday in UTC) a Tuesday date is today there:
    no reminder for Ana, while a reader in UTC still has Monday evening and gets hers."""
    only(app, plan.user.id, "day-before")
    set_milestones(app, plan.milestone_ids[5:6], target_date=date(2026, 3, 10))
    bob = make_user(username="bob", email="bob@example.com", email_verified_at=utcnow(),
                    remind_day_before=True)
    other = make_roadmap(bob)
    set_milestones(app, other.milestone_ids[5:6], target_date=date(2026, 3, 10))
    move_clock(monkeypatch, datetime(2026, 3, 9, 19, 10))
    run_task(app)
    assert [m["To"] for m in outbox.messages()] == ["bob@example.com"]
    move_clock(monkeypatch, datetime(2026, 3, 9, 18, 50))  # 23:50 on Monday in Karachi
    run_task(app)
    assert [m["To"] for m in outbox.messages()] == ["bob@example.com", "ana@example.com"]


# --- who gets nothing ---------------------------------------------------------------------


def test_both_reminders_are_off_by_default(app, make_user, make_roadmap, outbox, monkeypatch):
    """A confirmed account that never asked gets neither kind."""
    user = make_user(email_verified_at=utcnow(), time_zone="Asia/Karachi")
    made = make_roadmap(user)
    set_milestones(app, made.milestone_ids[:1], target_date=date(2026, 3, 10))
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    assert run_task(app) == 0
    assert outbox.messages() == []


def test_nothing_goes_to_an_unconfirmed_address(app, make_user, make_roadmap, outbox,
                                               monkeypatch):
    """Asked for both, never confirmed the address: no reminder of either kind."""
    user = make_user(time_zone="Asia/Karachi", remind_weekly=True, remind_day_before=True)
    made = make_roadmap(user)
    set_milestones(app, made.milestone_ids[:1], target_date=date(2026, 3, 10))
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    assert run_task(app) == 0
    assert outbox.messages() == []


def test_a_changed_address_waits_for_its_confirmation(app, plan, auth, post, outbox,
                                                     monkeypatch):
    """Opted in, then moved to a new address: reminders stop until the new one is confirmed."""
    only(app, plan.user.id, "weekly")
    auth.login(plan.user)
    post("/account", {"display_name": "Ana", "email": "new@example.com",
                      "current_password": PASSWORD})
    notices = outbox.messages()
    assert [m["To"] for m in notices] == ["ana@example.com", "new@example.com"]
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    assert run_task(app) == 0
    with app.app_context():
        verification.mark_verified(db.session.get(User, plan.user.id))
    assert run_task(app) == 1
    assert outbox.messages()[-1]["To"] == "new@example.com"


def test_deleting_the_account_takes_its_reminder_log(app, plan, outbox, monkeypatch):
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    run_task(app)
    with app.app_context():
        db.session.delete(db.session.get(User, plan.user.id))
        db.session.commit()
        assert db.session.scalars(select(ReminderSent)).all() == []


# --- scale --------------------------------------------------------------------------------


def many_readers(app, make_user, make_roadmap, count: int, start: int = 0) -> None:
    """count readers in Karachi with a roadmap each, a step due on Tuesday 10 March."""
    for n in range(start, start + count):
        user = make_user(username=f"reader{n}", email=f"reader{n}@example.com",
                         email_verified_at=utcnow(), time_zone="Asia/Karachi",
                         remind_weekly=True, remind_day_before=True)
        made = make_roadmap(user)
        set_milestones(app, made.milestone_ids[:2], target_date=date(2026, 3, 10))


def test_readers_beyond_a_batch_are_each_mailed_once(app, make_user, make_roadmap, outbox,
                                                    monkeypatch):
    """Five readers, batches of two: one run mails every one of them, each once per kind."""
    monkeypatch.setattr(sending, "BATCH", 2)
    many_readers(app, make_user, make_roadmap, 5)
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    assert run_task(app) == 10
    sent = [(m["To"], m["Subject"]) for m in outbox.messages()]
    assert len(set(sent)) == 10
    assert {subject for _, subject in sent} == {"Your roadmap this week",
                                                "Tomorrow: 2 target dates"}


def test_finding_who_is_due_takes_the_same_queries_for_2_or_12_readers(
    app, make_user, make_roadmap, outbox, monkeypatch, count_queries
):
    """Per kind: the zones in use, one query for a batch of readers with their milestones,
    and the claim; whatever the number of readers."""
    move_clock(monkeypatch, MONDAY_8_KARACHI)
    many_readers(app, make_user, make_roadmap, 2)
    with count_queries() as few:
        assert run_task(app) == 4
    # A week later, with ten more readers, every dated step due on the Tuesday again.
    many_readers(app, make_user, make_roadmap, 10, start=2)
    with app.app_context():
        dated = list(db.session.scalars(
            select(Milestone.id).where(Milestone.target_date.is_not(None))))
    set_milestones(app, dated, target_date=date(2026, 3, 17))
    move_clock(monkeypatch, MONDAY_8_KARACHI + timedelta(days=7))
    with count_queries() as many:
        assert run_task(app) == 24
    assert len(few) == len(many)
    reads = [s for s in many if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 4
