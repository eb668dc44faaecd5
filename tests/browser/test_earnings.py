"""The earnings page in a real browser: entries and cash-outs with and without JavaScript,
axe-core at 390 px and 320 px, nothing wider than the screen, every control by keyboard."""

from datetime import date

import pytest
from sqlalchemy import select

from planner.database import utcnow
from planner.earnings.models import CashOut, Earning, FundSpend
from planner.extensions import db
from planner.roadmaps.models import Milestone
from planner.roadmaps.service import create_roadmap
from tests.browser.helpers import axe_violations, focusable_count, sign_in, tab_stops

WIDTHS = [390, 320]


@pytest.fixture
def signed_in(page, live_server, live_user):
    """A signed-in user with the recommended roadmap, in the JavaScript page."""
    user = live_user()
    sign_in(page, live_server, user)
    with live_server.app.app_context():
        create_roadmap(user, "Plan", "recommended", live_server.app.extensions["library"])
    return user


def rows(live_server, model, user) -> list:
    """The user's rows of model in the live database."""
    with live_server.app.app_context():
        found = db.session.scalars(select(model).where(model.user_id == user.id)).all()
        db.session.expunge_all()
        return list(found)


def status_of(live_server, user, step_key: str) -> str:
    from planner.roadmaps.models import Roadmap

    with live_server.app.app_context():
        return db.session.scalar(
            select(Milestone.status).join(Roadmap)
            .where(Roadmap.user_id == user.id, Milestone.step_key == step_key)
        )


def fill_entry(page, amount="150.50", minutes="30") -> None:
    page.fill("#entry-platform", "Clickworker")
    page.select_option("#entry-kind", "app-testing")
    page.fill("#entry-amount", amount)
    page.fill("#entry-currency", "PKR")
    page.fill("#entry-minutes", minutes)


def fill_cash_out(page, amount="1000") -> None:
    page.locator("#add-cash-out summary").click()
    page.fill("#cash-out-platform", "Clickworker")
    page.select_option("#cash-out-destination", "mobile-wallet")
    page.fill("#cash-out-amount", amount)
    page.fill("#cash-out-currency", "PKR")


def test_adding_an_entry_and_a_cash_out_with_htmx(page, live_server, signed_in, console_errors):
    page.goto("/earnings")
    page.evaluate("window.marker = 'still here'")
    fill_entry(page)
    page.locator("#entry-submit").click()
    page.wait_for_selector("li.entry >> text=PKR\u00a0150.50")
    assert page.evaluate("window.marker") == "still here"  # swapped in place, not reloaded
    assert "Logged PKR\u00a0150.50." in page.locator("#messages").inner_text()
    assert "is now in progress" in page.locator("#messages").inner_text()
    assert "PKR\u00a0301.00" in page.locator("#figures").inner_text()  # per hour
    fill_cash_out(page)
    page.locator("#cash-out-submit").click()
    page.wait_for_selector("#cash-outs li.entry")
    assert page.evaluate("window.marker") == "still here"
    assert "The fund holds PKR\u00a0200.00." in page.locator("#fund").inner_text()
    assert [e.amount for e in rows(live_server, Earning, signed_in)] == [15050]
    assert [c.fund_share for c in rows(live_server, CashOut, signed_in)] == [20000]
    assert status_of(live_server, signed_in, "cash-out") == "done"
    assert console_errors == []


def test_a_bad_amount_shows_its_message_beside_the_field(page, live_server, signed_in):
    page.goto("/earnings")
    fill_entry(page, amount="-5")
    page.locator("#entry-submit").click()
    page.wait_for_selector("#entry-amount-error")
    assert "without a minus sign" in page.locator("#entry-amount-error").inner_text()
    assert page.evaluate("document.activeElement.id") == "entry-amount"
    assert rows(live_server, Earning, signed_in) == []


def test_editing_and_deleting_an_entry_in_place(page, live_server, signed_in, console_errors):
    page.goto("/earnings")
    fill_entry(page)
    page.locator("#entry-submit").click()
    page.wait_for_selector("li.entry")
    [entry] = rows(live_server, Earning, signed_in)
    page.locator(f"#edit-entry-{entry.id}").click()
    page.fill(f"#entry-{entry.id}-amount", "200")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector("li.entry >> text=PKR\u00a0200.00")
    page.locator(f"#delete-entry-{entry.id}").click()
    page.get_by_role("button", name="Delete", exact=True).click()
    page.wait_for_selector("text=Nothing logged yet.")
    assert rows(live_server, Earning, signed_in) == []
    assert console_errors == []


