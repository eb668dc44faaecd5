"""Downloading one's data: everything as JSON, the milestones as CSV; private, constant cost."""

import csv
import io

import pytest

from planner.extensions import db
from planner.portability.sections import EXPORTERS, FORMAT_VERSION
from planner.roadmaps.models import Milestone
from planner.sharing import tokens
from planner.sharing.models import CalendarFeed, ShareLink
from tests.support.comments import GUIDE, SECTION
from tests.support.portability import EVIDENCE, SECRET_NOTE, seed_data
from tests.support.roadmaps import text

JSON_URL = "/account/export.json"
CSV_URL = "/account/milestones.csv"


def queries(statements: list[str]) -> list[str]:
    """The statements that read or write data (not SQLite's BEGIN)."""
    return [s for s in statements if not s.lstrip().upper().startswith("BEGIN")]


@pytest.fixture
def exported(client, owner, app, make_comment):
    """The owner's export after seeding two roadmaps' worth of data, and others' comments."""
    seed_data(app, owner, 2)
    make_comment(author_email="someone.else@example.com", body="A stranger's comment.")
    response = client.get(JSON_URL)
    assert response.status_code == 200, text(response)
    return response


# --- the JSON file ------------------------------------------------------------------------


def test_the_export_is_a_download_no_cache_keeps(exported, owner):
    headers = exported.headers
    assert headers["Content-Type"] == "application/json"
    assert headers["Cache-Control"] == "no-store"
    assert headers["Content-Disposition"].startswith(
        f'attachment; filename="planner-{owner.username}-')
    assert headers["Content-Disposition"].endswith('.json"')


def test_the_export_carries_its_format_and_every_section(exported):
    data = exported.get_json()
    assert data["format"] == "learning-path-planner" and data["version"] == FORMAT_VERSION
    assert data["exported_at"].endswith("Z")
    assert set(data) == {"format", "version", "exported_at", "account", "roadmaps", "history",
                         "path_finder", "comments", "earnings", "sharing"}
    assert len(EXPORTERS) == 7


def test_the_account_section_never_holds_the_password_or_session(exported, owner):
    account = exported.get_json()["account"]
    assert account == {
        "username": owner.username, "display_name": owner.display_name,
        "email": owner.email, "created_at": account["created_at"],
        "email_verified": False, "email_verified_at": None,
        "time_zone": "UTC", "locale": "en_GB",
        "reminders": {"weekly": False, "day_before": False},
    }
    body = text(exported)
    assert owner.session_token not in body and "argon2" not in body
    assert "password" not in body and "session" not in body


def test_roadmaps_come_with_every_field_of_their_milestones(exported):
    roadmaps = exported.get_json()["roadmaps"]
    assert [r["name"] for r in roadmaps] == ["Plan 0", "Plan 1"]
    assert roadmaps[0]["template"] == "recommended" and roadmaps[0]["created_at"]
    milestones = roadmaps[0]["milestones"]
    assert len(milestones) == 10  # the nine guide steps, then one's own
    first, second, third = milestones[:3]
    assert first["status"] == "done" and first["done_at"].endswith("Z")
    assert first["notes"] == SECRET_NOTE and first["evidence_url"] == EVIDENCE
    assert first["step_key"] == "register" and first["track"] == "micro-jobs"
    assert second["status"] == "doing" and second["target_date"] == "2026-01-01"
    assert third["status"] == "skipped" and third["skipped_at"]
    assert milestones[-1]["track"] == "custom" and milestones[-1]["step_key"] is None
    assert milestones[-1]["notes"] == "line one\nline two"
    assert set(first) == {"id", "track", "step_key", "title", "status", "notes",
                          "target_date", "evidence_url", "status_changed_at", "done_at",
                          "skipped_at", "created_at", "minutes_spent"}


def test_comments_are_the_users_own_without_any_address(exported, owner):
    comments = exported.get_json()["comments"]
    assert [c["text"] for c in comments] == [
        "approved comment 0", "pending comment 0", "spam comment 0",
        "approved comment 1", "pending comment 1", "spam comment 1"]
    assert comments[0]["guide"] == GUIDE and comments[0]["section"] == SECTION
    assert comments[0]["status"] == "approved" and comments[0]["created_at"]
    body = text(exported)
    assert "A stranger" not in body and "someone.else@example.com" not in body
    assert "10.0.0.9" not in body
    assert body.count(owner.email) == 1  # in the account section alone


def test_earnings_and_path_finder_answers_are_included(exported):
    data = exported.get_json()
    earnings = data["earnings"]
    assert earnings["settings"] == {"currency": "PKR", "fund_percent": 20,
                                    "goal_label": "Design course", "goal_amount": 1_500_000,
                                    "goal_currency": "PKR"}
    assert len(earnings["entries"]) == 4 and len(earnings["cash_outs"]) == 2
    assert earnings["entries"][0] == {"day": "2026-01-01", "platform": "Clickworker",
                                      "kind": "data-entry", "amount": 1500, "currency": "PKR",
                                      "minutes": 45,
                                      "created_at": earnings["entries"][0]["created_at"]}
    assert earnings["cash_outs"][0]["fund_share"] == 200
    assert earnings["fund_spending"][0]["label"] == "Design book"
    assert earnings["milestone_moves"] == []
    assert data["path_finder"]["answers"] == {"skill": "writing", "money": "this-week"}


