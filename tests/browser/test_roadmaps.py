"""Roadmaps in a real browser: partial updates, no-JS posts, accessibility, keyboard."""

import re

from sqlalchemy import select

from planner.accounts.passwords import hash_password
from planner.extensions import db
from planner.roadmaps.models import Milestone
from tests.browser.helpers import axe_violations, focusable_count, in_view, sign_in, tab_stops

PASSWORD = "a long walk to the market"


def status_in_db(live_server, milestone_id: int) -> str:
    with live_server.app.app_context():
        return db.session.scalar(select(Milestone.status).where(Milestone.id == milestone_id))


def first_milestone_id(page) -> int:
    return int(page.locator("li.milestone").first.get_attribute("id").split("-")[1])


def mark_everything(page) -> None:
    """Tag the window and every element of the page, to see later what was replaced."""
    page.evaluate(
        """() => {
            window.marker = 'still here';
            document.querySelectorAll('#main *').forEach((el, i) => { el.__mark = i; });
        }"""
    )


def replaced(page) -> list[str]:
    """Ids of the elements with an id that are new since mark_everything."""
    return page.evaluate(
        "() => [...document.querySelectorAll('#main [id]')]"
        ".filter(el => el.__mark === undefined).map(el => el.id)"
    )


def test_a_new_user_goes_from_the_home_page_to_a_recommended_roadmap(page, console_errors):
    page.goto("/")
    page.get_by_role("button", name="Build my roadmap").first.click()
    page.wait_for_url("**/register?next=/roadmap/new")
    page.fill("#username", "newcomer")
    page.fill("#email", "newcomer@example.com")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/roadmap/new")  # registering leads on to the builder
    assert page.locator('input[value="recommended"]').is_checked()
    page.get_by_role("button", name="Build my roadmap").click()
    page.wait_for_url(re.compile(r".*/roadmap/\d+$"))
    assert page.locator("li.milestone").count() == 9
    page.locator("li.milestone .tick-box").first.click()
    page.wait_for_selector("li.milestone.status-done")
    assert "1 done · 0 in progress · 0 skipped · 9 total" in page.locator("#progress").inner_text()
    assert console_errors == []


def test_ticking_changes_only_that_milestone_the_progress_and_the_streak(
    page, live_server, signed_in, live_roadmap, console_errors
):
    url = live_roadmap(signed_in)
    page.goto(url)
    milestone_id = first_milestone_id(page)
    before = page.locator("#messages").inner_text()
    mark_everything(page)
    page.locator(f"#tick-{milestone_id}").click()
    page.wait_for_selector(f'#tick-{milestone_id}[aria-checked="true"]')
    assert page.evaluate("window.marker") == "still here"
    assert page.url.endswith(url)
    new = set(replaced(page))
    assert f"milestone-{milestone_id}" in new and "progress" in new
    # A milestone done may lengthen the streak, so its line comes too.
    inside = {f"milestone-{milestone_id}", "progress", "streak"}
    outside = [i for i in new if not any(page.locator(f"#{r} #{i}").count() for r in inside)]
    assert sorted(outside) == sorted(inside)
    message = page.locator("#messages").inner_text()
    assert message != before and "is now done" in message
    assert "1 done · 0 in progress · 0 skipped · 9 total" in page.locator("#progress").inner_text()
    assert "1 day in a row" in page.locator("#streak").inner_text()
    assert status_in_db(live_server, milestone_id) == "done"
    assert console_errors == []


def test_ticking_by_keyboard_keeps_the_focus_on_the_tick(page, signed_in, live_roadmap):
    page.goto(live_roadmap(signed_in))
    milestone_id = first_milestone_id(page)
    page.focus(f"#tick-{milestone_id}")
    page.keyboard.press("Space")
    page.wait_for_selector(f'#tick-{milestone_id}[aria-checked="true"]')
    assert page.evaluate("document.activeElement.id") == f"tick-{milestone_id}"


