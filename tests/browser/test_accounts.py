"""Accounts in a real browser: the whole life of an account, accessible, with and without JS."""

import re
import uuid

import pytest

from planner.accounts import service
from planner.accounts.models import User
from planner.extensions import db
from tests.browser.helpers import axe_violations, focusable_count, sign_in, tab_stops
from tests.support.accounts import NEW_PASSWORD, PASSWORD, password_hash
from tests.support.mail import Outbox


@pytest.fixture
def outbox(live_server, tmp_path, monkeypatch):
    """Mail from the live server goes to a temporary folder."""
    monkeypatch.setitem(live_server.app.config, "OUTBOX_DIR", str(tmp_path))
    return Outbox(tmp_path, live_server.app)


def unique_name() -> str:
    """A username no other test uses: the live server's database lives for the whole run."""
    return f"u{uuid.uuid4().hex[:10]}"


def assert_accessible(page) -> None:
    """No axe-core violations on the page as it is now."""
    page.wait_for_function("() => window.htmx !== undefined")
    assert axe_violations(page) == []


def nav(page):
    """The main navigation."""
    return page.get_by_role("navigation", name="Main")


def test_register_log_out_log_in_change_password_delete(page, live_server, console_errors,
                                                        outbox):
    name = unique_name()
    page.goto("/register")
    assert_accessible(page)
    page.get_by_label("Username").fill(name)
    page.get_by_label("Email").fill(f"{name}@example.com")
    page.locator("#password").fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("status").inner_text().startswith(f"Welcome, {name}!")
    assert nav(page).get_by_role("link", name=f"{name} (account settings)").is_visible()

    nav(page).get_by_role("button", name="Log out").click()
    page.get_by_text("You have been logged out.").wait_for()
    nav(page).get_by_role("link", name="Log in").click()
    page.wait_for_url("**/login")
    assert_accessible(page)
    page.get_by_label("Username or email").fill(name.upper())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    nav(page).get_by_role("link", name=f"{name} (account settings)").click()
    page.wait_for_url("**/account")
    assert_accessible(page)

    password_form = page.locator("#password-form")
    password_form.get_by_label("Current password").fill(PASSWORD)
    password_form.locator("#password").fill(NEW_PASSWORD)
    password_form.get_by_label("Repeat the password").fill(NEW_PASSWORD)
    password_form.get_by_role("button", name="Change password").click()
    page.get_by_text("Your password has been changed.").wait_for()
    assert_accessible(page)

    delete_form = page.locator("#delete-form")
    delete_form.get_by_label("Delete them").check()
    delete_form.get_by_label("Your password").fill(NEW_PASSWORD)
    delete_form.get_by_role("button", name="Delete my account").click()
    page.get_by_text("Your account and your roadmaps have been deleted.").wait_for()
    assert nav(page).get_by_role("link", name="Register").is_visible()
    with live_server.app.app_context():
        assert db.session.scalar(db.select(User).where(User.username == name)) is None
    assert console_errors == []


def test_form_errors_are_shown_next_to_the_fields_and_stay_accessible(page, console_errors):
    page.goto("/register")
    page.get_by_label("Username").fill("no spaces allowed")
    page.get_by_label("Email").fill("someone@example.com")
    page.locator("#password").fill("password1")
    page.get_by_label("Repeat the password").fill("password2")
    page.get_by_role("button", name="Create my account").click()
    page.locator("#username-error").wait_for()
    assert "letters, digits" in page.locator("#username-error").inner_text()
    assert "most common" in page.locator("#password-error").inner_text()
    assert page.get_by_label("Username").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    # The browser logs the 422 answer itself; nothing else may go wrong.
    assert [e for e in console_errors if "422" not in e] == []


