"""The history page, the progress page (a seeded year: calendar and weekly chart) and the
time form in a real browser: no axe violations and no sideways scroll at phone and desktop
widths, keyboard use, and the weight of the pages a year of activity makes."""

import pytest

from tests.browser.helpers import axe_violations, horizontal_overflow, sign_in, wire_weight
from tests.support.history import seed_year

WIDTHS = [320, 390, 1280]
# What a year of activity may cost on the wire, cold (the page and everything it pulls in).
PROGRESS_BUDGET = 40 * 1024


@pytest.fixture
def owner(live_user):
    """A user in Karachi."""
    return live_user(time_zone="Asia/Karachi")


@pytest.fixture
def year(page, live_server, owner):
    """The user, signed in on the page, has a roadmap with a year of activity."""
    sign_in(page, live_server, owner)
    return seed_year(live_server.app, owner)


def open_every_details(page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_progress_page_of_a_year_is_accessible_and_fits(page, year, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/roadmap/{year.roadmap_id}/progress")
    assert page.locator(".calendar-month").count() in (12, 13)
    assert horizontal_overflow(page) == []
    assert axe_violations(page) == []
    open_every_details(page)
    assert horizontal_overflow(page) == []
    assert axe_violations(page) == []


def test_the_calendar_wraps_by_month_on_a_phone(page, year):
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"/roadmap/{year.roadmap_id}/progress")
    tops = page.locator(".calendar-month").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    assert 3 <= len(set(tops)) <= 7  # two to four months a row, never one long strip
    width = page.locator(".month-grid").first.evaluate("e => e.getBoundingClientRect().width")
    assert width >= 60  # cells stay big enough to see


def test_each_day_says_what_was_done_and_the_table_says_it_all(page, year):
    page.goto(f"/roadmap/{year.roadmap_id}/progress")
    titles = page.locator(".month-grid rect title").all_text_contents()
    assert len(titles) == 365
    assert all(": " in t and t.endswith("done") for t in titles)
    rows = page.locator(".calendar-days tbody tr").count()
    active = sum(1 for t in titles if not t.endswith("nothing done"))
    assert rows == active > 0
    weeks = page.locator(".weekly-numbers tbody tr").count()
    assert weeks == page.locator(".weekly-progress svg g").count() >= 52


@pytest.mark.parametrize("width", WIDTHS)
def test_the_history_page_is_accessible_fits_and_pages_by_keyboard(page, year, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/roadmap/{year.roadmap_id}/history")
    assert page.locator(".history-event").count() == 50
    assert horizontal_overflow(page) == []
    assert axe_violations(page) == []
    older = page.get_by_role("link", name="Older changes")
    older.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/history?page=2")
    page.wait_for_function("() => document.activeElement.id === 'history-title'")
    assert page.get_by_role("link", name="Newer changes").is_visible()
    assert axe_violations(page) == []


def test_logging_time_by_keyboard_from_the_rows_menu(page, live_server, year):
    page.goto(f"/roadmap/{year.roadmap_id}")
    row = page.locator("li.milestone").first
    milestone_id = row.get_attribute("id").split("-")[1]
    page.focus(f"#more-{milestone_id}")
    page.keyboard.press("Enter")
    page.focus(f"#time-{milestone_id}")
    page.keyboard.press("Enter")
    field = page.locator(f"#milestone-{milestone_id}-minutes")
    field.wait_for()
    page.wait_for_function(
        "id => document.activeElement.id === id", arg=f"milestone-{milestone_id}-minutes")
    assert axe_violations(page) == []
    page.keyboard.type("40")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#milestone-{milestone_id}:not(.editing)")
    page.wait_for_function("id => document.activeElement.id === id", arg=f"more-{milestone_id}")
    assert "Logged 40 min" in page.locator("#messages").inner_text()
    assert "40 min so far" in page.locator(f"#time-{milestone_id}").text_content()


def test_the_weight_of_a_year_of_activity(browser, live_server, owner, year):
    """The figures for the record: bytes on the wire as Chromium counts them, cold (a fresh
    browser for each page: the page and everything it pulls in) and again (the page alone)."""
    figures = {}
    for name, path in (("roadmap", ""), ("progress", "/progress"), ("history", "/history")):
        context = browser.new_context(base_url=live_server.url)
        fresh = context.new_page()
        sign_in(fresh, live_server, owner)
        url = f"/roadmap/{year.roadmap_id}{path}"
        figures[name] = (*wire_weight(fresh, url), wire_weight(fresh, url)[0])
        context.close()
    print(f"\nA seeded year ({year.milestones} milestones, {year.events} history rows): "
          + "; ".join(f"{name} {cold:,} bytes in {requests} requests cold, {again:,} again"
                      for name, (cold, requests, again) in figures.items()))
    assert figures["progress"][0] <= PROGRESS_BUDGET
