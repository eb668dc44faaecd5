"""The path finder in a real browser: one question at a time, one plain form, sign-up."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.pathfinder.models import RoadmapAnswers
from planner.roadmaps.models import Milestone, Roadmap
from tests.browser.helpers import axe_violations, focusable_count, sign_in, tab_stops

PASSWORD = "a long walk to the market"
RESULT = re.compile(r"^[^?]*/path-finder/result\?")
# Labels to pick, question by question: a video editor who can wait and wants a career.
EDITOR = ["Video editing", "There is no rush", "Fewer than 5", "A full-time career",
          "Fine: I can keep to deadlines", "Yes, I can learn first"]
EDITOR_ANSWERS = {"skill": "video-editing", "money": "no-rush", "hours": "under-5",
                  "goal": "career", "clients": "yes", "learn": "yes"}


def answers_in(url: str) -> dict:
    return {k: v for k, v in parse_qsl(urlsplit(url).query) if k != "step"}


def step_count(page) -> str:
    return page.locator("#step-count").inner_text()


def choose_and_go_on(page, label: str, number: int) -> None:
    """Pick an answer on the step on screen and press Next (or the last step's button)."""
    assert step_count(page) == f"Question {number} of 6"
    page.get_by_label(label, exact=True).check()
    page.locator("#path-finder button[type=submit]").click()
    if number < 6:
        page.wait_for_selector(f"#step-count:text-is('Question {number + 1} of 6')")


def start(page) -> None:
    page.goto("/path-finder")
    page.wait_for_selector("#step-count")


def test_one_question_at_a_time_with_back_progress_and_history(page, console_errors):
    start(page)
    assert page.locator("fieldset.question").count() == 1
    assert page.locator("#path-finder progress").get_attribute("value") == "1"
    assert axe_violations(page) == []
    for number, label in enumerate(EDITOR[:3], start=1):
        choose_and_go_on(page, label, number)
    assert step_count(page) == "Question 4 of 6"
    assert answers_in(page.url) == {k: EDITOR_ANSWERS[k] for k in ("skill", "money", "hours")}
    page.get_by_role("button", name="Back").click()
    page.wait_for_selector("#step-count:text-is('Question 3 of 6')")
    assert page.get_by_label("Fewer than 5", exact=True).is_checked()
    page.go_back()
    page.wait_for_selector("#step-count:text-is('Question 4 of 6')")
    page.go_forward()
    page.wait_for_selector("#step-count:text-is('Question 3 of 6')")
    page.reload()
    assert step_count(page) == "Question 3 of 6"
    assert page.get_by_label("Fewer than 5", exact=True).is_checked()
    page.locator("#path-finder button[type=submit]").click()
    page.wait_for_selector("#step-count:text-is('Question 4 of 6')")
    for number, label in enumerate(EDITOR[3:], start=4):
        choose_and_go_on(page, label, number)
    page.wait_for_url(RESULT)
    assert answers_in(page.url) == EDITOR_ANSWERS
    assert page.locator("#path-title").inner_text() == "Freelancing"
    assert page.get_by_text("Three sample edits for your portfolio").is_visible()
    assert axe_violations(page) == []
    assert console_errors == []


def test_going_on_without_an_answer_says_so_and_keeps_the_address(page):
    start(page)
    before = page.url
    page.locator("#path-finder button[type=submit]").click()
    page.wait_for_selector("#skill-error")
    assert step_count(page) == "Question 1 of 6"
    assert page.url == before
    assert axe_violations(page) == []


def test_the_steps_work_by_keyboard_alone(page):
    start(page)
    for number in range(1, 7):
        # Each new step takes the focus on its first answer; arrows choose, Tab reaches Next.
        page.wait_for_selector(f"#step-count:text-is('Question {number} of 6')")
        page.wait_for_function("() => document.activeElement.type === 'radio'")
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        if number > 1:  # Back comes before Next
            assert page.evaluate("document.activeElement.textContent.trim()") == "Back"
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
    page.wait_for_url(RESULT)
    assert answers_in(page.url) == {"skill": "writing", "money": "this-week",
                                    "hours": "under-5", "goal": "pocket-money",
                                    "clients": "yes", "learn": "yes"}
    assert page.locator("#path-title").inner_text() == "Micro jobs"


def test_without_javascript_one_plain_form_posts_and_redirects(nojs_page):
    nojs_page.goto("/path-finder")
    assert nojs_page.locator("fieldset.question").count() == 6
    for label in EDITOR[:5]:
        nojs_page.get_by_label(label, exact=True).check()
    nojs_page.get_by_role("button", name="See my recommendation").click()
    assert nojs_page.locator("#learn-error").inner_text() == "Choose one answer to go on."
    assert nojs_page.get_by_label("Video editing", exact=True).is_checked()
    nojs_page.get_by_label(EDITOR[5], exact=True).check()
    nojs_page.get_by_role("button", name="See my recommendation").click()
    nojs_page.wait_for_url(RESULT)
    assert answers_in(nojs_page.url) == EDITOR_ANSWERS
    assert nojs_page.locator("#path-title").inner_text() == "Freelancing"


def test_the_one_form_page_has_no_axe_violations(page):
    # With htmx kept away the page stays as browsers without JavaScript see it.
    page.route("**/htmx.min.js",
               lambda route: route.fulfill(body="", content_type="text/javascript"))
    page.goto("/path-finder")
    assert page.locator("fieldset.question").count() == 6
    assert axe_violations(page) == []


@pytest.mark.parametrize("url", ["/path-finder?step=3&skill=design&money=months&hours=5-15",
                                 "/path-finder/result?skill=none&money=this-week&hours=5-15"
                                 "&goal=career&clients=unsure&learn=while-earning"])
def test_every_control_is_reachable_by_keyboard(page, url):
    page.goto(url)
    stops = tab_stops(page)
    assert stops[0].startswith("a||#main|Skip to main content")
    assert len(set(stops)) == focusable_count(page)
    assert axe_violations(page) == []


@pytest.mark.parametrize("url", ["/path-finder?step=2&skill=design",
                                 "/path-finder/result?skill=design&money=months&hours=5-15"
                                 "&goal=part-time&clients=unsure&learn=while-earning"])
def test_the_pages_fit_a_320_pixel_screen(page, url):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_visitors_answers_survive_registration_and_build_the_right_roadmap(
    page, live_server, console_errors
):
    start(page)
    for number, label in enumerate(EDITOR, start=1):
        choose_and_go_on(page, label, number)
    page.wait_for_url(RESULT)
    page.get_by_role("button", name="Sign up and build this roadmap").click()
    page.wait_for_url("**/register?**")
    page.fill("#username", "pathfinder")
    page.fill("#email", "pathfinder@example.com")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(RESULT)
    assert answers_in(page.url.partition("#")[0]) == EDITOR_ANSWERS
    page.get_by_role("button", name="Build this roadmap").click()
    page.wait_for_url(re.compile(r".*/roadmap/\d+$"))
    titles = page.locator(".milestone-title").all_inner_texts()
    assert "Three sample edits for your portfolio" in titles
    roadmap_id = int(page.url.rsplit("/", 1)[1])
    with live_server.app.app_context():
        roadmap = db.session.get(Roadmap, roadmap_id)
        remembered = db.session.get(RoadmapAnswers, roadmap_id)
        tracks = set(db.session.scalars(
            select(Milestone.track).where(Milestone.roadmap_id == roadmap_id)))
        assert roadmap.name == "Freelancing in video editing"
        assert dict(parse_qsl(remembered.answers)) == EDITOR_ANSWERS
        assert tracks == {"freelancing"}
    assert console_errors == []


def test_a_signed_in_user_finds_the_last_answers_again(page, live_server, live_user):
    sign_in(page, live_server, live_user())
    start(page)
    for number, label in enumerate(EDITOR, start=1):
        choose_and_go_on(page, label, number)
    page.wait_for_url(RESULT)
    start(page)
    assert page.get_by_label("Video editing", exact=True).is_checked()
