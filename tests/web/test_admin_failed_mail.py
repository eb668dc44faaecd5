"""Mail the worker gave up on is shown to admins on the dashboard, and to nobody else."""

from datetime import timedelta

import pytest

from planner.admin.queries import FAILED_MAIL_SHOWN
from planner.database import utcnow
from planner.extensions import db
from planner.mail import FailedMail
from tests.support.comments import GUIDE_URL


@pytest.fixture
def failed(app):
    """failed(n): store n messages that failed, the last one the newest; returns them."""

    def make(n: int) -> list[dict]:
        start = utcnow() - timedelta(hours=n)
        rows = [{"recipients": f"lost{i}@example.com", "subject": f"Subject {i}",
                 "error": f"SMTP refused message {i}", "failed_at": start + timedelta(hours=i)}
                for i in range(n)]
        with app.app_context():
            db.session.add_all(FailedMail(**row) for row in rows)
            db.session.commit()
        return rows

    return make


def test_the_dashboard_shows_the_count_and_the_latest_failures(client, admin, failed):
    rows = failed(FAILED_MAIL_SHOWN + 2)
    html = client.get("/admin").get_data(as_text=True)
    assert f'<strong id="failed-mail-count">{len(rows)}</strong> messages' in html
    newest_first = rows[::-1]
    shown, hidden = newest_first[:FAILED_MAIL_SHOWN], newest_first[FAILED_MAIL_SHOWN:]
    positions = [html.index(row["recipients"]) for row in shown]
    assert positions == sorted(positions)
    for row in shown:
        assert row["subject"] in html and row["error"] in html
    assert all(row["recipients"] not in html for row in hidden)


def test_the_dashboard_says_when_no_mail_failed(client, admin):
    html = client.get("/admin").get_data(as_text=True)
    assert 'id="failed-mail"' in html
    assert "None: every message was delivered" in html


def test_mail_waiting_for_the_queue_is_not_counted_as_given_up(app, client, admin, failed):
    failed(1)
    with app.app_context():
        db.session.add(FailedMail(recipients="later@example.com", subject="Queued later",
                                  error="queue down", unsent=b"raw message"))
        db.session.commit()
    html = client.get("/admin").get_data(as_text=True)
    assert '<strong id="failed-mail-count">1</strong> message gave up' in html
    assert "later@example.com" not in html
    assert "1 more message could not reach the mail queue" in html


def test_the_dashboard_partial_carries_the_failures(client, admin, hx, failed):
    [row] = failed(1)
    response = client.get("/admin", headers=hx)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="admin-overview"')
    assert row["recipients"] in html and "<html" not in html


def test_failed_mail_is_for_admins_only(client, make_user, auth, failed):
    [row] = failed(1)
    assert row["recipients"] not in client.get(GUIDE_URL).get_data(as_text=True)
    auth.login(make_user())
    assert client.get("/admin").status_code == 403
    assert row["recipients"] not in client.get(GUIDE_URL).get_data(as_text=True)


def test_the_dashboard_runs_the_same_queries_whatever_the_failures(
    client, admin, failed, count_queries
):
    failed(1)
    with count_queries() as few:
        client.get("/admin")
    failed(FAILED_MAIL_SHOWN * 3)
    with count_queries() as many:
        client.get("/admin")
    assert len(many) == len(few)