def test_an_export_holds_nothing_of_another_user(client, owner, app, make_user):
    other = make_user(username="other", email="other@example.com")
    seed_data(app, other, 1)
    data = client.get(JSON_URL).get_json()
    assert data["roadmaps"] == [] and data["comments"] == []
    assert data["earnings"]["entries"] == [] and data["earnings"]["settings"] is None
    assert data["path_finder"] == {"answers": None, "answered_at": None, "roadmaps": []}
    assert "other@example.com" not in text(client.get(JSON_URL))


@pytest.mark.parametrize("url", [JSON_URL, CSV_URL])
def test_downloads_need_a_signed_in_user(client, url):
    response = client.get(url)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/login?next={url}"


@pytest.mark.parametrize("url", [JSON_URL, CSV_URL])
def test_downloads_send_htmx_visitors_to_log_in_by_full_redirect(client, hx, url):
    response = client.get(url, headers=hx)
    assert response.status_code == 200 and response.headers["HX-Redirect"].startswith("/login")


@pytest.mark.parametrize("url", [JSON_URL, CSV_URL])
def test_downloads_cost_the_same_queries_for_few_and_many_rows(client, owner, app,
                                                               count_queries, url):
    def measure() -> list[str]:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return queries(statements)

    seed_data(app, owner, 1)
    few = measure()
    seed_data(app, owner, 30)  # 310 more milestones, 90 comments, 120 earnings rows
    many = measure()
    assert len(few) == len(many), many
    assert len(many) <= (15 if url == JSON_URL else 4)


def test_each_section_costs_the_same_queries_for_few_and_many_rows(app, owner, count_queries):
    def measure() -> dict[str, int]:
        costs = {}
        for export_section in EXPORTERS:
            with app.app_context(), count_queries() as statements:
                name, _ = export_section(owner.id)
            costs[name] = len(queries(statements))
        return costs

    seed_data(app, owner, 1)
    few = measure()
    seed_data(app, owner, 30)
    assert measure() == few == {"account": 1, "roadmaps": 2, "history": 1, "path_finder": 2,
                                "comments": 1, "earnings": 5, "sharing": 2}


# --- the CSV file -------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    """The rows of a CSV answer, its byte-order mark dropped."""
    body = response.get_data().decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_milestones_as_csv_one_row_each_with_the_roadmap(client, owner, app):
    seed_data(app, owner, 2)
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].endswith('.csv"')
    header, *rows = read_csv(response)
    assert header == ["Roadmap", "Track", "Title", "Status", "Target date", "Done on",
                      "Notes", "Evidence link"]
    assert len(rows) == 20 and {r[0] for r in rows} == {"Plan 0", "Plan 1"}
    first = rows[0]
    assert first[:4] == ["Plan 0", "Micro jobs", "Sign up on micro-job platforms", "Done"]
    assert first[6:] == [SECRET_NOTE, EVIDENCE] and first[5]
    assert rows[1][3:5] == ["In progress", "2026-01-01"]
    assert rows[9][1:3] == ["My own milestones", "Own milestone 0"]
    assert rows[9][6] == "line one\nline two"


@pytest.mark.parametrize("title", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
                                   "\tcmd", "\r=1", "\uff1d1+1"])
def test_no_csv_cell_can_run_as_a_formula(client, owner, make_roadmap, app, title):
    made = make_roadmap(owner, name="=cmd|' /C calc'!A0", template="empty", custom=1)
    with app.app_context():
        row = db.session.get(Milestone, made.milestone_ids[0])
        row.title, row.notes, row.evidence_url = title, "-note", None
        db.session.commit()
    _, row = read_csv(client.get(CSV_URL))
    assert row[0] == "'=cmd|' /C calc'!A0"
    assert row[2] == "'" + title
    assert row[6] == "'-note"


def test_sharing_says_what_is_shared_but_never_the_keys(client, owner, make_roadmap, app):
    made = make_roadmap(owner)
    share, feed = tokens.new_token(), tokens.new_token()
    with app.app_context():
        db.session.add(ShareLink(roadmap_id=made.id, token=share, token_digest=tokens.digest(share),
                                 show_notes=True))
        db.session.add(CalendarFeed(user_id=owner.id, token=feed, token_digest=tokens.digest(feed)))
        db.session.commit()
    response = client.get(JSON_URL)
    sharing = response.get_json()["sharing"]
    assert sharing["calendar_feed"] is True
    assert sharing["share_links"] == [{
        "roadmap_id": made.id, "shows_notes": True, "shows_evidence": False,
        "shows_earnings": False, "created_at": sharing["share_links"][0]["created_at"]}]
    body = text(response)
    assert share not in body and feed not in body and tokens.digest(share) not in body
