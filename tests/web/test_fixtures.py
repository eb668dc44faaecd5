"""The shared fixtures do what the other tests rely on."""

from flask_login import current_user


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
