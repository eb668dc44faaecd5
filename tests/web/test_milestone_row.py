"""The calm roadmap row: its controls, moving to another track, and where no-JS posts land."""

from datetime import datetime

import pytest

from planner.roadmaps.models import Milestone
from tests.support.roadmaps import ids_in, text


@pytest.fixture
def custom(make_roadmap, owner):
    """The signed-in user's micro-jobs roadmap with two milestones of their own."""
    return make_roadmap(owner, template="micro-jobs", custom=2)


def custom_url(made, index: int = 0, action: str = "") -> str:
    """The URL of one of made's own milestones (they come after the four guide steps)."""
    return made.milestone_url(4 + index, action)


def test_a_row_has_a_tick_a_status_control_and_one_menu(client, roadmap):
    html = text(client.get(roadmap.url))
    first = roadmap.milestone_ids[0]
    row = html[html.index(f'<li id="milestone-{first}"'):]
    row = row[:row.index("</li>")]
    assert f'id="tick-{first}"' in row and f'id="status-{first}"' in row
    assert row.count("<details") == 1 and f'<summary id="more-{first}"' in row
    # "Set" is there only without JavaScript; the status badge that could disagree is gone.
    assert "<noscript><button" in row and "badge" not in row
    assert 'hx-trigger="change"' in row


def test_guide_steps_offer_no_other_track_and_own_milestones_do(client, custom):
    html = text(client.get(custom.url))
    assert f'id="to-track-{custom.milestone_ids[0]}"' not in html
    own = custom.milestone_ids[4]
    assert f'id="to-track-{own}"' in html
    menu = html[html.index(f'id="to-track-{own}"'):]
    menu = menu[:menu.index("</select>")]
    assert 'value="micro-jobs"' in menu and 'value="freelancing"' in menu
    assert 'value="custom"' not in menu


def test_moving_to_another_track_without_javascript_redirects_to_it(client, custom, post,
                                                                   fetch):
    own = custom.milestone_ids[4]
    response = post(custom_url(custom, 0, "track"), {"track": "freelancing"})
    assert response.status_code == 303
    assert response.location == f"{custom.url}?landed=milestone-{own}#milestone-{own}"
    moved = fetch(Milestone, own)
    assert (moved.track, moved.position) == ("freelancing", 1)
    assert fetch(Milestone, custom.milestone_ids[5]).position == 1  # the gap is closed


def test_the_page_after_a_move_to_another_track_shows_it_there(client, custom, post):
    post(custom_url(custom, 0, "track"), {"track": "micro-jobs"})
    response = client.get(f"{custom.url}?landed=milestone-{custom.milestone_ids[4]}")
    html = text(response)
    assert response.status_code == 200
    start = html.index('<section id="track-micro-jobs"')
    micro = html[start:html.index('<section id="track-freelancing"')]
    assert ids_in(micro)[-1] == f"milestone-{custom.milestone_ids[4]}"
    assert "Moved “Custom milestone 1” to Micro jobs." in micro  # beside the row it moved


def test_moving_to_another_track_with_htmx_answers_both_tracks(custom, post):
    own, other = custom.milestone_ids[4:6]
    response = post(custom_url(custom, 0, "track"), {"track": "micro-jobs"}, htmx=True)
    html = text(response)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "milestone-updated"
    assert response.headers["HX-Retarget"] == "#track-micro-jobs"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert html.lstrip().startswith('<section id="track-micro-jobs"')
    assert ('<section id="track-custom" class="track" aria-labelledby="track-custom-title"'
            ' hx-swap-oob="true"') in html
    assert ids_in(html) == [*(f"milestone-{i}" for i in custom.milestone_ids[:4]),
                            f"milestone-{own}", f"milestone-{other}"]
    assert f'<summary id="more-{own}" class="secondary" autofocus' in html
    assert '<section id="progress"' in html and "Moved “Custom milestone 1” to Micro jobs." in html