def test_a_double_click_leaves_the_milestone_done(page, live_server, signed_in, live_roadmap):
    page.goto(live_roadmap(signed_in))
    milestone_id = first_milestone_id(page)
    page.dblclick(f"#tick-{milestone_id}")
    page.wait_for_selector(f'#tick-{milestone_id}[aria-checked="true"]')
    page.wait_for_load_state("networkidle")
    assert page.locator(f"#tick-{milestone_id}").get_attribute("aria-checked") == "true"
    assert status_in_db(live_server, milestone_id) == "done"


def test_two_tabs_cannot_flip_a_milestone_back(page, live_server, signed_in, live_roadmap):
    url = live_roadmap(signed_in)
    page.goto(url)
    other = page.context.new_page()
    other.goto(url)
    milestone_id = first_milestone_id(page)
    for tab in (page, other):  # the second tab still shows it unticked and asks for "done"
        tab.locator(f"#tick-{milestone_id}").click()
        tab.wait_for_selector(f'#tick-{milestone_id}[aria-checked="true"]')
    assert status_in_db(live_server, milestone_id) == "done"


def test_status_edit_move_add_and_delete_with_htmx(page, signed_in, live_roadmap, console_errors):
    page.goto(live_roadmap(signed_in))
    page.evaluate("window.marker = 'still here'")
    first, second = (int(i.split("-")[1]) for i in
                     page.locator("#track-micro-jobs li.milestone").evaluate_all(
                         "els => els.slice(0, 2).map(e => e.id)"))
    # Status: saved on change, no "Set" button with JavaScript
    assert page.locator(f"#set-{second}").count() == 0
    page.select_option(f"#status-{second}", "skipped")
    page.wait_for_selector(f"#milestone-{second}.status-skipped")
    assert "0 done · 0 in progress · 1 skipped · 9 total" in page.locator("#progress").inner_text()
    # Edit in place
    page.locator(f"#more-{first}").click()
    page.locator(f"#edit-{first}").click()
    page.wait_for_selector(f"#milestone-{first}-title")
    assert page.evaluate("document.activeElement.id") == f"milestone-{first}-title"
    page.fill(f"#milestone-{first}-title", "Open an account on two platforms")
    page.fill(f"#milestone-{first}-date", "2001-01-01")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector(f"#milestone-{first}.is-overdue")
    assert "Open an account on two platforms" in page.locator(f"#milestone-{first}").inner_text()
    assert page.evaluate("document.activeElement.id") == f"more-{first}"
    # Move
    page.locator(f"#more-{first}").click()
    page.locator(f"#down-{first}").click()
    page.wait_for_selector(f"#track-micro-jobs li#milestone-{second}:first-child")
    assert page.evaluate("document.activeElement.id") == f"down-{first}"
    # Add a custom milestone at the start of the track
    page.locator("#add-micro-jobs summary").click()
    page.fill("#add-micro-jobs-title", "Compare three platforms")
    page.select_option("#add-micro-jobs-position", "1")
    page.locator("#add-micro-jobs-submit").click()
    page.wait_for_selector("#track-micro-jobs li.milestone >> text=Compare three platforms")
    assert page.locator("#track-micro-jobs li.milestone").count() == 5
    assert "10 total" in page.locator("#progress").inner_text()
    # Delete, after confirming
    page.locator(f"#more-{first}").click()
    page.locator(f"#delete-{first}").click()
    page.get_by_role("button", name="Delete", exact=True).click()
    page.wait_for_selector(f"#milestone-{first}", state="detached")
    assert "9 total" in page.locator("#progress").inner_text()
    assert "Deleted “Open an account on two platforms”." in page.locator("#messages").inner_text()
    assert page.evaluate("window.marker") == "still here"
    assert console_errors == []


def test_bad_input_shows_the_message_next_to_the_field(page, signed_in, live_roadmap):
    page.goto(live_roadmap(signed_in))
    milestone_id = first_milestone_id(page)
    page.locator(f"#more-{milestone_id}").click()
    page.locator(f"#edit-{milestone_id}").click()
    field = f"#milestone-{milestone_id}-evidence"
    page.wait_for_selector(field)
    page.evaluate(f"document.querySelector('{field}').type = 'text'")
    page.fill(field, "ftp://example.com/work")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector(f'{field}[aria-invalid="true"]')
    shown = page.locator(f"#milestone-{milestone_id}").inner_text()
    assert "starting with http:// or https://" in shown
    assert axe_violations(page) == []


