"""Every public page in a real browser: no errors, no axe violations, keyboard and no-JS."""

import pytest

from tests.browser.helpers import axe_violations, focusable_count, tab_stops

PAGES = [
    "/",
    "/guides/",
    "/guides/micro-jobs-vs-freelancing",
    "/guides/micro-jobs",
    "/guides/freelancing",
    "/guides/no-such-guide",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_loads_clean_and_accessible(page, console_errors, url):
    response = page.goto(url)
    assert response.status == (404 if "no-such" in url else 200)
    page.wait_for_function("() => window.htmx !== undefined")
    if "no-such" in url:
        # The browser itself logs the 404 status of the document; nothing else may fail.
        console_errors[:] = [e for e in console_errors if "404" not in e]
    assert console_errors == []
    assert axe_violations(page) == []


@pytest.mark.parametrize("url", PAGES[:5])
def test_every_control_is_reachable_by_keyboard(page, url):
    page.goto(url)
    stops = tab_stops(page)
    assert stops[0].startswith("a||#main|Skip to main content")
    assert len(set(stops)) == focusable_count(page)


def test_skip_link_moves_focus_to_the_main_content(page):
    page.goto("/guides/micro-jobs")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_boosted_navigation_keeps_the_page_alive(page, console_errors):
    page.goto("/")
    page.evaluate("window.marker = 'still here'")
    page.get_by_role("link", name="Guides", exact=True).click()
    page.wait_for_url("**/guides/")
    assert page.evaluate("window.marker") == "still here"
    assert page.locator("h1").inner_text() == "Guides"
    assert console_errors == []


@pytest.mark.parametrize("url", PAGES[:5])
def test_pages_work_without_javascript(nojs_page, url):
    response = nojs_page.goto(url)
    assert response.ok
    assert nojs_page.locator("h1").count() == 1
    assert nojs_page.locator("main").is_visible()


def test_table_of_contents_links_jump_to_sections_without_javascript(nojs_page):
    nojs_page.goto("/guides/micro-jobs-vs-freelancing")
    nojs_page.get_by_role("link", name="Key differences", exact=False).first.click()
    assert nojs_page.url.endswith("#key-differences")
