"""An opened thread runs the same statements with 0, 50 and 500 comments in its section,
whether its page was kept already or not."""

import pytest

from tests.support.comments import GUIDE, GUIDE_URL, THREAD_URL
from tests.web.test_comments_queries import seed

IN_PLACE = {"HX-Request": "true", "HX-Current-URL": f"http://localhost{GUIDE_URL}"}
# Statements of one view (SQLite's BEGIN left out): the thread's counts, its version, the
# admins (for their badge) and the saved moderation rules; a member's own row and the
# navigation's line about their roadmap; the page and its replies when not kept yet.
# The htmx partial has no navigation.
EXPECTED = {
    ("visitor", "page"): {"kept": 4, "rendered": 6},
    ("visitor", "htmx"): {"kept": 4, "rendered": 6},
    ("member", "page"): {"kept": 6, "rendered": 8},
    ("member", "htmx"): {"kept": 5, "rendered": 7},
    # A guest with a held comment of their own in the section gets the list rendered for
    # them alone, every time: no version, the page and its replies.
    ("guest-with-pending", "page"): {"kept": 5, "rendered": 5},
    ("guest-with-pending", "htmx"): {"kept": 5, "rendered": 5},
}


@pytest.fixture(params=["visitor", "member", "guest-with-pending"])
def viewer(request, client, auth, make_user, post_comment):
    """The thread seen by a visitor, a signed-in member, and a guest who has posted."""
    if request.param == "member":
        auth.login(make_user())
    if request.param == "guest-with-pending":
        post_comment(comment="waiting")
    return request.param


@pytest.mark.parametrize("kind", ["page", "htmx"])
def test_an_opened_thread_runs_the_same_statements_with_0_50_and_500_comments(
    app, client, count_queries, viewer, kind
):
    headers = IN_PLACE if kind == "htmx" else {}
    sections = len(app.extensions["library"].get(GUIDE).sections)

    def statements() -> int:
        with count_queries() as run:
            assert client.get(THREAD_URL, headers=headers).status_code == 200
        return len([s for s in run if not s.startswith("BEGIN")])

    seen = {}
    total = 0
    for per_section in (0, 50, 500):
        if per_section > total:
            total = seed(app, (per_section - total) * sections) // sections
        # Seeding bumped the thread's version: the first view renders, the second is kept.
        seen[per_section] = {"rendered": statements(), "kept": statements()}
    assert total >= 500
    assert seen[0] == seen[50] == seen[500] == EXPECTED[viewer, kind], seen
