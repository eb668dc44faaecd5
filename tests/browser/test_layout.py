"""Phones first: every page at 320, 390 and 1280 px without sideways scrolling and without
axe violations (WCAG 2.2 AA), a visible focus ring on every control, a navigation menu that
folds without JavaScript, the comparison table and the admin queue as cards on a phone."""

import uuid

import pytest

from planner.comments.models import Comment
from planner.roadmaps.service import create_roadmap
from tests.browser.helpers import (
    axe_violations,
    horizontal_overflow,
    sign_in,
    weak_focus_rings,
)
from tests.support.databases import save_detached

WIDTHS = [320, 390, 1280]
COMPARISON = "/guides/micro-jobs-vs-freelancing"
PUBLIC = ["/", "/guides/", COMPARISON, f"{COMPARISON}/introduction/comments", "/guides/micro-jobs",
          "/guides/freelancing", "/login", "/register", "/reset-password", "/path-finder",
          "/guides/no-such-guide"]
MEMBER = ["/roadmap", "/roadmap/new", "{roadmap}", "/account", "/earnings", "/earnings/fund",
          COMPARISON]
ADMIN = ["/admin", "/admin/comments?status=approved", "/admin/settings", "/admin/audit"]


@pytest.fixture
def admin_with_roadmap(live_server, live_user):
    """An admin with a recommended roadmap and an approved comment in the queue; returns
    (user, roadmap URL)."""
    user = live_user(role="admin")
    app = live_server.app
    with app.app_context():
        roadmap = create_roadmap(user, "My plan", "recommended", app.extensions["library"])
        url = f"/roadmap/{roadmap.id}"
    save_detached(app, Comment(
        guide_slug="micro-jobs-vs-freelancing", section_key="introduction",
        author_name="Queue Reader", author_email="queue.reader.with.a.long.address@example.com",
        # Unique, so keyboard tests that count distinct links are not misled by a twin.
        author_url=f"https://a-very-long-domain-name-for-a-reader.example/{uuid.uuid4().hex}",
        body="A comment for the queue, with a longwordthatcannotbreakanywhereatallreally.",
        status="approved", moderation_reason="made by a test", depth=1))
    return user, url


def check_pages(page, urls: list[str]) -> dict[str, list[str]]:
    """Visit each URL; map it to what overflows sideways and what axe finds."""
    problems = {}
    for url in urls:
        page.goto(url)
        found = horizontal_overflow(page) + axe_violations(page)
        if found:
            problems[url] = found
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_fit_and_pass_axe(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    assert check_pages(page, PUBLIC) == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_signed_in_and_admin_pages_fit_and_pass_axe(page, live_server, admin_with_roadmap,
                                                     width):
    user, roadmap_url = admin_with_roadmap
    sign_in(page, live_server, user)
    page.set_viewport_size({"width": width, "height": 800})
    urls = [url.format(roadmap=roadmap_url) for url in MEMBER] + ADMIN
    assert check_pages(page, urls) == {}


@pytest.mark.parametrize("width", [390, 1280])
def test_every_control_shows_a_focus_ring_of_3_to_1(page, live_server, admin_with_roadmap,
                                                    width):
    user, roadmap_url = admin_with_roadmap
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/login")
    weak = {"/login": weak_focus_rings(page)}
    sign_in(page, live_server, user)
    for url in ("/", COMPARISON, roadmap_url, "/admin/comments?status=approved", "/account"):
        page.goto(url)
        weak[url] = weak_focus_rings(page)
    assert {url: rings for url, rings in weak.items() if rings} == {}


def test_the_menu_folds_on_a_phone_and_opens_without_javascript(nojs_page, live_server,
                                                                admin_with_roadmap):
    user, _ = admin_with_roadmap
    sign_in(nojs_page, live_server, user)
    nojs_page.set_viewport_size({"width": 320, "height": 700})
    nojs_page.goto("/")
    menu = nojs_page.locator(".nav-menu > summary")
    log_out = nojs_page.get_by_role("button", name="Log out")
    assert menu.is_visible()
    assert not log_out.is_visible()
    menu.click()
    assert log_out.is_visible()
    box = log_out.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert box["height"] >= 44


def test_wide_screens_show_the_links_without_a_menu_button(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    assert not page.locator(".nav-menu > summary").is_visible()
    guides = page.get_by_role("navigation", name="Main").get_by_role("link", name="Guides")
    assert guides.is_visible()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Guides"


def test_the_comparison_table_is_stacked_cards_on_a_phone(page):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(COMPARISON)
    headers = page.locator(".table-wrap thead th").all_inner_texts()
    cells = page.locator(".table-wrap tbody tr").first.locator("td")
    assert cells.first.evaluate("td => getComputedStyle(td).display") == "block"
    labels = [cells.nth(i).evaluate("td => getComputedStyle(td, '::before').content")
              for i in range(cells.count())]
    assert labels == [f'"{h}"' for h in headers[1:]]
    page.set_viewport_size({"width": 1280, "height": 800})
    assert cells.first.evaluate("td => getComputedStyle(td).display") == "table-cell"


def test_the_admin_queue_is_cards_on_a_phone(page, live_server, admin_with_roadmap):
    user, _ = admin_with_roadmap
    sign_in(page, live_server, user)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/admin/comments?status=approved")
    row = page.locator("tr.queue-row").first
    assert row.evaluate("tr => getComputedStyle(tr).display") == "grid"
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    for button in row.get_by_role("button").all():
        assert button.bounding_box()["height"] >= 24


@pytest.mark.parametrize("url", ["/", COMPARISON, "/login"])
def test_main_actions_are_at_least_44_px_high(page, url):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(url)
    actions = page.locator(
        ".nav-menu > summary, main [role=button], article.narrow button[type=submit]"
    )
    assert actions.count() > 0
    for action in actions.all():
        box = action.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, action.inner_text()
