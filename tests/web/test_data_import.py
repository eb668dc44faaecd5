"""Importing an export into the signed-in account: page, htmx partial, no-JS post, CSRF,
idempotency, all or nothing, and the round trip into a second account."""

import html
import re
from datetime import date

from planner import idempotency
from planner.earnings.models import Earning
from planner.extensions import db
from planner.roadmaps import rules
from tests.support.accounts import Auth
from tests.support.portability import (
    document,
    milestone,
    roadmap,
    seed_data,
    upload,
    upload_from,
    without_ids,
)
from tests.support.roadmaps import text

SETTINGS = "/account"


def error_of(response) -> str:
    """The message beside the file field."""
    match = re.search(r'<small id="import-file-error"[^>]*>([^<]*)</small>', text(response))
    assert match, text(response)[:3000]
    return html.unescape(match.group(1))


def export_of(client) -> dict:
    """client's own export."""
    response = client.get("/account/export.json")
    assert response.status_code == 200
    return response.get_json()


# --- the form on the account page -----------------------------------------------------


def test_the_account_page_offers_downloads_and_the_import_form(client, owner):
    page = text(client.get(SETTINGS))
    assert 'href="/account/export.json" download hx-boost="false"' in page
    assert 'href="/account/milestones.csv" download hx-boost="false"' in page
    assert re.search(r'<form id="import-form" method="post" action="/account/import" '
                     r'enctype="multipart/form-data" hx-post="/account/import" '
                     r'hx-encoding="multipart/form-data"', page)
    assert re.search(r'<input accept="\.json,application/json"[^>]* name="file"[^>]*'
                     r'type="file">', page)
    assert re.search(r'name="idempotency_key" type="hidden" value="[\w-]{16,}"', page)
    assert "up to 1 MB" in page


# --- a good file ----------------------------------------------------------------------


GOOD = document(roadmap(milestone(title="Learn Figma", status="doing",
                                  target_date="2030-06-30"),
                        milestone(title="Register", track="micro-jobs", step_key="register",
                                  status="done", done_at="2026-01-02T10:00:00Z")))


def test_an_import_without_javascript_posts_then_redirects(client, owner, app, post):
    response = upload(post, GOOD)
    assert response.status_code == 303 and response.headers["Location"] == "/roadmap"
    page = text(client.get("/roadmap", follow_redirects=True))
    assert "Imported 1 roadmap with 2 milestones." in page
    assert "Learn Figma" in page and "Imported plan" in page
    imported = export_of(client)["roadmaps"][0]
    done = imported["milestones"][0]  # page order: the micro-jobs track comes first
    assert done["step_key"] == "register" and done["done_at"] == "2026-01-02T10:00:00Z"
    assert imported["milestones"][1]["target_date"] == "2030-06-30"


def test_an_import_with_htmx_answers_with_a_full_redirect(client, owner, post):
    response = upload(post, GOOD, htmx=True)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/roadmap"
    assert len(export_of(client)["roadmaps"]) == 1


def test_imported_roadmaps_join_the_ones_the_account_has(client, owner, make_roadmap, post):
    make_roadmap(owner, name="Mine")
    assert upload(post, GOOD).status_code == 303
    assert [r["name"] for r in export_of(client)["roadmaps"]] == ["Mine", "Imported plan"]


def test_an_empty_export_imports_nothing_and_says_so(client, owner, post):
    response = upload(post, export_of(client))
    assert response.status_code == 303 and response.headers["Location"] == "/account#your-data"
    assert "The file held no roadmaps or earnings to import." in text(client.get(SETTINGS))


def test_a_repeat_of_the_same_form_imports_once(client, owner, post):
    key = idempotency.new_key()
    assert upload(post, GOOD, key=key).status_code == 303
    again = upload(post, GOOD, key=key)
    assert again.status_code == 303 and again.headers["Location"] == "/account#your-data"
    assert "imported already; nothing was added twice" in text(client.get(SETTINGS))
    assert len(export_of(client)["roadmaps"]) == 1
    assert upload(post, GOOD).status_code == 303  # a new form is a new import
    assert len(export_of(client)["roadmaps"]) == 2


