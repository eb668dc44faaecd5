"""The admin console in a real browser: approving, bulk actions, keyboard shortcuts, no-JS
posts, and accessibility of every admin page."""

import uuid

import pytest
from sqlalchemy import select

from planner.comments.models import Comment
from planner.extensions import db
from tests.browser.helpers import axe_violations, sign_in, tab_stops

GUIDE = "micro-jobs-vs-freelancing"


@pytest.fixture
def tag():
    """A word unique to this test, to find its comments in the shared database."""
    return f"tag{uuid.uuid4().hex[:8]}"


@pytest.fixture
def held(live_server, tag):
    """Factory: held(n, status="pending") stores n comments carrying the tag; returns ids."""

    def make(n: int, status: str = "pending") -> list[int]:
        with live_server.app.app_context():
            comments = [
                Comment(
                    guide_slug=GUIDE,
                    section_key="introduction",
                    author_name=f"Held Author {i}",
                    author_email=f"held{i}-{tag}@example.com",
                    body=f"Held comment {i} {tag}",
                    status=status,
                    moderation_reason="held: first comment by this author",
                    depth=1,
                )
                for i in range(n)
            ]
            db.session.add_all(comments)
            db.session.commit()
            return [c.id for c in comments]

    return make


@pytest.fixture
def status_of(live_server):
    """status_of(ids) maps ids to their current status."""

    def load(ids: list[int]) -> dict[int, str]:
        with live_server.app.app_context():
            rows = db.session.execute(
                select(Comment.id, Comment.status).where(Comment.id.in_(ids))
            )
            return dict(rows.all())

    return load


@pytest.fixture
def admin_page(page, live_server, live_user):
    """The page, signed in as a fresh admin."""
    sign_in(page, live_server, live_user(role="admin"))
    return page


def test_approve_a_held_comment_then_see_it_in_public(
    admin_page, held, tag, status_of, console_errors
):
    """Approve with a click: the row leaves, the counts drop (the tab, the list's caption and
    "Apply to all N"), and the comment's lasting link shows it in public."""
    page = admin_page
    (comment_id,) = held(1)
    public = f"/guides/{GUIDE}/introduction/comments/{comment_id}"
    page.goto(public)
    assert tag not in page.content()
    page.goto(f"/admin/comments?status=pending&q={tag}")
    caption = page.locator("#queue-summary")
    assert caption.inner_text().startswith(f"1 comment matching “{tag}”")
    assert page.locator("#apply-all").inner_text() == "Apply to all 1 matching"
    row = page.locator(f"#comment-row-{comment_id}")
    row.get_by_role("button", name="Approve").click()
    row.wait_for(state="detached")
    assert "pending → approved" in page.locator("#messages").inner_text()
    assert caption.inner_text().startswith(f"0 comments matching “{tag}”")
    assert page.locator("#apply-all").inner_text() == "Apply to all 0 matching"
    assert status_of([comment_id]) == {comment_id: "approved"}
    page.goto(public)
    assert page.locator(f"#comment-{comment_id}").is_visible()
    assert console_errors == []


def test_bulk_spam_on_selected_rows(admin_page, held, tag, status_of, console_errors):
    """Tick two of three rows, choose spam, apply: exactly those two move."""
    page = admin_page
    ids = held(3)
    page.goto(f"/admin/comments?status=pending&q={tag}")
    for comment_id in ids[:2]:
        page.locator(f"#select-{comment_id}").check()
    page.select_option("#bulk-action", "spam")
    page.get_by_role("button", name="Apply to selected").click()
    page.locator(f"#comment-row-{ids[0]}").wait_for(state="detached")
    assert page.locator(f"#comment-row-{ids[2]}").is_visible()
    assert status_of(ids) == {ids[0]: "spam", ids[1]: "spam", ids[2]: "pending"}
    assert page.locator("#queue-summary").inner_text().startswith(f"1 comment matching “{tag}”")
    assert page.locator("#apply-all").inner_text() == "Apply to all 1 matching"
    assert console_errors == []


def test_select_all_ticks_every_row(admin_page, held, tag):
    """The "select all" box (shown with a script) ticks every row of the page."""
    page = admin_page
    held(2)
    page.goto(f"/admin/comments?status=pending&q={tag}")
    page.locator("#select-all").check()
    assert page.locator('#queue-rows input[name="ids"]:checked').count() == 2


def test_keyboard_shortcuts(admin_page, held, tag, status_of, console_errors):
    """j moves to a row, a approves it, the next row becomes current, t trashes it."""
    page = admin_page
    ids = held(3)
    page.goto(f"/admin/comments?status=pending&q={tag}")
    newest, middle, oldest = sorted(ids, reverse=True)
    page.locator("body").focus()
    page.keyboard.press("j")
    first = page.locator(f"#comment-row-{newest}")
    assert first.get_attribute("aria-current") == "true"
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert first.get_attribute("aria-current") == "true"
    page.keyboard.press("a")
    first.wait_for(state="detached")
    page.wait_for_selector(f'#comment-row-{middle}[aria-current="true"]')
    page.keyboard.press("t")
    page.locator(f"#comment-row-{middle}").wait_for(state="detached")
    assert status_of(ids) == {newest: "approved", middle: "trash", oldest: "pending"}
    page.locator("#queue-q").fill("s")
    assert status_of([oldest]) == {oldest: "pending"}  # typing in a field is not a shortcut
    assert console_errors == []


def test_actions_reachable_by_tab(admin_page, held, tag):
    """Every row button can be reached with the Tab key."""
    page = admin_page
    (comment_id,) = held(1)
    page.goto(f"/admin/comments?status=pending&q={tag}")
    stops = tab_stops(page)
    assert any(stop.startswith("button||action|Approve") for stop in stops)
    assert any(f"/admin/comments/{comment_id}/edit" in stop for stop in stops)


def test_approve_without_javascript(nojs_page, live_server, live_user, held, tag, status_of):
    """Without a script the button posts, and the queue comes back with a message."""
    sign_in(nojs_page, live_server, live_user(role="admin"))
    (comment_id,) = held(1)
    nojs_page.goto(f"/admin/comments?status=pending&q={tag}")
    nojs_page.locator(f"#comment-row-{comment_id}").get_by_role("button", name="Spam").click()
    nojs_page.wait_for_load_state()
    assert "pending → spam" in nojs_page.locator("#messages").inner_text()
    assert status_of([comment_id]) == {comment_id: "spam"}


def test_every_admin_page_has_no_axe_violations(admin_page, held, console_errors):
    """Dashboard, queue tabs, a comment, edit, reply, delete and empty confirmations,
    rules and audit trail: zero violations."""
    page = admin_page
    (pending_id,) = held(1)
    (spam_id,) = held(1, status="spam")
    urls = [
        "/admin",
        "/admin/comments?status=pending",
        "/admin/comments?status=spam",
        "/admin/comments?status=all",
        f"/admin/comments/{pending_id}",
        f"/admin/comments/{pending_id}/edit",
        f"/admin/comments/{pending_id}/reply",
        f"/admin/comments/{spam_id}/delete",
        "/admin/comments/empty/spam",
        "/admin/settings",
        "/admin/audit",
    ]
    for url in urls:
        page.goto(url)
        assert axe_violations(page) == [], url
    page.goto("/admin/comments?status=pending")
    page.locator(f"#comment-row-{pending_id}").get_by_role("link", name="Edit").click()
    page.wait_for_selector(f"#comment-row-{pending_id} textarea")
    assert axe_violations(page) == []
    assert console_errors == []
