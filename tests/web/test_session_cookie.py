"""The session cookie is signed and sent again only when the session changed."""

from tests.support.accounts import PASSWORD, log_in


def test_an_htmx_answer_showing_its_own_message_sends_no_session_cookie(roadmap, post):
    response = post(roadmap.milestone_url(0, "status"), {"status": "done"}, htmx=True)
    assert "is now done." in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_a_message_left_for_the_next_page_is_saved_and_then_cleared(client, roadmap, post):
    response = post(roadmap.milestone_url(0, "status"), {"status": "done"})
    assert response.status_code == 303
    assert "session=" in response.headers["Set-Cookie"]
    shown = client.get(response.location)
    assert "is now done." in shown.get_data(as_text=True)
    assert "session=" in shown.headers["Set-Cookie"]  # the message is gone from it
    again = client.get(response.location)
    assert "is now done." not in again.get_data(as_text=True)
    assert "Set-Cookie" not in again.headers


def test_logging_in_sends_the_new_session(client, ana):
    response = log_in(client, "ana", PASSWORD)
    assert "session=" in response.headers["Set-Cookie"]
