"""The calendar feed: a tokenized ICS address of open target dates; renewed or revoked, it 404s."""

from datetime import date

import pytest
from icalendar import Calendar
from sqlalchemy import update

from planner.extensions import db
from planner.roadmaps.models import Milestone
from planner.sharing.models import CalendarFeed
from tests.support.html import attributes
from tests.support.roadmaps import text
from tests.support.sharing import address, make_feed, path_of, share_url

NOTE = "Secret note about my savings"
EVIDENCE = "https://evidence.example/portfolio"


@pytest.fixture
def dated(app, roadmap):
    """The roadmap with target dates: one done, one skipped, one in progress, the rest to do."""
    ids = roadmap.milestone_ids
    with app.app_context():
        for n, milestone_id in enumerate(ids):
            db.session.execute(update(Milestone).where(Milestone.id == milestone_id).values(
                target_date=date(2031, 1, 1 + n), notes=NOTE, evidence_url=EVIDENCE))
        for milestone_id, status in ((ids[0], "done"), (ids[1], "skipped"), (ids[2], "doing")):
            db.session.execute(update(Milestone).where(Milestone.id == milestone_id)
                               .values(status=status))
        db.session.execute(update(Milestone).where(Milestone.id == ids[8])
                           .values(target_date=None))
        db.session.commit()
    return roadmap


def events(response):
    calendar = Calendar.from_ical(response.get_data())
    return [c for c in calendar.walk("VEVENT")]


def test_making_a_feed_without_javascript(client, post, roadmap, rows_of):
    response = post(share_url(roadmap.id) + "/feed", {})
    assert response.status_code == 303
    assert response.headers["Location"] == share_url(roadmap.id) + "#calendar-feed"
    url = address(client.get(response.headers["Location"]), "feed-url")
    [feed] = rows_of(CalendarFeed)
    assert url == f"http://localhost/feed/{feed.token}.ics"


def test_making_a_feed_with_htmx_swaps_the_feed_section(post, roadmap):
    response = post(share_url(roadmap.id) + "/feed", {}, htmx=True)
    html = text(response)
    assert response.status_code == 200 and html.lstrip().startswith('<section id="calendar-feed"')
    assert "autofocus" in attributes(html, id="feed-url")
    assert response.headers["HX-Trigger"] == "calendar-feed-changed"


def test_the_feed_lists_open_target_dates_as_all_day_events(client, post, dated, app):
    feed = make_feed(client, post, dated.id)
    response = app.test_client().get(feed)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response)
    ids = dated.milestone_ids
    assert [str(e["UID"]) for e in found] == [f"milestone-{i}@localhost" for i in ids[2:8]]
    first = found[0]
    assert first.decoded("DTSTART") == date(2031, 1, 3)  # a date: an all-day event
    assert first.decoded("DTEND") == date(2031, 1, 4)
    assert "DTSTAMP" in first
    assert str(first["URL"]) == f"http://localhost/roadmap/{dated.id}#milestone-{ids[2]}"
    with app.app_context():
        titles = [db.session.get(Milestone, i).title for i in ids[2:8]]
    assert [str(e["SUMMARY"]) for e in found] == titles


def test_uids_stay_the_same_from_one_fetch_to_the_next(client, post, dated, app):
    feed = make_feed(client, post, dated.id)
    first = [str(e["UID"]) for e in events(app.test_client().get(feed))]
    post(dated.milestone_url(3, "edit"), {"title": "Renamed step", "target_date": "2031-02-01"})
    again = events(app.test_client().get(feed))
    assert sorted(first) == sorted(str(e["UID"]) for e in again)
    uid = f"milestone-{dated.milestone_ids[3]}@localhost"
    moved = next(e for e in again if str(e["UID"]) == uid)
    assert str(moved["SUMMARY"]) == "Renamed step" and moved.decoded("DTSTART") == date(2031, 2, 1)


def test_done_milestones_leave_the_feed(client, post, dated, app):
    feed = make_feed(client, post, dated.id)
    post(dated.milestone_url(2, "status"), {"status": "done"})
    uids = [str(e["UID"]) for e in events(app.test_client().get(feed))]
    assert f"milestone-{dated.milestone_ids[2]}@localhost" not in uids and len(uids) == 5