def test_a_repeat_whose_twin_committed_first_imports_once(client, owner, post, monkeypatch):
    key = idempotency.new_key()
    assert upload(post, GOOD, key=key).status_code == 303
    # The twin arrives before the first one's key could be seen, then collides on it.
    monkeypatch.setattr("planner.portability.importing.already_imported", lambda *a: False)
    response = upload(post, GOOD, key=key)
    assert response.status_code == 303 and response.headers["Location"] == "/account#your-data"
    assert len(export_of(client)["roadmaps"]) == 1


# --- refusals -------------------------------------------------------------------------


def test_a_bad_file_without_javascript_shows_the_page_with_the_message(client, owner, post):
    bad = document(roadmap(milestone(), milestone(status="finished")))
    response = upload(post, bad)
    assert response.status_code == 422 and "<html" in text(response)
    assert error_of(response) == (
        "Nothing was imported. roadmaps[0].milestones[1].status: must be one of "
        "todo, doing, done, skipped, not “finished”")
    assert export_of(client)["roadmaps"] == []


def test_a_bad_file_with_htmx_swaps_the_form_alone(client, owner, post):
    response = upload(post, "{\n  \"format\": \"learning-path-planner\",\n  oops\n}", htmx=True)
    page = text(response)
    assert response.status_code == 422 and "<html" not in page
    assert page.lstrip().startswith('<form id="import-form"')
    assert 'aria-invalid="true"' in page and "autofocus" in page
    assert error_of(response) == ("Nothing was imported. The file is not valid JSON: "
                                  "Expecting property name enclosed in double quotes at "
                                  "line 3, column 3.")
    assert "HX-Request" in response.headers["Vary"]


def test_a_form_without_a_file_is_refused(client, owner, post):
    response = post("/account/import", {"idempotency_key": idempotency.new_key()}, htmx=True)
    assert response.status_code == 422
    assert error_of(response) == "Choose the .json file you exported."


def test_nothing_is_half_imported(app, client, owner, post):
    # The first roadmap is fine, the second breaks on its last milestone.
    bad = document(roadmap(milestone()),
                   roadmap(milestone(), milestone(title="x" * (rules.TITLE_MAX + 1))))
    response = upload(post, bad)
    assert response.status_code == 422
    assert error_of(response).startswith(
        "Nothing was imported. roadmaps[1].milestones[1].title: is 201 characters long")
    assert export_of(client)["roadmaps"] == []


def test_the_import_needs_the_csrf_token(client, owner):
    response = client.post("/account/import", data={"idempotency_key": idempotency.new_key()})
    assert response.status_code == 400
    assert export_of(client)["roadmaps"] == []


def test_the_import_needs_a_signed_in_user(client, post):
    response = upload(post, GOOD)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login")


def test_imports_are_limited_per_account(app, client, owner, make_user, post):
    """One upload can add 10,000 milestones in one write transaction: a few an hour will do."""
    app.config["IMPORT_LIMIT"] = "2 per hour"
    assert [upload(post, GOOD).status_code for _ in range(2)] == [303, 303]
    refused = upload(post, GOOD, htmx=True)
    assert refused.status_code == 429
    assert "Too many attempts. Please wait" in text(refused)
    assert len(export_of(client)["roadmaps"]) == 2
    Auth(client).login(make_user(username="other"))  # each account counts its own
    assert upload(post, GOOD).status_code == 303


def test_an_upload_past_the_size_limit_says_the_limit(app, client, owner, post):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    response = upload(post, document(roadmap(milestone(notes="n" * 5000))), htmx=True)
    assert response.status_code == 413
    assert text(response).lstrip().startswith('<form id="import-form"')
    assert error_of(response) == ("Nothing was imported: the file is larger than 4 KB, "
                                  "the most one upload may be.")
    page = upload(post, document(roadmap(milestone(notes="n" * 5000))))
    assert page.status_code == 413 and "<html" in text(page) and "larger than 4 KB" in text(page)
    assert export_of(client)["roadmaps"] == []


