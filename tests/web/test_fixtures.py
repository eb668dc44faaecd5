"""The shared fixtures do what the other tests rely on."""

from flask_login import current_user

from tests.support.accounts import PASSWORD, is_signed_in


def test_auth_fixture_signs_the_client_in_and_out(app, client, auth, make_user):
    user = make_user(username="ana")
    auth.login(user)
    with client:
        client.get("/")
        assert current_user.is_authenticated and current_user.username == "ana"
    auth.logout()
    with client:
        client.get("/")
        assert not current_user.is_authenticated


def test_csrf_fixture_returns_the_token_of_the_session(client, csrf):
    token = csrf()
    assert len(token) > 20 and token == csrf()


def test_post_fixture_sends_the_token_of_the_session_as_it_changes(app, client, post, ana):
    # Logging in and out start a new session each time, with a new token.
    assert post("/login", {"login": "ana", "password": PASSWORD}).status_code == 303
    assert post("/logout", htmx=True).status_code == 200
    assert post("/login", {"login": "ana", "password": PASSWORD}).status_code == 303
    laptop = app.test_client()
    assert post("/login", {"login": "ana", "password": PASSWORD}, client=laptop).status_code == 303
    assert is_signed_in(client) and is_signed_in(laptop)