def test_the_same_flow_without_javascript_ends_on_the_updated_page(
    nojs_page, live_server, live_user, live_roadmap
):
    user = live_user()
    sign_in(nojs_page, live_server, user)
    url = live_roadmap(user)
    nojs_page.goto(url)
    milestone_id = first_milestone_id(nojs_page)
    nojs_page.locator(f"#tick-{milestone_id}").click()
    nojs_page.wait_for_url(f"**{url}?landed=milestone-{milestone_id}#milestone-{milestone_id}")
    assert nojs_page.locator(f"#tick-{milestone_id}").get_attribute("aria-checked") == "true"
    landed = nojs_page.locator("#landed")
    assert "is now done" in landed.inner_text()
    assert landed.is_visible() and in_view(nojs_page, "#landed")
    assert "is now done" in nojs_page.locator("#messages").inner_text()
    assert "1 done · 0 in progress · 0 skipped · 9 total" in nojs_page.locator(
        "#progress").inner_text()
    assert status_in_db(live_server, milestone_id) == "done"


def test_editing_adding_and_deleting_without_javascript(nojs_page, live_server, live_user,
                                                        live_roadmap):
    user = live_user()
    sign_in(nojs_page, live_server, user)
    url = live_roadmap(user, template="micro-jobs")
    nojs_page.goto(url)
    milestone_id = first_milestone_id(nojs_page)
    nojs_page.locator(f"#more-{milestone_id}").click()
    nojs_page.locator(f"#edit-{milestone_id}").click()
    nojs_page.wait_for_url(f"**/milestones/{milestone_id}/edit")
    nojs_page.fill(f"#milestone-{milestone_id}-title", "Sign up on two platforms")
    nojs_page.get_by_role("button", name="Save", exact=True).click()
    nojs_page.wait_for_url(f"**{url}?landed=milestone-{milestone_id}#milestone-{milestone_id}")
    shown = nojs_page.locator(f"#milestone-{milestone_id}").inner_text()
    assert "Sign up on two platforms" in shown
    nojs_page.locator("#add-custom summary").click()
    nojs_page.fill("#add-custom-title", "Open a wallet")
    nojs_page.locator("#add-custom-submit").click()
    nojs_page.wait_for_selector("#track-custom >> text=Open a wallet")
    nojs_page.locator(f"#more-{milestone_id}").click()
    nojs_page.locator(f"#delete-{milestone_id}").click()
    nojs_page.wait_for_url(f"**/milestones/{milestone_id}/delete")
    nojs_page.get_by_role("button", name="Delete", exact=True).click()
    nojs_page.wait_for_url(f"**{url}?landed=track-micro-jobs#track-micro-jobs")
    assert nojs_page.locator(f"#milestone-{milestone_id}").count() == 0
    assert "0 done · 0 in progress · 0 skipped · 4 total" in nojs_page.locator(
        "#progress").inner_text()


def test_building_without_javascript(nojs_page, live_server, live_user):
    sign_in(nojs_page, live_server, live_user())
    nojs_page.goto("/roadmap/new")
    nojs_page.fill("#roadmap-name", "Evenings")
    nojs_page.locator('input[value="freelancing"]').check()
    nojs_page.get_by_role("button", name="Build my roadmap").click()
    nojs_page.wait_for_url(re.compile(r".*/roadmap/\d+$"))
    assert nojs_page.locator("h1").inner_text() == "Evenings"
    assert nojs_page.locator("li.milestone").count() == 5