def test_adding_an_entry_and_a_cash_out_without_javascript(nojs_page, live_server, live_user):
    user = live_user()
    sign_in(nojs_page, live_server, user)
    nojs_page.goto("/earnings")
    fill_entry(nojs_page)
    nojs_page.locator("#entry-submit").click()
    nojs_page.wait_for_url("**/earnings#entries")
    assert "Logged PKR\u00a0150.50." in nojs_page.locator("#messages").inner_text()
    assert nojs_page.locator("li.entry").count() == 1
    fill_cash_out(nojs_page, amount="500")
    nojs_page.locator("#cash-out-submit").click()
    nojs_page.wait_for_url("**/earnings#cash-outs")
    assert "Cashed out PKR\u00a0500.00." in nojs_page.locator("#messages").inner_text()
    assert "The fund holds PKR\u00a0100.00." in nojs_page.locator("#fund").inner_text()
    assert len(rows(live_server, CashOut, user)) == 1


def seed(live_server, user) -> None:
    """A few weeks of entries and cash-outs, so every part of the page is shown."""
    today = utcnow().date()
    with live_server.app.app_context():
        for n in range(25):
            db.session.add(Earning(user_id=user.id, day=date.fromordinal(today.toordinal() - n),
                                   platform=("Clickworker", "Appen")[n % 2], kind="data-entry",
                                   amount=10000 + n, currency="PKR", minutes=(None, 40)[n % 2]))
        db.session.add(CashOut(user_id=user.id, day=today, platform="Appen", destination="bank",
                               amount=50000, currency="PKR", fund_share=10000))
        db.session.add(FundSpend(user_id=user.id, day=today, label="Canva Pro, one month",
                                 amount=4000, currency="PKR"))
        db.session.commit()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_earnings_pages_have_no_axe_violations_and_fit(page, live_server, signed_in, width,
                                                          console_errors):
    page.set_viewport_size({"width": width, "height": 800})
    seed(live_server, signed_in)
    page.goto("/earnings")
    # The first write moves the milestones, so the "moved" list is on the page too.
    fill_cash_out(page, amount="100")
    page.locator("#cash-out-submit").click()
    page.wait_for_selector("#moves")
    [entry] = rows(live_server, Earning, signed_in)[:1]
    cash_out = rows(live_server, CashOut, signed_in)[0]
    spent = rows(live_server, FundSpend, signed_in)[0]
    for url in ("/earnings", "/earnings?page=2", "/earnings/fund",
                f"/earnings/entries/{entry.id}/edit", f"/earnings/entries/{entry.id}/delete",
                f"/earnings/cash-outs/{cash_out.id}/edit",
                f"/earnings/cash-outs/{cash_out.id}/delete",
                f"/earnings/fund/spends/{spent.id}/edit",
                f"/earnings/fund/spends/{spent.id}/delete"):
        page.goto(url)
        for summary in page.locator("details > summary").all():
            summary.click()
        assert axe_violations(page) == [], url
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{url} is {wide}px wide at {width}px"
    assert console_errors == []


def test_every_control_is_reachable_by_keyboard(page, live_server, signed_in):
    seed(live_server, signed_in)
    page.goto("/earnings")
    stops = tab_stops(page)
    assert stops[0].startswith("a||#main|Skip to main content")
    assert len(set(stops)) == focusable_count(page)


def cash_out_with_spending(live_server, user) -> CashOut:
    """A PKR 1,000.00 cash-out (PKR 200.00 to the fund), PKR 150.00 of it spent."""
    with live_server.app.app_context():
        cash_out = CashOut(user_id=user.id, day=utcnow().date(), platform="Clickworker",
                           destination="paypal", amount=100000, currency="PKR",
                           fund_share=20000)
        db.session.add_all([cash_out, FundSpend(user_id=user.id, day=utcnow().date(),
                                                label="Course", amount=15000, currency="PKR")])
        db.session.commit()
        db.session.refresh(cash_out)
        db.session.expunge(cash_out)
        return cash_out


