"""The navigation's line about a signed-in user's newest roadmap, "N of M done · next: …":
on every page but home (which says it in its hero), in one query, and out of band after a
change to a milestone."""

import re

import pytest

from tests.support.roadmaps import text

PAGES = ["/guides/", "/guides/micro-jobs-vs-freelancing", "/earnings", "{roadmap}"]


def nav_line(html: str) -> str | None:
    """The text of the navigation's roadmap line, tags and spaces tidied, or None."""
    found = re.search(r'<div id="nav-progress" class="nav-progress"[^>]*>(.*?)</div>\s*</div>',
                      html, re.S)
    if found is None:
        return None
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


@pytest.mark.parametrize("url", PAGES)
def test_signed_in_pages_show_the_newest_roadmap_at_a_glance(client, roadmap, url):
    html = text(client.get(url.format(roadmap=roadmap.url)))
    assert nav_line(html) == ("Your roadmap “My plan”: 0 of 9 done · next: "
                              "Sign up on micro-job platforms")


def test_the_home_page_says_it_once_in_its_hero(client, roadmap):
    html = text(client.get("/"))
    assert nav_line(html) is None
    assert html.count('<p class="glance">') == 1


def test_visitors_and_members_without_a_roadmap_see_no_line(client, auth, make_user):
    assert nav_line(text(client.get("/guides/"))) is None
    auth.login(make_user())
    assert nav_line(text(client.get("/guides/"))) is None


def test_the_line_costs_one_query_whatever_the_roadmaps(client, owner, make_roadmap,
                                                        count_queries):
    def queries() -> int:
        with count_queries() as statements:
            assert client.get("/guides/").status_code == 200
        return len([s for s in statements if not s.lstrip().upper().startswith("BEGIN")])

    make_roadmap(owner)
    one = queries()
    for _ in range(5):
        make_roadmap(owner, custom=40)
    assert queries() == one == 2  # the user (loaded once), the line


@pytest.mark.parametrize("status", ["doing", "done"])
def test_a_status_change_with_htmx_updates_the_line_out_of_band(roadmap, post, status):
    response = post(roadmap.milestone_url(0, "status"), {"status": status}, htmx=True)
    html = text(response)
    assert response.status_code == 200
    assert '<div id="nav-progress" class="nav-progress" hx-swap-oob="true">' in html
    if status == "done":
        assert nav_line(html) == ("Your roadmap “My plan”: 1 of 9 done · next: "
                                  "Do a few small tasks every day")
    else:
        assert nav_line(html).startswith("Your roadmap “My plan”: 0 of 9 done · next: Sign up")


def test_a_status_change_without_javascript_lands_on_a_page_with_the_new_line(
    client, roadmap, post
):
    response = post(roadmap.milestone_url(0, "status"), {"status": "done"})
    assert response.status_code == 303
    assert nav_line(text(client.get(response.location))).startswith(
        "Your roadmap “My plan”: 1 of 9 done"
    )


def test_ticking_a_step_on_its_guide_with_htmx_updates_the_line_too(roadmap, post):
    data = {"status": "done", "shown_on": "guide"}
    html = text(post(roadmap.milestone_url(1, "status"), data, htmx=True))
    assert nav_line(html).startswith("Your roadmap “My plan”: 1 of 9 done")


def test_deleting_a_milestone_with_htmx_updates_the_line(roadmap, post):
    html = text(post(roadmap.milestone_url(0, "delete"), {}, htmx=True))
    assert nav_line(html).startswith("Your roadmap “My plan”: 0 of 8 done")