def test_moving_to_the_track_it_is_in_changes_nothing(custom, post, milestones_of):
    before = [(m.id, m.track, m.position) for m in milestones_of(custom.id)]
    response = post(custom_url(custom, 0, "track"), {"track": "custom"}, htmx=True)
    assert response.status_code == 200
    assert "is already in My own milestones." in text(response)
    assert "HX-Retarget" not in response.headers
    assert [(m.id, m.track, m.position) for m in milestones_of(custom.id)] == before


@pytest.mark.parametrize("htmx", [False, True])
def test_a_second_identical_move_changes_nothing_more(custom, post, milestones_of, htmx):
    post(custom_url(custom, 0, "track"), {"track": "freelancing"}, htmx=htmx)
    after_first = [(m.id, m.track, m.position) for m in milestones_of(custom.id)]
    post(custom_url(custom, 0, "track"), {"track": "freelancing"}, htmx=htmx)
    assert [(m.id, m.track, m.position) for m in milestones_of(custom.id)] == after_first


@pytest.mark.parametrize("track", ["", "elsewhere", "toggle"])
@pytest.mark.parametrize("htmx", [False, True])
def test_unknown_tracks_are_refused(custom, post, milestones_of, track, htmx):
    before = [(m.id, m.track, m.position) for m in milestones_of(custom.id)]
    response = post(custom_url(custom, 0, "track"), {"track": track}, htmx=htmx)
    assert response.status_code == 422
    assert "Choose micro jobs, freelancing or your own milestones." in text(response)
    assert [(m.id, m.track, m.position) for m in milestones_of(custom.id)] == before


@pytest.mark.parametrize("htmx", [False, True])
def test_a_guide_step_stays_in_its_track(roadmap, post, fetch, htmx):
    response = post(roadmap.milestone_url(0, "track"), {"track": "custom"}, htmx=htmx)
    assert response.status_code == 422
    assert "stays in its guide" in text(response)
    assert fetch(Milestone, roadmap.milestone_ids[0]).track == "micro-jobs"


def test_a_tick_without_javascript_lands_beside_the_message_and_bars(client, roadmap, post):
    first = roadmap.milestone_ids[0]
    response = post(roadmap.milestone_url(0, "status"), {"status": "done"})
    html = text(client.get(response.location))
    row = html[html.index(f'<li id="milestone-{first}"'):]
    row = row[:row.index("</li>")]
    assert '<div id="landed"' in row and "is now done." in row
    assert "1 done · 0 in progress · 0 skipped · 4 total" in row
    assert "1 done · 0 in progress · 0 skipped · 9 total" in row


def test_a_delete_without_javascript_lands_on_the_track_heading(client, roadmap, post):
    response = post(roadmap.milestone_url(1, "delete"))
    html = text(client.get(response.location))
    track = html[html.index('<section id="track-micro-jobs"'):html.index('<ol class="milestones">')]
    assert "Deleted “Do a few small tasks every day”." in track
    assert "0 done · 0 in progress · 0 skipped · 3 total" in track


def test_a_done_milestone_says_when(client, make_roadmap, owner):
    made = make_roadmap(owner, template="micro-jobs", status="done",
                        done_at=datetime(2026, 12, 3, 9, 30))
    html = text(client.get(made.url))
    assert html.count('done on <time datetime="2026-12-03T09:30:00Z">3 Dec') == 4


def test_each_bar_shows_a_percentage_and_its_in_progress_part(client, roadmap, post):
    post(roadmap.milestone_url(0, "status"), {"status": "done"})
    post(roadmap.milestone_url(1, "status"), {"status": "doing"})
    html = text(client.get(roadmap.url))
    assert "<strong>25%</strong> · 1 done · 1 in progress · 0 skipped · 4 total" in html
    assert "<strong>11%</strong> · 1 done · 1 in progress · 0 skipped · 9 total" in html
    assert '<rect class="bar-doing" x="25.0" width="25.0"' in html
