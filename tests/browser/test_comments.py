"""Comments in a real browser: posting and replying with and without JavaScript,
accessibility, keyboard use, and hostile comment content that must stay inert."""

import re
import uuid

import pytest

from planner.comments.models import Comment
from planner.database import utcnow
from tests.browser.helpers import axe_violations, focusable_count, in_view, sign_in, tab_stops
from tests.support.databases import save_detached

STATUS_LINE = re.compile(r"Failed to load resource: the server responded with a status of 4\d\d")


@pytest.fixture(autouse=True)
def no_flood_wait(live_server):
    """Every request here comes from 127.0.0.1: let tests post back to back."""
    config = live_server.app.config
    saved = config["COMMENT_FLOOD_SECONDS"]
    config["COMMENT_FLOOD_SECONDS"] = 0
    yield
    config["COMMENT_FLOOD_SECONDS"] = saved


@pytest.fixture
def saved_comment(live_server):
    """Factory: saved_comment(slug, key, **overrides) stores an approved comment."""

    def make(slug: str, key: str, **overrides) -> Comment:
        values = {
            "guide_slug": slug,
            "section_key": key,
            "author_name": "Bea Early",
            "author_email": f"bea-{uuid.uuid4().hex[:6]}@example.com",
            "body": f"An earlier comment {uuid.uuid4().hex[:6]}",
            "status": "approved",
            "moderation_reason": "made by a test",
            "depth": 1,
        }
        values.update(overrides)
        return save_detached(live_server.app, Comment(**values))

    return make


def wait_for_focus(page, element_id: str) -> None:
    """Wait until the element with element_id has focus (htmx moves it once settled)."""
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id",
                           arg=element_id)


def section_form(page, key: str):
    """Open a section's thread from its line on the guide page (in place with JavaScript, its
    own page without) and return the reply form at its end."""
    page.locator(f"#toggle-{key}").click()
    page.locator(f"#thread-{key}").wait_for()
    return page.locator(f"#respond-{key}")


def fill_guest_form(form, text: str, name: str = "Gil Guest", email: str | None = None):
    form.get_by_role("textbox", name="Comment", exact=True).fill(text)
    form.get_by_role("textbox", name="Name", exact=True).fill(name)
    email = email or f"gil-{uuid.uuid4().hex[:6]}@example.com"
    form.get_by_role("textbox", name="Email", exact=True).fill(email)


def test_a_guest_comments_and_replies_with_htmx(page, live_server, console_errors,
                                                saved_comment):
    parent = saved_comment("micro-jobs", "register")
    page.goto("/guides/micro-jobs")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.marker = 'no reload'")
    text = f"My first try {uuid.uuid4().hex[:6]}"
    fill_guest_form(section_form(page, "register"), text)
    page.locator("#respond-register").get_by_role("button", name="Post comment").click()
    mine = page.locator("#comment-list-register > li", has_text=text)
    mine.wait_for()
    assert "Your comment is awaiting moderation." in mine.inner_text()
    wait_for_focus(page, mine.get_attribute("id"))
    assert "awaiting moderation" in page.locator("#messages").inner_text()
    assert page.locator("#respond-register-comment").input_value() == ""

    page.locator(f"#respond-{parent.id}").get_by_role("link", name="Reply").click()
    reply_form = page.locator(f"#respond-{parent.id} form")
    reply_form.wait_for()
    wait_for_focus(page, f"respond-{parent.id}-comment")
    fill_guest_form(reply_form, "Replying in place")
    reply_form.get_by_role("button", name="Post reply").click()
    reply = page.locator(f"#children-{parent.id} > li", has_text="Replying in place")
    reply.wait_for()
    assert page.locator(f"#respond-{parent.id} form").count() == 0
    assert page.evaluate("window.marker") == "no reload"
    assert console_errors == []


def test_a_trusted_member_is_published_and_the_counts_update(page, live_server, live_user,
                                                             saved_comment, console_errors):
    user = live_user()
    saved_comment("micro-jobs", "cash-out", user_id=user.id, status="approved")
    sign_in(page, live_server, user)
    page.goto("/guides/micro-jobs")
    form = section_form(page, "cash-out")
    heading = page.locator("#comments-cash-out-title")
    before = int(heading.inner_text().split()[0])
    assert f"Logged in as {user.display_name}" in form.inner_text()
    assert form.get_by_role("textbox", name="Email", exact=True).count() == 0
    form.get_by_role("textbox", name="Comment", exact=True).fill("Cashing out weekly works for me.")
    form.get_by_role("button", name="Post comment").click()
    page.locator("#comment-list-cash-out > li", has_text="Cashing out weekly").wait_for()
    assert heading.inner_text().startswith(f"{before + 1} comments")
    assert page.locator("#toc-count-cash-out").inner_text() == f"{before + 1} comments"
    assert console_errors == []


