"""The navigation's roadmap line in a real browser: it fits at every width and follows a status
change made on the roadmap page, without a reload."""

import pytest

from tests.browser.helpers import axe_violations, horizontal_overflow
from tests.browser.test_roadmaps import first_milestone_id

WIDTHS = [320, 390, 1280]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_line_follows_a_status_change_on_the_roadmap(page, signed_in, live_roadmap, width,
                                                         console_errors):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_roadmap(signed_in))
    line = page.locator("#nav-progress")
    assert "0 of 9 done · next: Sign up on micro-job platforms" in line.inner_text()
    assert horizontal_overflow(page) == [] and axe_violations(page) == []
    page.evaluate("window.marker = 'no reload'")
    page.select_option(f"#status-{first_milestone_id(page)}", "done")
    page.wait_for_function(
        "() => document.querySelector('#nav-progress').innerText.includes('1 of 9 done')")
    assert "next: Do a few small tasks every day" in line.inner_text()
    assert page.evaluate("window.marker") == "no reload"
    assert horizontal_overflow(page) == []
    assert console_errors == []