def test_editing_a_cash_out_in_place_at_390px(page, live_server, signed_in, console_errors):
    page.set_viewport_size({"width": 390, "height": 800})
    cash_out = cash_out_with_spending(live_server, signed_in)
    page.goto("/earnings")
    page.evaluate("window.marker = 'still here'")
    row = f"#cash-out-{cash_out.id}"
    page.locator(f"#edit-cash-out-{cash_out.id}").click()
    page.wait_for_selector(f"{row}.editing")
    # Too low: the fund already spent more than the share would keep. Refused in place.
    page.fill(f"#cash-out-{cash_out.id}-amount", "500")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector(f"#cash-out-{cash_out.id}-amount-error")
    assert "below zero" in page.locator(f"#cash-out-{cash_out.id}-amount-error").inner_text()
    assert page.evaluate("document.activeElement.id") == f"cash-out-{cash_out.id}-amount"
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill(f"#cash-out-{cash_out.id}-amount", "2000")
    page.select_option(f"#cash-out-{cash_out.id}-destination", "bank")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector(f"{row}:not(.editing) >> text=PKR\u00a02,000.00")
    assert page.evaluate("window.marker") == "still here"  # swapped in place, not reloaded
    assert "The fund holds PKR\u00a0250.00." in page.locator("#fund").inner_text()
    assert "to the fund" in page.locator("#messages").inner_text()
    [saved] = rows(live_server, CashOut, signed_in)
    assert (saved.amount, saved.fund_share, saved.destination) == (200000, 40000, "bank")
    # Cancel puts the row back as it was.
    page.locator(f"#edit-cash-out-{cash_out.id}").click()
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_selector(f"{row}:not(.editing)")
    assert axe_violations(page) == []
    # The browser logs the refused save's 422 itself; nothing else may go wrong.
    assert [e for e in console_errors if "422" not in e] == []


def test_editing_a_cash_out_without_javascript_at_390px(nojs_page, page, live_server,
                                                       live_user):
    nojs_page.set_viewport_size({"width": 390, "height": 800})
    user = live_user()
    sign_in(nojs_page, live_server, user)
    cash_out = cash_out_with_spending(live_server, user)
    edit_url = f"/earnings/cash-outs/{cash_out.id}/edit"
    nojs_page.goto("/earnings#cash-outs")
    nojs_page.locator(f"#edit-cash-out-{cash_out.id}").click()
    nojs_page.wait_for_url(f"**{edit_url}")
    assert nojs_page.evaluate("document.documentElement.scrollWidth") <= 390
    nojs_page.fill(f"#cash-out-{cash_out.id}-amount", "500")
    nojs_page.get_by_role("button", name="Save", exact=True).click()
    error = nojs_page.locator(f"#cash-out-{cash_out.id}-amount-error")
    assert "below zero" in error.inner_text()
    assert nojs_page.evaluate("document.documentElement.scrollWidth") <= 390
    nojs_page.fill(f"#cash-out-{cash_out.id}-amount", "1,500")
    nojs_page.get_by_role("button", name="Save", exact=True).click()
    nojs_page.wait_for_url("**/earnings#cash-outs")
    assert "to the fund" in nojs_page.locator("#messages").inner_text()
    assert "The fund holds PKR\u00a0150.00." in nojs_page.locator("#fund").inner_text()
    [saved] = rows(live_server, CashOut, user)
    assert (saved.amount, saved.fund_share) == (150000, 30000)
    # axe-core needs JavaScript to run: it reads the same edit page in a browser that has it.
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, live_server, user)
    page.goto(edit_url)
    assert axe_violations(page) == []


def test_spending_edited_and_deleted_in_place(page, live_server, signed_in, console_errors):
    page.set_viewport_size({"width": 390, "height": 800})
    cash_out_with_spending(live_server, signed_in)
    [spent] = rows(live_server, FundSpend, signed_in)
    page.goto("/earnings")
    page.locator(f"#edit-spend-{spent.id}").click()
    page.fill(f"#spend-{spent.id}-amount", "200")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector("#fund >> text=The fund holds PKR\u00a00.00.")
    page.locator(f"#delete-spend-{spent.id}").click()
    page.get_by_role("button", name="Delete", exact=True).click()
    page.wait_for_selector("#fund >> text=The fund holds PKR\u00a0200.00.")
    assert rows(live_server, FundSpend, signed_in) == []
    assert console_errors == []
