"""The time zone and locale: chosen on the account page, taken from the browser at sign-up,
and used for every date a signed-in reader sees."""

from datetime import datetime

import pytest

from planner.accounts.models import User
from planner.extensions import db
from tests.support.accounts import PASSWORD, fetch_user
from tests.support.roadmaps import text

pytestmark = pytest.mark.usefixtures("outbox")

KARACHI = {"time_zone": "Asia/Karachi", "locale": "en_PK"}


def saved(app, user_id: int) -> tuple[str, str]:
    """The stored time zone and locale of the account."""
    user = fetch_user(app, user_id)
    return user.time_zone, user.locale


def test_the_settings_page_offers_zone_and_locale_with_the_current_ones_chosen(client, owner):
    page = text(client.get("/account"))
    assert '<form id="preferences-form" method="post" action="/account/preferences"' in page
    assert '<option selected value="UTC">UTC</option>' in page
    assert '<option selected value="en_GB">English (United Kingdom)</option>' in page
    assert '<option value="Asia/Karachi">Asia/Karachi</option>' in page


def test_a_plain_post_saves_and_redirects_to_the_settings(app, post, owner):
    response = post("/account/preferences", KARACHI)
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert saved(app, owner.id) == ("Asia/Karachi", "en_PK")


def test_an_htmx_post_answers_the_form_alone_with_its_event(app, post, owner):
    response = post("/account/preferences", KARACHI, htmx=True)
    page = text(response)
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith('<form id="preferences-form"')
    assert response.headers["HX-Trigger"] == "preferences-updated"
    assert "preferences have been saved" in page
    assert saved(app, owner.id) == ("Asia/Karachi", "en_PK")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "Choose a time zone from the list"),
        ({"time_zone": "localtime"}, "Choose a time zone from the list"),
        ({"time_zone": "../../etc/passwd"}, "Choose a time zone from the list"),
        ({"time_zone": ""}, "Choose a time zone."),
        ({"locale": "xx_YY"}, "Choose one of the listed ways"),
        ({"locale": ""}, "Choose how dates and money are written."),
    ],
)
def test_unknown_zones_and_locales_are_refused_and_nothing_is_saved(
    app, post, owner, change, message
):
    response = post("/account/preferences", {**KARACHI, **change}, htmx=True)
    assert response.status_code == 422
    assert message in text(response)
    assert saved(app, owner.id) == ("UTC", "en_GB")


def test_preferences_need_the_csrf_token(app, client, owner):
    response = client.post("/account/preferences", data=KARACHI)
    assert response.status_code == 400
    assert saved(app, owner.id) == ("UTC", "en_GB")


def test_visitors_are_sent_to_log_in(client, post):
    response = post("/account/preferences", KARACHI)
    assert response.status_code == 303 and response.headers["Location"].startswith("/login")


def registration(**extra) -> dict:
    """A valid registration form."""
    return {"username": "zara", "email": "zara@example.com", "password": PASSWORD,
            "confirm": PASSWORD, **extra}


def registered(app) -> User:
    """The account the registration made."""
    with app.app_context():
        return db.session.scalar(db.select(User).where(User.username == "zara"))


def test_registration_keeps_the_zone_the_browser_reported(app, client, post):
    assert 'data-browser-zone=""' in text(client.get("/register"))
    assert post("/register", registration(time_zone="Asia/Kolkata")).status_code == 303
    assert registered(app).time_zone == "Asia/Kolkata"


@pytest.mark.parametrize("zone", ["", "Nowhere/Town", "x" * 500, "UTC\x00"])
def test_registration_with_no_or_a_strange_zone_starts_on_utc(app, post, zone):
    assert post("/register", registration(time_zone=zone)).status_code == 303
    assert registered(app).time_zone == "UTC"


def test_dates_on_the_roadmap_fall_on_the_readers_local_day(app, client, post, make_roadmap, owner):
    # 20:30 UTC on 2 March is already 3 March in Karachi (UTC+5).
    made = make_roadmap(owner, status="done", done_at=datetime(2026, 3, 2, 20, 30))
    assert "done on <time datetime=\"2026-03-02T20:30:00Z\">2 Mar" in text(client.get(made.url))
    post("/account/preferences", KARACHI)
    assert "done on <time datetime=\"2026-03-02T20:30:00Z\">3 Mar" in text(client.get(made.url))
