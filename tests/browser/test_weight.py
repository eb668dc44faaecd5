"""The weight budget on the wire, as Chromium counts it: the comparison guide, with 50
approved comments in one of its sections, costs at most 30 KB and 6 requests cold, and a
repeat view (signed in or not) asks for the page alone."""

import pytest
from sqlalchemy import delete, insert

from planner.comments.models import Comment
from planner.extensions import db
from planner.roadmaps.service import create_roadmap
from tests.browser.helpers import sign_in, wire_weight

BUDGET_BYTES = 30 * 1024
BUDGET_REQUESTS = 6
GUIDE = "micro-jobs-vs-freelancing"
COMPARISON = f"/guides/{GUIDE}"


DISCUSSED = "key-differences"  # the section between the table and the pros and cons
COMMENTS = 50


@pytest.fixture
def discussed_comparison(live_server):
    """The comparison with COMMENTS approved comments in one section and none elsewhere (the
    run's other tests leave comments of their own there)."""
    with live_server.app.app_context():
        db.session.execute(delete(Comment).where(Comment.guide_slug == GUIDE))
        db.session.execute(insert(Comment), [
            {"guide_slug": GUIDE, "section_key": DISCUSSED, "author_name": f"Reader {n}",
             "author_email": f"reader{n}@example.com", "depth": 1, "status": "approved",
             "moderation_reason": "made by a test",
             "body": f"Micro jobs paid for my first course, month {n}. Worth it."}
            for n in range(COMMENTS)
        ])
        db.session.commit()


def test_the_comparison_fits_the_budget_cold_and_costs_one_request_again(
    page, discussed_comparison
):
    size, requests = wire_weight(page, COMPARISON)
    assert f"{COMMENTS} comments · join the discussion" in page.inner_text(f"#toggle-{DISCUSSED}")
    assert requests <= BUDGET_REQUESTS
    assert size <= BUDGET_BYTES
    assert wire_weight(page, COMPARISON)[1] == 1


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_repeat_view_downloads_no_asset_again(page, live_server, live_user, signed_in):
    user = live_user()
    url = "/"
    if signed_in:
        sign_in(page, live_server, user)
        with live_server.app.app_context():
            roadmap = create_roadmap(user, "Plan", "recommended",
                                     live_server.app.extensions["library"])
            url = f"/roadmap/{roadmap.id}"
    assert wire_weight(page, url)[1] >= 4  # the page, its stylesheet, its script, its icon
    assert wire_weight(page, url)[1] == 1
