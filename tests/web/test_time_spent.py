"""Time spent on a milestone: the form in place of the row, the running total, the sums per
track, clear 422s, and a repeat of the same form counted once."""

import re

import pytest
from sqlalchemy import update

from planner.extensions import db
from planner.roadmaps.models import Milestone
from planner.roadmaps.rules import MINUTES_FULL, MINUTES_MESSAGE, MINUTES_TOTAL_MAX
from tests.support.roadmaps import text

KEY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')


def minutes_of(fetch, made, index: int = 0) -> int:
    return fetch(Milestone, made.milestone_ids[index]).minutes_spent


def test_the_menu_offers_time_without_a_new_row_control(client, roadmap):
    html = text(client.get(roadmap.url))
    url = roadmap.milestone_url(0, "time")
    link = f'<a id="time-{roadmap.milestone_ids[0]}" href="{url}" hx-get="{url}"'
    assert link in html
    menu = html.index(f'id="menu-{roadmap.milestone_ids[0]}"')
    assert menu < html.index(link)  # inside the folded "more" menu


def test_the_time_form_as_a_page_without_javascript(client, roadmap):
    response = client.get(roadmap.milestone_url(0, "time"))
    html = text(response)
    assert response.status_code == 200 and "<h1>Log time spent</h1>" in html
    assert "No time logged yet." in html and 'type="number"' in html
    assert 'min="1"' in html and 'max="1440"' in html and KEY.search(html)


def test_the_time_form_as_an_htmx_partial(client, roadmap, hx):
    response = client.get(roadmap.milestone_url(0, "time"), headers=hx)
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="milestone-{roadmap.milestone_ids[0]}" '
                                    'class="milestone editing">')
    assert "<html" not in html and " autofocus" in html


def test_logging_time_without_javascript_redirects_to_the_row(client, roadmap, post, fetch):
    response = post(roadmap.milestone_url(0, "time"), {"minutes": "90"})
    anchor = f"milestone-{roadmap.milestone_ids[0]}"
    assert response.status_code == 303
    assert response.location == f"{roadmap.url}?landed={anchor}#{anchor}"
    html = text(client.get(response.location))
    assert "Logged 1 h 30 min on “Sign up on micro-job platforms”: 1 h 30 min in all." in html
    assert "(1 h 30 min so far)" in html
    assert "4 total · 1 h 30 min spent" in html  # the micro-jobs track
    assert minutes_of(fetch, roadmap) == 90


def test_logging_time_with_htmx_swaps_the_row_and_the_progress(roadmap, post, fetch):
    post(roadmap.milestone_url(0, "time"), {"minutes": "30"})
    response = post(roadmap.milestone_url(4, "time"), {"minutes": " 45 "}, htmx=True)
    html = text(response)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "milestone-updated"
    assert html.lstrip().startswith(f'<li id="milestone-{roadmap.milestone_ids[4]}"')
    assert '<section id="progress"' in html and "9 total · 1 h 15 min spent" in html
    assert "5 total · 45 min spent" in html  # freelancing
    assert f'id="more-{roadmap.milestone_ids[4]}" class="secondary" autofocus' in html
    assert minutes_of(fetch, roadmap, 4) == 45


@pytest.mark.parametrize("minutes", ["", "0", "1441", "abc", "1.5", "-5", "1e3", "٣٠",
                                     "99999999999999999999"])
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_minutes_get_a_clear_422_and_nothing_is_saved(roadmap, post, fetch, minutes, htmx):
    response = post(roadmap.milestone_url(0, "time"), {"minutes": minutes}, htmx=htmx)
    html = text(response)
    assert response.status_code == 422
    assert MINUTES_MESSAGE in html
    assert 'aria-invalid="true"' in html
    assert ("<html" in html) is not htmx
    assert minutes_of(fetch, roadmap) == 0


def test_the_total_has_a_cap(app, roadmap, post, fetch):
    with app.app_context():
        db.session.execute(update(Milestone).where(Milestone.id == roadmap.milestone_ids[0])
                           .values(minutes_spent=MINUTES_TOTAL_MAX - 10))
        db.session.commit()
    response = post(roadmap.milestone_url(0, "time"), {"minutes": "11"}, htmx=True)
    assert response.status_code == 422 and MINUTES_FULL in text(response)
    assert post(roadmap.milestone_url(0, "time"), {"minutes": "10"}).status_code == 303
    assert minutes_of(fetch, roadmap) == MINUTES_TOTAL_MAX


@pytest.mark.parametrize("htmx", [False, True])
def test_the_same_form_sent_twice_counts_once(client, roadmap, post, fetch, htmx):
    key = KEY.search(text(client.get(roadmap.milestone_url(0, "time")))).group(1)
    data = {"minutes": "20", "idempotency_key": key}
    first = post(roadmap.milestone_url(0, "time"), data, htmx=htmx)
    again = post(roadmap.milestone_url(0, "time"), data, htmx=htmx)
    assert first.status_code == again.status_code
    assert minutes_of(fetch, roadmap) == 20
    if htmx:
        assert "That time was already logged" in text(again)
