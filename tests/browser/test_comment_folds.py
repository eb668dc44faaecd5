"""Folded threads in a real browser at 320, 390 and 1280 px: the line and the opened thread fit
without sideways scrolling and pass axe, the keyboard opens and folds a thread, and the focus
lands in the thread, then back on its line."""

import uuid

import pytest
from sqlalchemy import delete

from planner.comments.models import Comment
from planner.extensions import db
from tests.browser.helpers import axe_violations, horizontal_overflow
from tests.support.databases import save_detached

WIDTHS = [320, 390, 1280]
GUIDE = "micro-jobs-vs-freelancing"
SECTION = "which-is-better"


@pytest.fixture
def discussed(live_server):
    """A thread with a long word, a link, a reply and more than a page of comments."""
    app = live_server.app
    mark = uuid.uuid4().hex[:6]
    with app.app_context():  # the live server is shared: start this thread afresh
        db.session.execute(delete(Comment).where(Comment.guide_slug == GUIDE,
                                                 Comment.section_key == SECTION))
        db.session.commit()

    def save(**values) -> Comment:
        row = {"guide_slug": GUIDE, "section_key": SECTION, "author_name": "Dee Reader",
               "author_email": f"dee-{uuid.uuid4().hex[:6]}@example.com", "status": "approved",
               "moderation_reason": "made by a test", "depth": 1, **values}
        return save_detached(app, Comment(**row))

    for n in range(21):
        save(body=f"Comment {n} {mark}")
    top = save(body=f"https://a.example/{'x' * 80} anunbreakablewordthatgoesonandonandon {mark}",
               author_url="https://dee.example")
    save(body=f"A reply {mark}", parent_id=top.id, depth=2)
    return mark


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def wait_for_focus(page, element_id: str) -> None:
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id",
                           arg=element_id)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_thread_folds_and_opens_by_keyboard_and_fits_at_every_width(
    page, discussed, width, console_errors
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"/guides/{GUIDE}")
    control = page.locator(f"#toggle-{SECTION}")
    assert control.inner_text().startswith("23 comments · join the discussion")
    assert page.locator("#main li.comment").count() == 0  # the article reads through
    assert horizontal_overflow(page) == [] and axe_violations(page) == []

    control.focus()
    page.keyboard.press("Enter")
    wait_for_focus(page, f"comments-{SECTION}-title")
    assert control.get_attribute("aria-expanded") == "true"
    assert page.locator(f"#thread-{SECTION} li.comment").count() >= 20
    assert page.url.endswith(f"/guides/{GUIDE}")  # opened in place, no navigation
    assert horizontal_overflow(page) == [] and axe_violations(page) == []

    # The fold link below the thread folds it too, and the focus goes back to the line.
    page.locator(f"#comments-{SECTION} .comment-toggle-end a").focus()
    page.keyboard.press("Enter")
    page.locator(f"#thread-{SECTION}").wait_for(state="detached")
    wait_for_focus(page, f"toggle-{SECTION}")
    assert control.get_attribute("aria-expanded") == "false"
    assert horizontal_overflow(page) == [] and axe_violations(page) == []
    assert console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_the_line_leads_to_the_threads_own_page(
    nojs_page, discussed, width
):
    page = nojs_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"/guides/{GUIDE}")
    page.locator(f"#toggle-{SECTION}").click()
    page.wait_for_url(f"**/guides/{GUIDE}/{SECTION}/comments")
    assert discussed in page.locator(f"#thread-{SECTION}").inner_text()
    assert page.locator(f"#respond-{SECTION} form").count() == 1
    assert horizontal_overflow(page) == []