def test_the_feed_covers_all_the_users_roadmaps_and_no_one_elses(
    client, post, dated, make_roadmap, owner, make_user, app
):
    other_plan = make_roadmap(owner, template="empty", custom=1, target_date=date(2031, 6, 1))
    make_roadmap(make_user(username="stranger"), target_date=date(2031, 6, 2))
    feed = make_feed(client, post, dated.id)
    uids = {str(e["UID"]) for e in events(app.test_client().get(feed))}
    assert f"milestone-{other_plan.milestone_ids[0]}@localhost" in uids
    assert len(uids) == 7


def test_nothing_private_is_in_the_feed(client, post, dated, app, owner):
    body = app.test_client().get(make_feed(client, post, dated.id)).get_data()
    for secret in (NOTE, EVIDENCE, "evidence.example", owner.email, "@example.com"):
        assert secret.encode() not in body, secret


def test_renewing_gives_a_new_address_and_the_old_one_404s(client, post, dated, app):
    old = make_feed(client, post, dated.id)
    response = post(share_url(dated.id) + "/feed/renew", {})
    assert response.status_code == 303
    new = path_of(address(client.get(share_url(dated.id)), "feed-url"))
    visitor = app.test_client()
    assert new != old
    assert visitor.get(old).status_code == 404 and visitor.get(new).status_code == 200


def test_renewing_with_htmx_swaps_the_feed_section(client, post, dated):
    old = make_feed(client, post, dated.id)
    response = post(share_url(dated.id) + "/feed/renew", {}, htmx=True)
    html = text(response)
    assert response.status_code == 200 and html.lstrip().startswith('<section id="calendar-feed"')
    assert path_of(attributes(html, id="feed-url")["value"]) != old


def test_revoking_makes_the_address_404(client, post, dated, app, rows_of):
    feed = make_feed(client, post, dated.id)
    response = post(share_url(dated.id) + "/feed/revoke", {})
    assert response.status_code == 303
    assert app.test_client().get(feed).status_code == 404
    assert rows_of(CalendarFeed) == []
    page = text(client.get(share_url(dated.id)))
    assert 'id="create-feed"' in page and 'id="feed-url"' not in page


def test_revoking_with_htmx_offers_to_make_one_again(client, post, dated):
    make_feed(client, post, dated.id)
    response = post(share_url(dated.id) + "/feed/revoke", {}, htmx=True)
    html = text(response)
    assert response.status_code == 200 and "autofocus" in attributes(html, id="create-feed")
    assert "Turned off your calendar feed" in html


def test_the_same_form_sent_twice_makes_one_feed(client, post, roadmap, rows_of):
    key = attributes(text(client.get(share_url(roadmap.id))), name="idempotency_key")["value"]
    post(share_url(roadmap.id) + "/feed", {"idempotency_key": key})
    post(share_url(roadmap.id) + "/feed", {"idempotency_key": key}, htmx=True)
    post(share_url(roadmap.id) + "/feed", {})
    assert len(rows_of(CalendarFeed)) == 1


def test_the_feed_is_unlisted_and_not_kept_by_shared_caches(client, post, roadmap, app):
    response = app.test_client().get(make_feed(client, post, roadmap.id))
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_deleting_the_account_deletes_its_feed_and_links(app, account, make_roadmap, rows_of):
    from planner.sharing.models import ShareLink
    from tests.support.accounts import PASSWORD, log_in
    from tests.support.forms import submit

    client = app.test_client()
    user = account(username="leaver", email="leaver@example.com")
    made = make_roadmap(user)
    assert log_in(client, "leaver").status_code == 303
    submit(client, share_url(made.id), {})
    submit(client, share_url(made.id) + "/feed", {})
    assert len(rows_of(ShareLink)) == 1 and len(rows_of(CalendarFeed)) == 1
    response = submit(client, "/account/delete", {"current_password": PASSWORD,
                                                  "comments": "delete"})
    assert response.status_code == 303
    assert rows_of(ShareLink) == [] and rows_of(CalendarFeed) == []


@pytest.mark.parametrize("size", [5, 200])
def test_the_feed_costs_two_queries_whatever_the_size(client, post, make_roadmap, owner,
                                                      count_queries, app, size):
    made = make_roadmap(owner, template="empty", custom=size, target_date=date(2031, 1, 1))
    feed = make_feed(client, post, made.id)
    with count_queries() as statements:
        response = app.test_client().get(feed)
    assert len(events(response)) == size
    assert len([s for s in statements if not s.lstrip().upper().startswith("BEGIN")]) == 2
