"""After a refused form (4xx) the focus lands on the mistake: the first invalid field, or
the error summary when no field is to blame."""

import uuid
from datetime import timedelta

from planner.comments.models import Comment
from planner.database import utcnow
from tests.browser.helpers import sign_in
from tests.browser.test_comments import fill_guest_form, section_form
from tests.support.databases import save_detached


def focused(page) -> dict:
    """What has the focus: its id, role and whether it is marked invalid."""
    return page.evaluate(
        """() => { const el = document.activeElement;
            return {id: el.id, role: el.getAttribute('role'),
                    invalid: el.getAttribute('aria-invalid')} }""")


def test_a_refused_registration_focuses_its_first_invalid_field(page):
    page.goto("/register")
    page.fill("#username", f"u{uuid.uuid4().hex[:8]}")
    page.fill("#email", "not an address")
    page.fill("#password", "a long walk to the market")
    page.fill("#confirm", "a different walk entirely")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Create my account").click()
    assert answer.value.status == 422
    page.wait_for_function("() => document.activeElement.getAttribute('aria-invalid') === 'true'")
    assert focused(page)["id"] == "email"


def test_refused_admin_settings_focus_the_first_invalid_field(page, live_server, live_user):
    sign_in(page, live_server, live_user(role="admin"))
    page.goto("/admin/settings")
    page.fill("#link_threshold", "500")  # past the largest allowed
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Save the rules").click()
    assert answer.value.status == 422
    page.wait_for_function("() => document.activeElement.id === 'link_threshold'")
    assert page.locator("#settings-form [role=alert]").is_visible()


def test_a_duplicate_comment_focuses_the_message_that_says_so(page, live_server):
    email = f"dup-{uuid.uuid4().hex[:6]}@example.com"
    body = f"Said once already {uuid.uuid4().hex[:6]}"
    save_detached(live_server.app, Comment(
        guide_slug="micro-jobs", section_key="register", author_name="Gil Guest",
        author_email=email, body=body, status="approved", moderation_reason="made by a test",
        depth=1, created_at=utcnow() - timedelta(hours=1)))
    page.goto("/guides/micro-jobs")
    page.wait_for_function("() => window.htmx !== undefined")
    fill_guest_form(section_form(page, "register"), body, email=email)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("#respond-register").get_by_role("button", name="Post comment").click()
    assert answer.value.status == 409
    page.wait_for_function("() => document.activeElement.getAttribute('role') === 'alert'")
    assert "already" in page.evaluate("document.activeElement.textContent")