def test_a_visitor_logs_in_from_a_step_and_comes_back_to_add_it(page, live_server, live_user,
                                                                 console_errors):
    user = live_user(password_hash=hash_password(PASSWORD))
    page.goto("/guides/freelancing")
    page.locator("#add-step-build-portfolio").get_by_role("link").click()
    page.wait_for_url("**/login?next=/roadmap/steps/freelancing/build-portfolio")
    page.fill("#login", user.username)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/roadmap/steps/freelancing/build-portfolio$"))
    assert page.locator("h1").inner_text() == "Add “Build a portfolio” to a roadmap"
    block = page.locator("#add-step-build-portfolio")
    block.get_by_role("button", name=re.compile("Add to my roadmap")).click()
    page.wait_for_selector("#add-step-build-portfolio .in-roadmap")
    assert "Added “Build a portfolio” in “My roadmap”." in page.locator("#messages").inner_text()
    assert page.evaluate("document.activeElement.textContent") == "My roadmap"
    assert console_errors == []


# Every roadmap page: axe-core and the keyboard ------------------------------------------------

def roadmap_pages(page, live_server, live_user, live_roadmap) -> list[str]:
    """Sign in a user with two roadmaps and return the URL of each roadmap page."""
    user = live_user()
    sign_in(page, live_server, user)
    url = live_roadmap(user)
    live_roadmap(user, template="empty", name="Side plan")
    with live_server.app.app_context():
        first = db.session.scalar(
            select(Milestone.id).where(Milestone.roadmap_id == int(url.rsplit("/", 1)[1]))
            .order_by(Milestone.id)
        )
    milestone = f"{url}/milestones/{first}"
    return [
        "/roadmap", "/roadmap/new", url, f"{url}/edit", f"{url}/delete",
        f"{milestone}/edit", f"{milestone}/delete", "/guides/micro-jobs", "/guides/freelancing",
        "/roadmap/steps/freelancing/build-portfolio",
    ]


def test_every_roadmap_page_has_no_axe_violations(page, live_server, live_user, live_roadmap,
                                                  console_errors):
    for url in roadmap_pages(page, live_server, live_user, live_roadmap):
        page.goto(url)
        assert axe_violations(page) == [], url
    assert console_errors == []


def test_the_empty_list_and_inline_states_have_no_axe_violations(page, signed_in, live_roadmap):
    page.goto("/roadmap")
    assert axe_violations(page) == []
    url = live_roadmap(signed_in)
    page.goto(url)
    milestone_id = first_milestone_id(page)
    page.locator(f"#tick-{milestone_id}").click()
    page.wait_for_selector(f'#tick-{milestone_id}[aria-checked="true"]')
    page.locator("#add-custom summary").click()
    page.locator(f"#more-{milestone_id}").click()
    page.locator(f"#edit-{milestone_id}").click()
    page.wait_for_selector(f"#milestone-{milestone_id}-title")
    other = page.locator("li.milestone").nth(1).get_attribute("id").split("-")[1]
    page.locator(f"#more-{other}").click()
    assert axe_violations(page) == []  # the menu open
    page.locator(f"#delete-{other}").click()
    page.wait_for_selector(f"#milestone-{other}.confirming")
    page.locator("#rename-roadmap").click()
    page.wait_for_selector("#roadmap-name")
    assert axe_violations(page) == []


def expected_tab_stops(page) -> int:
    """Focusable controls; focusable_count counts <summary> toggles and skips folded content."""
    return focusable_count(page)


def test_every_control_on_the_roadmap_pages_is_reachable_by_keyboard(
    page, live_server, live_user, live_roadmap
):
    for url in roadmap_pages(page, live_server, live_user, live_roadmap):
        page.goto(url)
        stops = tab_stops(page)
        assert stops[0].startswith("a||#main|Skip to main content"), url
        assert len(set(stops)) == expected_tab_stops(page), url


def test_the_add_form_opens_and_submits_by_keyboard(page, signed_in, live_roadmap):
    page.goto(live_roadmap(signed_in, template="empty"))
    page.focus("#add-custom summary")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "add-custom-title"
    page.keyboard.type("Practise typing")
    page.keyboard.press("Enter")
    page.wait_for_selector("#track-custom li.milestone")
    assert "Practise typing" in page.locator("#track-custom").inner_text()
