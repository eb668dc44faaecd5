"""A milestone made from a guide step stays in its guide's track: its menu offers no other
track, its track says why, and a hand-made request to move it is refused with that reason."""

import pytest

from planner.roadmaps.models import Milestone
from tests.support.roadmaps import text

NOTE = "Steps from the guide stay in this track"


def section(html: str, track: str) -> str:
    """The markup of one track of the roadmap page."""
    start = html.index(f'<section id="track-{track}"')
    return html[start:html.index("</section>", start)]


def test_a_track_holding_guide_steps_says_why_they_stay(client, make_roadmap, owner):
    made = make_roadmap(owner, template="recommended", custom=2)
    html = text(client.get(made.url))
    for track in ("micro-jobs", "freelancing"):
        block = section(html, track)
        assert NOTE in block and f'id="track-{track}-note"' in block
        assert 'class="track-form"' not in block  # no "Move to" on a guide step
    custom = section(html, "custom")
    assert NOTE not in custom
    assert 'class="track-form"' in custom  # one's own milestones move


def test_a_track_of_ones_own_milestones_says_nothing_of_steps(client, make_roadmap, owner):
    made = make_roadmap(owner, template="empty", custom=2)
    assert NOTE not in text(client.get(made.url))


@pytest.mark.parametrize("htmx", [False, True])
def test_moving_a_guide_step_by_hand_is_refused_with_the_reason(roadmap, post, fetch, htmx):
    response = post(roadmap.milestone_url(5, "track"), {"track": "custom"}, htmx=htmx)
    assert response.status_code == 422
    assert "A step from a guide stays in its guide" in text(response)
    assert fetch(Milestone, roadmap.milestone_ids[5]).track == "freelancing"