def test_a_visitors_upload_past_the_size_limit_gets_the_plain_error(app, client, post):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    response = upload(post, document(roadmap(milestone(notes="n" * 5000))))
    assert response.status_code == 413 and 'id="import-form"' not in text(response)


# --- the round trip -------------------------------------------------------------------


def test_export_import_export_gives_the_same_roadmaps(app, client, owner, make_user):
    seed_data(app, owner, 3)
    first = export_of(client)
    second_client = app.test_client()
    Auth(second_client).login(make_user(username="second"))
    raw = client.get("/account/export.json").get_data()
    response = upload_from(second_client, raw)
    assert response.status_code == 303, text(response)
    again = export_of(second_client)
    assert without_ids(again["roadmaps"]) == without_ids(first["roadmaps"])
    assert again["earnings"]["entries"] == first["earnings"]["entries"]
    assert again["earnings"]["cash_outs"] == first["earnings"]["cash_outs"]
    assert again["earnings"]["fund_spending"] == first["earnings"]["fund_spending"]
    assert again["earnings"]["settings"] == first["earnings"]["settings"]
    assert again["comments"] == []  # comments stay in their threads


# --- earnings -------------------------------------------------------------------------


EARNINGS = {
    "settings": {"currency": "PKR", "fund_percent": 25, "goal_label": "Course",
                 "goal_amount": 500_000, "goal_currency": "PKR"},
    "entries": [{"day": "2026-02-01", "platform": "Toloka", "kind": "image-sorting",
                 "amount": 90_000, "currency": "PKR", "minutes": 120}],
    "cash_outs": [{"day": "2026-02-03", "platform": "Toloka", "destination": "bank",
                   "amount": 80_000, "currency": "PKR", "fund_share": 20_000}],
    "fund_spending": [{"day": "2026-02-04", "label": "A book", "amount": 5_000,
                       "currency": "PKR"}],
}


def test_earnings_are_recreated_in_an_account_without_any(client, owner, post):
    response = upload(post, document(earnings=EARNINGS))
    assert response.status_code == 303 and response.headers["Location"] == "/account#your-data"
    assert ("Imported 1 earnings entry, 1 cash-out, 1 fund spending."
            in text(client.get(SETTINGS)))
    earnings = export_of(client)["earnings"]
    assert earnings["settings"]["fund_percent"] == 25
    assert earnings["entries"][0]["minutes"] == 120
    assert earnings["cash_outs"][0]["fund_share"] == 20_000


def test_earnings_are_left_out_of_an_account_keeping_a_log(app, client, owner, post):
    with app.app_context():
        db.session.add(Earning(user_id=owner.id, day=date(2026, 1, 1), platform="Mine",
                               kind="other", amount=1, currency="USD"))
        db.session.commit()
    response = upload(post, document(roadmap(milestone()), earnings=EARNINGS))
    assert response.status_code == 303
    page = html.unescape(text(client.get("/roadmap", follow_redirects=True)))
    assert ("Imported 1 roadmap with 1 milestone; earnings left out: this account already "
            "keeps an earnings log, and joining two logs would count the same money twice."
            in page)
    earnings = export_of(client)["earnings"]
    assert [e["platform"] for e in earnings["entries"]] == ["Mine"]
    assert earnings["cash_outs"] == [] and earnings["settings"]["fund_percent"] == 20


def test_a_fund_that_would_go_below_zero_is_refused(client, owner, post):
    overspent = {**EARNINGS, "fund_spending": [
        {"day": "2026-02-04", "label": "A course", "amount": 20_001, "currency": "PKR"}]}
    response = upload(post, document(earnings=overspent))
    assert response.status_code == 422
    assert error_of(response) == ("Nothing was imported. earnings.fund_spending: spends more "
                                  "PKR than the cash-outs put in the learning fund")
    assert export_of(client)["earnings"]["entries"] == []
