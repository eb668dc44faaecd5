"""Sharing in a real browser: the owner's controls with and without JavaScript, the shared page,
axe-core and no sideways scroll at 320, 390 and 1280 px, every control by keyboard."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from sqlalchemy import update

from planner.earnings.models import Earning
from planner.extensions import db
from planner.roadmaps.models import Milestone
from tests.browser.helpers import (
    axe_violations,
    focusable_count,
    horizontal_overflow,
    htmx_settled,
    tab_stops,
    weak_focus_rings,
)
from tests.support.databases import save_detached

expect = pytest.importorskip("playwright.sync_api").expect

WIDTHS = [320, 390, 1280]
NOTE = "Finished the typing course at 45 words a minute."
EVIDENCE = "https://example.org/certificates/a-very-long-address-that-must-wrap-on-a-phone-1234"


@pytest.fixture
def plan(live_server, signed_in, live_roadmap):
    """The signed-in user's roadmap, with notes, evidence, a target date and earnings."""
    url = live_roadmap(signed_in, name="Micro jobs first, then a freelancing skill of my own")
    roadmap_id = int(url.rsplit("/", 1)[1])
    with live_server.app.app_context():
        db.session.execute(update(Milestone).where(Milestone.roadmap_id == roadmap_id)
                           .values(notes=NOTE, evidence_url=EVIDENCE,
                                   target_date=date(2031, 1, 1)))
        db.session.commit()
    save_detached(live_server.app, Earning(user_id=signed_in.id, day=date(2031, 1, 2),
                                           platform="Clickworker", kind="data-entry",
                                           amount=15000, currency="PKR"))
    return f"{url}/share"


def local(address: str) -> str:
    """The path of an address built on BASE_URL, to open on the test server."""
    return urlsplit(address).path


def test_sharing_with_htmx_from_create_to_revoke(page, plan, console_errors):
    page.goto(plan)
    page.evaluate("window.marker = 'still here'")
    page.locator("#create-share-link").click()
    page.wait_for_selector("#share-url")
    expect(page.locator("#share-url")).to_be_focused()  # ready to copy
    assert "Your share link is ready" in page.locator("#messages").inner_text()
    address = local(page.locator("#share-url").input_value())
    page.check("#show_notes")
    page.locator("#save-share-options").click()
    page.wait_for_selector("#messages >> text=Saved what your share link shows")
    assert page.is_checked("#show_notes") and not page.is_checked("#show_evidence")
    page.locator("#revoke-share-link").click()
    page.wait_for_selector("#create-share-link")
    expect(page.locator("#create-share-link")).to_be_focused()
    assert page.evaluate("window.marker") == "still here"  # swapped in place
    assert page.request.get(address).status == 404
    assert console_errors == []


def test_the_feed_with_htmx(page, plan, console_errors):
    page.goto(plan)
    page.locator("#create-feed").click()
    page.wait_for_selector("#feed-url")
    full = page.locator("#feed-url").input_value()
    first = local(full)
    assert page.request.get(first).headers["content-type"] == "text/calendar; charset=utf-8"
    page.locator("#renew-feed").click()
    page.wait_for_selector("#messages >> text=has a new address")
    assert page.locator("#feed-url").input_value() != full
    assert page.request.get(first).status == 404
    page.locator("#revoke-feed").click()
    page.wait_for_selector("#create-feed")
    assert console_errors == []


def test_sharing_without_javascript(nojs_page, live_server, live_user, live_roadmap):
    from tests.browser.helpers import sign_in

    user = live_user()
    sign_in(nojs_page, live_server, user)
    share = live_roadmap(user) + "/share"
    nojs_page.goto(share)
    nojs_page.locator("#create-share-link").click()
    nojs_page.wait_for_selector("#share-url")
    assert nojs_page.url.endswith("/share#share-link")
    nojs_page.check("#show_evidence")
    nojs_page.locator("#save-share-options").click()
    nojs_page.wait_for_selector("text=Saved what your share link shows")
    assert nojs_page.is_checked("#show_evidence")
    nojs_page.locator("#create-feed").click()
    nojs_page.wait_for_selector("#feed-url")
    nojs_page.locator("#revoke-share-link").click()
    nojs_page.wait_for_selector("#create-share-link")


def shared_address(page, plan) -> str:
    """Share the plan showing everything (the widest page); return the shared page's address."""
    page.goto(plan)
    page.locator("#create-share-link").click()
    page.wait_for_selector("#share-url")
    for box in ("#show_notes", "#show_evidence", "#show_earnings"):
        page.check(box)
    page.locator("#save-share-options").click()
    page.wait_for_selector("#messages >> text=Saved what your share link shows")
    page.locator("#create-feed").click()
    page.wait_for_selector("#feed-url")
    return local(page.locator("#share-url").input_value())


@pytest.mark.parametrize("width", WIDTHS)
def test_the_share_page_and_the_shared_page_fit_and_pass_axe(page, browser, plan, width,
                                                             console_errors):
    address = shared_address(page, plan)
    page.set_viewport_size({"width": width, "height": 800})
    for url in (plan, address):
        page.goto(url)
        assert horizontal_overflow(page) == [], url
        assert axe_violations(page) == [], url
    # A visitor, signed out, sees the same page.
    visitor = browser.new_context(base_url=page.url.split("/roadmap")[0],
                                  viewport={"width": width, "height": 800})
    try:
        other = visitor.new_page()
        other.goto(address)
        assert NOTE in other.inner_text("main") and "PKR" in other.inner_text("main")
        assert horizontal_overflow(other) == [] and axe_violations(other) == []
    finally:
        visitor.close()
    assert console_errors == []


def test_the_empty_share_page_passes_axe(page, plan):
    page.goto(plan)
    assert axe_violations(page) == []


def test_every_control_is_reachable_by_keyboard_with_a_visible_ring(page, plan):
    address = shared_address(page, plan)
    for url in (plan, address):
        page.goto(url)
        stops = tab_stops(page)
        assert stops[0].startswith("a||#main|Skip to main content"), url
        assert len(stops) == focusable_count(page), url  # the evidence links look alike
        assert weak_focus_rings(page) == [], url


def test_a_link_is_made_and_revoked_by_keyboard_alone(page, plan):
    page.goto(plan)
    page.focus("#create-share-link")
    page.keyboard.press("Enter")
    page.wait_for_selector("#share-url")
    expect(page.locator("#share-url")).to_be_focused()
    page.keyboard.press("Tab")  # the link to the shared page
    page.keyboard.press("Tab")
    expect(page.locator("#show_notes")).to_be_focused()
    page.keyboard.press("Space")
    page.focus("#save-share-options")
    page.keyboard.press("Enter")
    page.wait_for_selector("#messages >> text=Saved what your share link shows")
    assert page.is_checked("#show_notes")
    htmx_settled(page)
    page.focus("#revoke-share-link")
    page.keyboard.press("Enter")
    page.wait_for_selector("#create-share-link")
    expect(page.locator("#create-share-link")).to_be_focused()