def test_reset_pages_are_accessible_and_the_link_works(page, live_server, live_user,
                                                       console_errors, outbox):
    user = live_user(password_hash=password_hash())
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.wait_for_url("**/reset-password")
    assert_accessible(page)
    page.get_by_label("Email").fill(user.email)
    page.get_by_role("button", name="Send the link").click()
    page.get_by_text("a reset link is on its way").wait_for()
    [message] = [m for m in outbox.messages() if m["To"] == user.email and "Reset" in m["Subject"]]
    mail = message.get_content()
    link = re.search(r"http://\S+/reset-password/\S+", mail).group(0)
    page.goto(link.replace("http://localhost", live_server.url))
    assert_accessible(page)
    page.locator("#password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat the password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    page.get_by_text("Log in with the new one.").wait_for()
    page.get_by_label("Username or email").fill(user.username)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    nav(page).get_by_role("link", name=f"{user.username} (account settings)").wait_for()
    assert console_errors == []


def test_register_and_log_in_without_javascript(nojs_page, live_server):
    page, name = nojs_page, unique_name()
    page.goto("/register")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Email").fill(f"{name}@example.com")
    page.locator("#password").fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(live_server.url + "/")
    assert nav(page).get_by_role("link", name=f"{name} (account settings)").is_visible()
    nav(page).get_by_role("button", name="Log out").click()
    page.get_by_text("You have been logged out.").wait_for()
    page.goto("/login?next=/guides/micro-jobs")
    page.get_by_label("Username or email").fill(f"{name}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/guides/micro-jobs")
    assert nav(page).get_by_role("button", name="Log out").is_visible()


def test_a_wrong_password_without_javascript_shows_the_message(nojs_page, live_user):
    user = live_user(password_hash=password_hash())
    nojs_page.goto("/login")
    nojs_page.get_by_label("Username or email").fill(user.username)
    nojs_page.get_by_label("Password").fill("not it at all")
    nojs_page.get_by_role("button", name="Log in").click()
    alert = nojs_page.get_by_role("alert")
    assert "do not match an account" in alert.inner_text()


@pytest.mark.parametrize("url", ["/register", "/login", "/reset-password", "/account"])
def test_every_account_control_is_reachable_by_keyboard(page, live_server, live_user, url):
    if url == "/account":
        sign_in(page, live_server, live_user())
    page.goto(url)
    stops = tab_stops(page)
    assert stops[0].startswith("a||#main|Skip to main content")
    # Two "Log in" links may look alike, so count the stops rather than distinct labels.
    assert len(stops) == focusable_count(page)


def test_reset_link_made_on_the_server_opens_the_form(page, live_server, live_user):
    user = live_user()
    with live_server.app.test_request_context():
        token = service.make_reset_token(db.session.get(User, user.id))
    page.goto(f"/reset-password/{token}")
    assert page.get_by_role("heading", name="Choose a new password").is_visible()
    assert_accessible(page)


def test_a_signed_out_htmx_request_lands_on_a_whole_log_in_page(page, console_errors):
    page.goto("/guides/")
    page.wait_for_function("() => window.htmx !== undefined")
    # As when a session ends while a page is open and an htmx action asks for a signed-in page.
    page.evaluate("htmx.ajax('GET', '/account', {target: '#main'})")
    page.wait_for_url(re.compile(r".*/login\?next=/guides/$"))
    page.get_by_role("heading", name="Log in").wait_for()
    assert nav(page).get_by_role("link", name="Register").is_visible()
    assert "Please log in to continue." in page.locator("#messages").inner_text()
    assert_accessible(page)
    assert console_errors == []


def test_registration_takes_the_devices_time_zone_and_settings_change_it(
    browser, live_server, console_errors, outbox
):
    context = browser.new_context(base_url=live_server.url, timezone_id="Asia/Karachi")
    page = context.new_page()
    name = unique_name()
    page.goto("/register")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Email").fill(f"{name}@example.com")
    page.locator("#password").fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(live_server.url + "/")

    def stored() -> tuple[str, str]:
        with live_server.app.app_context():
            user = db.session.scalar(db.select(User).where(User.username == name))
            return user.time_zone, user.locale

    assert stored() == ("Asia/Karachi", "en_GB")
    page.goto("/account")
    form = page.locator("#preferences-form")
    assert form.get_by_label("Time zone").input_value() == "Asia/Karachi"
    form.get_by_label("Time zone").select_option("Asia/Kolkata")
    form.get_by_label("Dates and money written as").select_option("en_IN")
    form.get_by_role("button", name="Save preferences").click()
    page.get_by_text("Your preferences have been saved.").wait_for()
    assert stored() == ("Asia/Kolkata", "en_IN")
    assert_accessible(page)
    context.close()
    assert console_errors == []
