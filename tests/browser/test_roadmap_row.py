"""The calm roadmap row in a real browser: Tab stops, widths, shortcuts, menus and focus."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import axe_violations, htmx_settled
from tests.browser.test_roadmaps import first_milestone_id, status_in_db

WIDTHS = [320, 390, 1280]


def row_tab_stops(page, limit: int = 300) -> dict[str, int]:
    """Press Tab through the page and count the stops inside each milestone row."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    counts: dict[str, int] = {}
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """() => { const el = document.activeElement;
                if (!el || el === document.body) return null;
                const row = el.closest('li.milestone');
                return [el.id || el.outerHTML.slice(0, 60), row ? row.id : ''] }""")
        if where is None or where[0] == first:
            break
        first = first or where[0]
        if where[1]:
            counts[where[1]] = counts.get(where[1], 0) + 1
    return counts


def overflowing(page) -> list[str]:
    """Roadmap elements whose right edge passes the viewport's."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.roadmap, .roadmap li.milestone, .roadmap *')]
            .filter(el => el.offsetParent !== null &&
                el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(el => el.tagName + '#' + el.id + '.' + el.className).slice(0, 5)""")


@pytest.mark.parametrize("width", WIDTHS)
def test_each_row_has_at_most_three_tab_stops_and_fits(page, signed_in, live_roadmap, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_roadmap(signed_in))
    counts = row_tab_stops(page)
    assert len(counts) == 9
    assert max(counts.values()) == 3
    assert overflowing(page) == []
    page.locator("li.milestone summary").first.click()
    assert overflowing(page) == []
    assert axe_violations(page) == []


def test_the_first_row_cannot_move_up_and_the_last_not_down(page, signed_in, live_roadmap):
    page.goto(live_roadmap(signed_in, template="micro-jobs"))
    rows = page.locator("li.milestone")
    first, last = (rows.nth(i).get_attribute("id").split("-")[1] for i in (0, 3))
    page.locator(f"#more-{first}").click()
    assert not page.locator(f"#up-{first}").is_visible()
    assert page.locator(f"#down-{first}").is_visible()
    page.locator(f"#more-{last}").click()
    assert not page.locator(f"#down-{last}").is_visible()
    assert page.locator(f"#up-{last}").is_visible()


def test_keys_on_a_focused_row_set_its_status(page, live_server, signed_in, live_roadmap):
    page.goto(live_roadmap(signed_in))
    milestone_id = first_milestone_id(page)
    for key, status in (("i", "doing"), ("s", "skipped"), ("d", "done")):
        page.focus(f"#more-{milestone_id}")
        page.keyboard.press(key)
        page.wait_for_selector(f"#milestone-{milestone_id}.status-{status}")
        assert page.locator(f"#status-{milestone_id}").input_value() == status
    assert status_in_db(live_server, milestone_id) == "done"


def test_escape_cancels_an_inline_edit(page, signed_in, live_roadmap):
    page.goto(live_roadmap(signed_in))
    milestone_id = first_milestone_id(page)
    page.locator(f"#more-{milestone_id}").click()
    page.locator(f"#edit-{milestone_id}").click()
    page.wait_for_selector(f"#milestone-{milestone_id}-title")
    page.fill(f"#milestone-{milestone_id}-title", "Not kept")
    page.keyboard.press("Escape")
    page.wait_for_selector(f"#milestone-{milestone_id}:not(.editing)")
    assert "Not kept" not in page.locator(f"#milestone-{milestone_id}").inner_text()
    assert page.evaluate("document.activeElement.id") == f"more-{milestone_id}"


def test_after_a_delete_the_focus_goes_to_the_next_row_or_the_heading(page, signed_in,
                                                                      live_roadmap):
    page.goto(live_roadmap(signed_in, template="micro-jobs"))
    ids = page.locator("#track-micro-jobs li.milestone").evaluate_all(
        "els => els.map(e => e.id.split('-')[1])")
    for index, milestone_id in enumerate(ids):
        page.locator(f"#more-{milestone_id}").click()
        page.locator(f"#delete-{milestone_id}").click()
        page.get_by_role("button", name="Delete", exact=True).click()
        page.wait_for_selector(f"#milestone-{milestone_id}", state="detached")
        expected = f"tick-{ids[index + 1]}" if index + 1 < len(ids) else "track-micro-jobs-title"
        page.wait_for_function("id => document.activeElement.id === id", arg=expected)


def test_an_own_milestone_moves_to_another_track_with_the_focus_on_its_menu(page, signed_in,
                                                                            live_roadmap):
    page.goto(live_roadmap(signed_in, template="empty"))
    page.locator("#add-custom summary").click()
    page.fill("#add-custom-title", "Open a wallet")
    page.locator("#add-custom-submit").click()
    page.wait_for_selector("#track-custom li.milestone")
    htmx_settled(page)
    milestone_id = page.locator("#track-custom li.milestone").get_attribute("id").split("-")[1]
    page.locator(f"#more-{milestone_id}").click()
    page.select_option(f"#to-track-{milestone_id}", "micro-jobs")
    page.locator(f"#move-track-{milestone_id}").click()
    page.wait_for_selector(f"#track-micro-jobs #milestone-{milestone_id}")
    htmx_settled(page)
    assert page.locator("#track-custom li.milestone").count() == 0
    expect(page.locator(f"#more-{milestone_id}")).to_be_focused()
    assert "Moved “Open a wallet” to Micro jobs." in page.locator("#messages").inner_text()