def test_a_guest_comments_and_replies_without_javascript(nojs_page, saved_comment):
    parent = saved_comment("freelancing", "learn-a-skill")
    page = nojs_page
    page.goto("/guides/freelancing")
    form = section_form(page, "intro")
    assert page.url.endswith("/guides/freelancing/intro/comments")  # the thread's own page
    fill_guest_form(form, "Posting without scripts")
    form.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(r"/guides/freelancing/intro/comments\?landed=\d+#comment-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    assert "Posting without scripts" in page.locator(f"#{anchor}").inner_text()
    # The message sits beside the comment the page scrolled to, in view.
    assert "awaiting moderation" in page.locator(f"#{anchor} #landed").inner_text()
    assert in_view(page, "#landed")

    page.goto("/guides/freelancing")
    section_form(page, "learn-a-skill")
    page.locator(f"#respond-{parent.id}").get_by_role("link", name="Reply").click()
    page.wait_for_url(re.compile(rf"replytocom={parent.id}#respond-{parent.id}$"))
    reply_form = page.locator(f"#respond-{parent.id} form")
    fill_guest_form(reply_form, "A reply, no scripts")
    reply_form.get_by_role("button", name="Post reply").click()
    page.wait_for_url(re.compile(r"/learn-a-skill/comments\?landed=\d+#comment-\d+$"))
    assert page.locator(f"#children-{parent.id}", has_text="A reply, no scripts").count() == 1
    assert in_view(page, "#landed")


def test_mistakes_are_explained_next_to_the_fields_without_javascript(nojs_page):
    page = nojs_page
    page.goto("/guides/freelancing")
    form = section_form(page, "build-portfolio")
    form.get_by_role("textbox", name="Comment", exact=True).fill("Forgot my details")
    form.get_by_role("button", name="Post comment").click()
    assert page.locator("h1").inner_text() == "Comment on “Build a portfolio”"
    assert page.locator("#respond-build-portfolio-author-error").inner_text() == (
        "Enter your name."
    )
    assert page.locator("#respond-build-portfolio-comment").input_value() == "Forgot my details"


def test_guide_pages_with_comments_have_no_axe_violations(page, live_server, live_user,
                                                          saved_comment, console_errors):
    top = saved_comment("micro-jobs-vs-freelancing", "verdict",
                        author_url="https://bea.example", body="Line one\nhttps://x.example")
    saved_comment("micro-jobs-vs-freelancing", "verdict", parent_id=top.id, depth=2)
    saved_comment("micro-jobs-vs-freelancing", "verdict", status="pending")
    page.goto(f"/guides/micro-jobs-vs-freelancing/verdict/comments?replytocom={top.id}")
    assert page.locator(f"#respond-{top.id} form").count() == 1
    assert axe_violations(page) == []
    # The guide page, folded; then a thread opened in place and a mistake shown by htmx.
    page.goto("/guides/micro-jobs-vs-freelancing")
    assert axe_violations(page) == []
    form = section_form(page, "verdict")
    assert axe_violations(page) == []
    form.get_by_role("button", name="Post comment").click()
    page.locator("#respond-verdict-comment-error").wait_for()
    assert axe_violations(page) == []
    wait_for_focus(page, "respond-verdict-comment")
    sign_in(page, live_server, live_user())
    page.goto("/guides/micro-jobs-vs-freelancing")
    section_form(page, "verdict")
    assert axe_violations(page) == []
    assert [e for e in console_errors if not STATUS_LINE.search(e)] == []


def test_comment_pages_have_no_axe_violations(page, saved_comment):
    parent = saved_comment("micro-jobs", "save-for-skills")
    for n in range(21):
        saved_comment("micro-jobs", "save-for-skills", body=f"Saving tip {n}")
    for url in (
        "/guides/micro-jobs/save-for-skills/comments",
        "/guides/micro-jobs/save-for-skills/comments?page=2",
        f"/guides/micro-jobs/save-for-skills/comments/reply/{parent.id}",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url
    # The page with messages that a browser without JavaScript gets for a bad form.
    page.evaluate("document.querySelector('form.comment-form').submit()")
    page.wait_for_selector(f"#respond-{parent.id}-comment-error")
    assert axe_violations(page) == []


def test_show_more_loads_the_next_page_in_place(page, saved_comment, console_errors):
    for n in range(22):
        saved_comment("micro-jobs", "daily-tasks", body=f"Daily tip {n}")
    page.goto("/guides/micro-jobs")
    section_form(page, "daily-tasks")
    shown = page.locator("#comments-daily-tasks li.comment")
    assert shown.count() == 20
    page.locator("#more-daily-tasks").get_by_role("link", name="Show more comments").click()
    page.locator("#comment-list-daily-tasks-2").wait_for()
    assert shown.count() >= 22
    wait_for_focus(page, page.locator("#comment-list-daily-tasks-2 > li").first.get_attribute("id"))
    assert console_errors == []


def test_replying_works_from_the_keyboard_alone(page, saved_comment, console_errors):
    parent = saved_comment("freelancing", "small-projects")
    page.goto("/guides/freelancing")
    stops = tab_stops(page)
    assert len(set(stops)) == focusable_count(page)
    page.locator("#toggle-small-projects").focus()
    page.keyboard.press("Enter")
    wait_for_focus(page, "comments-small-projects-title")
    page.keyboard.press("Tab")  # from the thread's title to its first comment's links
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('li.comment').id") == (
        f"comment-{parent.id}"
    )
    page.locator(f"#respond-{parent.id} a").focus()
    page.keyboard.press("Enter")
    page.locator(f"#respond-{parent.id} form").wait_for()
    wait_for_focus(page, f"respond-{parent.id}-comment")
    page.keyboard.type("Typed with the keyboard")
    for label, value in (("Name", "Kim Keys"), ("Email", "kim@example.com")):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.labels[0].innerText").startswith(label)
        page.keyboard.type(value)
    page.locator(f"#respond-{parent.id}-submit").focus()
    page.keyboard.press("Enter")
    reply = page.locator(f"#children-{parent.id} > li", has_text="Typed with the keyboard")
    reply.wait_for()
    wait_for_focus(page, reply.get_attribute("id"))
    assert console_errors == []


HOSTILE = [
    '<script>window.__xss = "script"</script>',
    '<img src="/xss-probe.png" onerror="window.__xss = \'img\'">',
    '<svg onload="window.__xss = \'svg\'"></svg>',
    '<a href="javascript:window.__xss=\'link\'">click me</a>',
    "data:text/html,<script>alert(1)</script>",
    '<div hx-get="/guides/?xss=load" hx-trigger="load">htmx on load</div>',
    '<button hx-post="/logout" hx-trigger="load">htmx post</button>',
]


def test_hostile_comment_content_opens_no_dialog_and_fires_no_request(
    page, live_server, saved_comment, console_errors
):
    icon = live_server.app.extensions["assets"]["favicon.svg"]
    for n, payload in enumerate(HOSTILE * 3):
        saved_comment("micro-jobs-vs-freelancing", "long-term-income", body=payload,
                      author_name=payload, author_url="javascript:alert(1)",
                      created_at=utcnow().replace(microsecond=n))
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/guides/micro-jobs-vs-freelancing")
    section_form(page, "long-term-income")
    page.wait_for_load_state("networkidle")
    page.on("request", lambda request: requests.append(request.url))
    thread = page.locator("#comments-long-term-income")
    for link in thread.locator(".comment-content a, .comment-author a").all():
        link.hover()
    assert dialogs == [] and page.evaluate("window.__xss") is None
    assert [url for url in requests if not url.endswith(icon)] == []
    # Content that htmx swaps in later stays inert as well.
    thread.get_by_role("link", name="Show more comments").click()
    page.locator("#comment-list-long-term-income-2").wait_for()
    page.wait_for_load_state("networkidle")
    assert dialogs == [] and page.evaluate("window.__xss") is None
    expected = ("comments?page=2", icon)
    assert [url for url in requests if not url.endswith(expected)] == []
    assert HOSTILE[0] in thread.inner_text()  # shown as text
    assert console_errors == []


def test_a_thread_opens_and_folds_again_from_the_keyboard(page, saved_comment,
                                                          console_errors):
    saved_comment("micro-jobs", "intro", body="Read me in place")
    page.goto("/guides/micro-jobs")
    control = page.locator("#toggle-intro")
    assert control.get_attribute("aria-expanded") == "false"
    assert page.locator("#thread-intro").count() == 0
    control.focus()
    page.keyboard.press("Enter")
    wait_for_focus(page, "comments-intro-title")  # the focus moves into the opened thread
    assert control.get_attribute("aria-expanded") == "true"
    assert "Read me in place" in page.locator("#thread-intro").inner_text()
    page.keyboard.press("Shift+Tab")
    wait_for_focus(page, "toggle-intro")
    page.keyboard.press("Enter")
    page.locator("#thread-intro").wait_for(state="detached")
    wait_for_focus(page, "toggle-intro")  # back on the line, ready to open it again
    assert control.get_attribute("aria-expanded") == "false"
    assert control.inner_text().startswith("1 comment · join the discussion")
    assert console_errors == []
