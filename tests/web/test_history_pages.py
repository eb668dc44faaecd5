"""The history page and the progress page: whole pages, htmx partials, pages of history,
the owner only, and the streak on the roadmap page."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from planner.dates import day_label
from planner.extensions import db
from planner.roadmaps.models import MilestoneEvent, Roadmap
from planner.roadmaps.timeline import PAGE_SIZE
from tests.support.history import bulk_history
from tests.support.roadmaps import text


def history_url(made, page: int | None = None) -> str:
    return f"{made.url}/history" + (f"?page={page}" if page else "")


# The history page -----------------------------------------------------------------------------

def test_the_history_page_lists_changes_newest_first(client, roadmap, post):
    post(roadmap.milestone_url(0, "status"), {"status": "doing"})
    post(roadmap.milestone_url(0, "status"), {"status": "done"})
    html = text(client.get(history_url(roadmap)))
    assert "<h1>History of “My plan”</h1>" in html
    done = html.index("Status changed from In progress to Done")
    doing = html.index("Status changed from To do to In progress")
    added = html.index("Added to Micro jobs")
    assert done < doing < added
    assert "by you" in html and '<time datetime="' in html


def test_the_roadmap_page_links_its_history_and_its_progress(client, roadmap):
    html = text(client.get(roadmap.url))
    assert f'href="{history_url(roadmap)}"' in html
    assert f'href="{roadmap.url}/progress"' in html


def test_the_history_as_an_htmx_partial(client, roadmap, hx):
    response = client.get(history_url(roadmap), headers=hx)
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="history"')
    assert "<html" not in html and "<h1>" not in html
    assert "HX-Request" in response.headers["Vary"]
    assert response.headers["Cache-Control"].startswith("no-store")


def test_a_boosted_request_gets_the_whole_page(client, roadmap, hx):
    html = text(client.get(history_url(roadmap), headers={**hx, "HX-Boosted": "true"}))
    assert "<html" in html


def test_the_history_pages_through_every_change(app, client, roadmap):
    bulk_history(app, roadmap.id, PAGE_SIZE * 2)  # 9 added + 100: three pages
    first = text(client.get(history_url(roadmap)))
    assert first.count('<li class="history-event') == PAGE_SIZE
    assert f'href="{history_url(roadmap, 2)}"' in first and 'rel="prev"' not in first
    second = text(client.get(history_url(roadmap, 2), headers={"HX-Request": "true"}))
    assert second.count('<li class="history-event') == PAGE_SIZE
    assert 'rel="prev"' in second and 'rel="next"' in second
    assert 'hx-target="#history"' in second and 'hx-push-url="true"' in second
    third = text(client.get(history_url(roadmap, 3)))
    assert third.count('<li class="history-event') == 9 and 'rel="next"' not in third
    assert client.get(history_url(roadmap, 4)).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "two", "1e3", "100001", ""])
def test_a_page_that_cannot_be_answers_404(client, roadmap, page):
    assert client.get(f"{history_url(roadmap)}?page={page}").status_code == 404


def test_an_empty_history_says_so(app, client, roadmap):
    with app.app_context():
        db.session.execute(MilestoneEvent.__table__.delete())
        db.session.commit()
    assert "No changes yet." in text(client.get(history_url(roadmap)))


def test_the_history_shows_only_this_roadmaps_changes(client, roadmap, make_roadmap, owner,
                                                      post):
    other = make_roadmap(owner, template="empty", custom=1)
    post(other.milestone_url(0, "edit"), {"title": "Elsewhere"}, htmx=True)
    hx = {"HX-Request": "true"}  # the list alone: the navigation names the newest roadmap
    assert "Elsewhere" not in text(client.get(history_url(roadmap), headers=hx))
    assert "Elsewhere" in text(client.get(history_url(other), headers=hx))


# The progress page ----------------------------------------------------------------------------

def test_the_progress_page_shows_the_calendar_and_the_weekly_chart(client, roadmap, post):
    post(roadmap.milestone_url(0, "status"), {"status": "done"})
    post(roadmap.milestone_url(1, "status"), {"status": "done"})
    post(roadmap.milestone_url(2, "status"), {"status": "doing"})
    html = text(client.get(f"{roadmap.url}/progress"))
    assert "<h1>Progress over time</h1>" in html
    assert "<strong>1 day in a row</strong>" in html
    assert "2 milestones done on 1 day" in html
    assert html.count('class="month-grid"') in (12, 13)
    assert ': 2 milestones done</title>' in html and 'class="day l2"' in html
    assert '<caption>1 day with milestones done, newest first</caption>' in html
    assert 'aria-labelledby="weekly-caption"' in html
    assert "<td>2</td><td>1</td><td>2</td>" in html  # this week: done, in progress, finished


def test_the_progress_page_of_a_roadmap_made_in_the_future_shows_this_week(app, client,
                                                                          roadmap):
    """An import keeps the created_at of its file, and a file may say 2099."""
    with app.app_context():
        db.session.execute(update(Roadmap).where(Roadmap.id == roadmap.id)
                           .values(created_at=datetime(2099, 6, 1)))
        db.session.commit()
    response = client.get(f"{roadmap.url}/progress")
    assert response.status_code == 200
    assert "to this week (1 week)" in text(response)


def test_the_progress_page_as_an_htmx_partial(client, roadmap, hx):
    response = client.get(f"{roadmap.url}/progress", headers=hx)
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="over-time"')
    assert "<html" not in html and "HX-Request" in response.headers["Vary"]


def test_the_progress_page_follows_the_owners_time_zone(app, client, make_user, auth,
                                                        make_roadmap):
    # Done at 23:30 yesterday in New York: stored as 03:30 or 04:30 UTC *today*. It counts for
    # yesterday there, so the streak runs to yesterday and today has not broken it.
    zone = ZoneInfo("America/New_York")
    owner = auth.login(make_user(username="nyc", time_zone="America/New_York"))
    made = make_roadmap(owner)
    today = datetime.now(zone).date()
    yesterday = today - timedelta(days=1)
    moment = datetime.combine(yesterday, time(23, 30), zone).astimezone(UTC).replace(tzinfo=None)
    assert moment.date() == today  # the UTC day is the next one
    with app.app_context():
        db.session.execute(update(MilestoneEvent).where(MilestoneEvent.roadmap_id == made.id)
                           .values(created_at=moment - timedelta(days=1)))
        db.session.add(MilestoneEvent(
            roadmap_id=made.id, milestone_id=made.milestone_ids[0], actor_id=owner.id,
            kind="status", field="status", old_value="todo", new_value="done",
            title="Sign up", track="micro-jobs", created_at=moment))
        db.session.commit()
    html = text(client.get(f"{made.url}/progress"))
    assert f"{day_label(yesterday)}: 1 milestone done</title>" in html
    assert f"{day_label(today)}: nothing done</title>" in html
    assert "<strong>1 day in a row</strong>" in html
    roadmap_page = text(client.get(made.url))
    assert "<strong>1 day in a row</strong>" in roadmap_page
    assert "finish one today to keep it going" in roadmap_page


# The streak on the roadmap page ---------------------------------------------------------------

def test_the_roadmap_page_has_no_streak_before_anything_is_done(client, roadmap):
    assert "No streak yet" in text(client.get(roadmap.url))


def test_ticking_a_milestone_done_updates_the_streak_out_of_band(roadmap, post):
    html = text(post(roadmap.milestone_url(0, "status"), {"status": "done"}, htmx=True))
    assert '<p id="streak" class="streak" hx-swap-oob="true">' in html
    assert "<strong>1 day in a row</strong>" in html


def test_other_changes_leave_the_streak_alone(roadmap, post):
    html = text(post(roadmap.milestone_url(0, "status"), {"status": "doing"}, htmx=True))
    assert 'id="streak"' not in html
