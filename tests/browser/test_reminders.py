"""Reminders in a real browser: the account page's form with and without JavaScript, and
the unsubscribe page a mail links to."""

import pytest

from planner.accounts.models import User
from planner.database import utcnow
from planner.extensions import db
from planner.reminders.tokens import make_token
from tests.browser.helpers import axe_violations, horizontal_overflow, sign_in


def stored(live_server, user) -> tuple[bool, bool]:
    """(weekly, day-before) as the live database has them."""
    with live_server.app.app_context():
        row = db.session.get(User, user.id)
        return row.remind_weekly, row.remind_day_before


def test_the_form_saves_in_place_and_keeps_the_focus(page, live_server, live_user,
                                                     console_errors):
    user = live_user(email_verified_at=utcnow())
    sign_in(page, live_server, user)
    page.goto("/account")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.stayed = true")  # gone if the page were loaded again
    form = page.locator("#reminders-form")
    form.get_by_label("A weekly summary, on Monday mornings").check()
    form.get_by_role("button", name="Save reminders").press("Enter")
    page.get_by_text("Saved: you will get the weekly summary.").wait_for()
    assert page.evaluate("window.stayed") is True
    assert page.evaluate("document.activeElement.textContent") == "Save reminders"
    assert stored(live_server, user) == (True, False)
    assert form.get_by_label("A weekly summary, on Monday mornings").is_checked()
    assert axe_violations(page) == []
    assert console_errors == []


def test_the_form_works_without_javascript(nojs_page, live_server, live_user):
    user = live_user(email_verified_at=utcnow())
    sign_in(nojs_page, live_server, user)
    nojs_page.goto("/account")
    nojs_page.get_by_label("A reminder the day before a target date").check()
    nojs_page.get_by_role("button", name="Save reminders").click()
    nojs_page.get_by_text("Saved: you will get the reminder the day before").wait_for()
    assert nojs_page.url == live_server.url + "/account"
    assert stored(live_server, user) == (False, True)


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_unsubscribe_page_fits_passes_axe_and_stops(page, live_server, live_user, width):
    user = live_user(email_verified_at=utcnow(), remind_weekly=True, remind_day_before=True)
    with live_server.app.app_context():
        link = f"/reminders/stop/{make_token(user.id, 'weekly')}"
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(link)
    assert horizontal_overflow(page) + axe_violations(page) == []
    page.get_by_role("button", name="Stop the weekly summary").click()
    page.get_by_text("Done: we will not send you the weekly summary any more.").wait_for()
    assert stored(live_server, user) == (False, True)
    assert axe_violations(page) == []
