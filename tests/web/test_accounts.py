"""Register, log in, log out: pages, partials, redirects, sessions and cookies."""

import html
import re

import pytest
from argon2 import PasswordHasher

import config
from planner import create_app
from planner.accounts import passwords
from planner.accounts.forms import USERNAME_MESSAGE
from planner.accounts.models import User, new_session_token
from planner.extensions import db
from tests.support.accounts import (
    PASSWORD,
    count_users,
    fetch_user,
    is_signed_in,
    log_in,
    strip_varying,
)

pytestmark = pytest.mark.usefixtures("outbox")

OPEN_REDIRECTS = [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "javascript:alert(1)",
    "\t//evil.example",
    "http:evil.example",
    "/ /evil.example",
]
LOCAL_TARGET = "/guides/micro-jobs#cash-out"


def registration(**overrides) -> dict:
    """A valid registration form, changed by overrides."""
    data = {"username": "Ana", "email": "Ana@Example.COM", "password": PASSWORD,
            "confirm": PASSWORD}
    return {**data, **overrides}


def error_text(page: str, field: str) -> str:
    """The message shown next to field, or "" when there is none."""
    match = re.search(rf'<small id="{field}-error" class="field-error">([^<]*)</small>', page)
    return html.unescape(match.group(1)) if match else ""


def set_cookies(response) -> dict[str, str]:
    """The Set-Cookie headers of response, by cookie name."""
    found = {}
    for header in response.headers.getlist("Set-Cookie"):
        found[header.split("=", 1)[0]] = header
    return found


# --- register -------------------------------------------------------------------------


def test_register_page(client):
    response = client.get("/register")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert '<form id="register-form" method="post" action="/register"' in page
    for name in ("username", "email", "password", "confirm", "csrf_token"):
        assert f'name="{name}"' in page
    assert 'autocomplete="new-password"' in page


def test_register_form_as_htmx_partial(client, hx):
    response = client.get("/register", headers=hx)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<form id="register-form"') and "<html" not in page
    assert "HX-Request" in response.headers["Vary"]


def test_register_signs_in_and_redirects_without_javascript(app, client, post):
    response = post("/register", registration())
    assert response.status_code == 303 and response.headers["Location"] == "/"
    home = client.get("/").get_data(as_text=True)
    assert "Welcome, Ana!" in home
    assert 'id="account-link"' in home and ">Ana<" in home and "Log out" in home
    assert ">Register<" not in home
    assert count_users(app) == 1
    user = fetch_user(app, _only_user_id(app))
    assert (user.username, user.username_key, user.email) == ("Ana", "ana", "ana@example.com")
    assert user.password_hash.startswith("$argon2id$")


def _only_user_id(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(User.id))


def test_register_with_htmx_sends_the_browser_on(client, hx, post):
    response = post("/register", registration(), htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/"
    assert is_signed_in(client)


def test_register_follows_a_local_next(client, post):
    response = post(
        f"/register?next={LOCAL_TARGET.replace('#', '%23')}", registration(next=LOCAL_TARGET)
    )
    assert response.headers["Location"] == LOCAL_TARGET


def test_register_when_signed_in_goes_home(client, auth, ana):
    auth.login(ana)
    response = client.get("/register")
    assert response.status_code == 303 and response.headers["Location"] == "/"


REGISTER_ERRORS = [
    ("username", "", "Choose a username."),
    ("username", "ab", USERNAME_MESSAGE),
    ("username", "a" * 33, USERNAME_MESSAGE),
    ("username", "ana maria", USERNAME_MESSAGE),
    ("username", "ana@home", USERNAME_MESSAGE),
    ("username", "ánä", USERNAME_MESSAGE),
    ("username", "ann\x00e", USERNAME_MESSAGE),
    ("username", "ANA", "That username is taken. Choose another."),
    ("email", "", "Enter your email address."),
    ("email", "not-an-email", "Enter a valid email address, like name@example.com."),
    ("email", "someone@", "Enter a valid email address, like name@example.com."),
    ("email", "a" * 250 + "@example.com", "Use at most 254 characters."),
    ("email", "some\x00one@example.com", "Enter a valid email address, like name@example.com."),
    ("email", " ANA@example.com ", "An account with that email address already exists."),
    ("password", "", "Choose a password."),
    ("password", "k7#mQ2z", "Use at least 8 characters (15 or more is better)."),
    ("password", "k" * 129, "Use at most 128 characters."),
    ("password", "password1", "This is one of the most common passwords, so it is easy to "
                              "guess. Choose another."),
    ("password", "Ana-Maria_1", "Your password must not be your username or email address."),
    ("confirm", "", "Repeat the password."),
    ("confirm", PASSWORD + "x", "The two passwords do not match."),
]


@pytest.mark.parametrize(("field", "value", "message"), REGISTER_ERRORS)
@pytest.mark.parametrize("kind", ["page", "htmx"])
def test_register_refuses_bad_input_saving_nothing(
    app, client, ana, field, value, message, kind, post
):
    data = registration(username="Ana-Maria_1", email="maria@example.com")
    data[field] = value
    if field == "password":
        data["confirm"] = value
    headers = {"HX-Request": "true"} if kind == "htmx" else {}
    response = post("/register", data, headers=headers)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in error_text(page, field)
    assert f'id="{field}" ' in page and 'aria-invalid="true"' in page
    assert ("<html" in page) == (kind == "page")
    if kind == "htmx":
        assert page.lstrip().startswith('<form id="register-form"')
    assert count_users(app) == 1


def test_usernames_are_unique_whatever_the_case(app, client, post):
    assert post("/register", registration()).status_code == 303
    other = app.test_client()
    response = post("/register", registration(username="aNA", email="b@example.com"), client=other)
    assert response.status_code == 422
    assert error_text(response.get_data(as_text=True), "username").startswith("That username")
    assert count_users(app) == 1


@pytest.mark.parametrize(
    "password", ["🦊🦊🌙🌙🔥🔥🍀🍀", "山川草木鳥獣虫魚", "e\u0301e\u0301a\u0308o\u0302u\u0308"]
)
def test_any_unicode_password_registers_and_logs_in(app, client, password, post):
    response = post("/register", registration(password=password, confirm=password))
    assert response.status_code == 303
    fresh = app.test_client()
    assert log_in(fresh, "ana", password).status_code == 303
    assert log_in(app.test_client(), "ana", password[:-1]).status_code == 422


# --- log in ---------------------------------------------------------------------------


def test_login_page(client):
    response = client.get("/login")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert '<form id="login-form" method="post" action="/login"' in page
    assert 'name="login"' in page and 'name="password"' in page and 'name="remember"' in page
    assert 'href="/reset-password"' in page


def test_login_form_as_htmx_partial(client, hx):
    response = client.get("/login", headers=hx)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<form id="login-form"') and "<html" not in page


@pytest.mark.parametrize("login", ["ana", "ANA", "Ana", "ana@example.com", "Ana@Example.COM",
                                   "  ana  "])
def test_login_with_username_or_email_in_any_case(client, ana, login):
    response = log_in(client, login)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert is_signed_in(client)


def test_login_with_htmx_sends_the_browser_on(client, hx, ana):
    response = log_in(client, "ana", headers=hx)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/"
    assert is_signed_in(client)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"login": ""}, "login", "Enter your username or email address."),
        ({"password": ""}, "password", "Enter your password."),
        ({"login": "an\x00a"}, "login", "Remove the invisible control characters."),
        ({"login": "x" * 255}, "login", "Use at most 254 characters."),
    ],
)
def test_login_refuses_bad_input_with_field_messages(client, hx, ana, data, field, message, post):
    form = {"login": "ana", "password": PASSWORD, **data}
    response = post("/login", form, htmx=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.lstrip().startswith('<form id="login-form"')
    assert error_text(page, field) == message
    assert not is_signed_in(client)


def test_remember_me_sets_a_long_lived_httponly_lax_cookie(client, ana):
    cookies = set_cookies(log_in(client, "ana", remember=True))
    remember = cookies["remember_token"]
    assert "HttpOnly" in remember and "SameSite=Lax" in remember and "Expires=" in remember
    assert "HttpOnly" in cookies["session"] and "SameSite=Lax" in cookies["session"]


def test_no_remember_cookie_without_remember_me(client, ana):
    cookies = set_cookies(log_in(client, "ana"))
    assert "session" in cookies and "remember_token" not in cookies


@pytest.fixture
def verify_calls(monkeypatch):
    """Record every argon2 verification (PasswordHasher has slots: spy on the class)."""
    calls = []
    real_verify = type(passwords.hasher).verify

    def spy(self, stored, password):
        calls.append(stored)
        return real_verify(self, stored, password)

    monkeypatch.setattr(type(passwords.hasher), "verify", spy)
    return calls


def test_unknown_user_and_wrong_password_get_identical_answers(app, ana, verify_calls):
    wrong_password = log_in(app.test_client(), "ana", "not the password at all")
    assert len(verify_calls) == 1
    with app.app_context():  # the same login now names nobody
        db.session.execute(db.delete(User))
        db.session.commit()
    unknown_user = log_in(app.test_client(), "ana", "not the password at all")
    assert len(verify_calls) == 2
    assert wrong_password.status_code == unknown_user.status_code == 422
    assert sorted(wrong_password.headers.keys()) == sorted(unknown_user.headers.keys())
    first = strip_varying(wrong_password.get_data(as_text=True))
    assert first == strip_varying(unknown_user.get_data(as_text=True))
    assert "do not match an account" in first


def test_session_is_cleared_on_login(client, ana):
    with client.session_transaction() as before:
        before["planted"] = "from before the login"
    old_cookie = client.get_cookie("session").value
    log_in(client, "ana")
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after["_user_id"] == ana.session_token
    assert client.get_cookie("session").value != old_cookie


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_login_never_redirects_off_site(client, ana, target, post):
    form = {"login": "ana", "password": PASSWORD, "next": target}
    response = post("/login", form, query_string={"next": target})
    assert response.status_code == 303 and response.headers["Location"] == "/"


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_signed_in_visit_to_login_never_redirects_off_site(client, ana, target):
    log_in(client, "ana")  # a real, fresh log-in: only a fresh session skips the form
    response = client.get("/login", query_string={"next": target})
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_login_follows_a_local_next_with_its_fragment(client, ana, post):
    page = client.get("/login", query_string={"next": LOCAL_TARGET}).get_data(as_text=True)
    assert f'name="next" type="hidden" value="{LOCAL_TARGET}"' in page
    response = post("/login", {"login": "ana", "password": PASSWORD,
                                            "next": LOCAL_TARGET})
    assert response.headers["Location"] == LOCAL_TARGET


def test_weak_hash_is_upgraded_at_the_next_login(app, client, account):
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    user = account(username="old", password_hash=weak)
    assert log_in(client, "old").status_code == 303
    upgraded = fetch_user(app, user.id).password_hash
    assert upgraded != weak and upgraded.startswith("$argon2id$")
    assert not passwords.needs_rehash(upgraded)
    assert log_in(app.test_client(), "old").status_code == 303


# --- log out and cookie replay ---------------------------------------------------------


def test_logout_is_post_only(client, auth, ana):
    auth.login(ana)
    response = client.get("/logout")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]
    assert is_signed_in(client)


def test_logout_without_csrf_token_is_refused(client, auth, ana):
    auth.login(ana)
    response = client.post("/logout")
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True)
    assert is_signed_in(client)


def test_logout_without_javascript(client, ana, post):
    log_in(client, "ana", remember=True)
    response = post("/logout")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    cleared = set_cookies(response)["remember_token"]
    assert "Expires=Thu, 01 Jan 1970" in cleared
    home = client.get("/").get_data(as_text=True)
    assert "You have been logged out." in home and ">Log in<" in home
    assert not is_signed_in(client)


def test_logout_with_htmx(client, hx, auth, ana, post):
    auth.login(ana)
    response = post("/logout", htmx=True)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/"
    assert not is_signed_in(client)


def test_logout_when_not_signed_in_asks_to_log_in(client, post):
    response = post("/logout")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login")


def captured_cookies(client) -> dict[str, str]:
    """The session and remember-me cookie values a thief could copy."""
    return {name: client.get_cookie(name).value for name in ("session", "remember_token")}


def replay(app, name: str, value: str) -> bool:
    """Whether a fresh browser given only this one cookie is signed in."""
    thief = app.test_client()
    thief.set_cookie(name, value)
    return is_signed_in(thief)


def test_cookies_replayed_after_logout_are_anonymous(app, client, ana, post):
    log_in(client, "ana", remember=True)
    stolen = captured_cookies(client)
    assert replay(app, "session", stolen["session"])  # the replay itself works
    assert replay(app, "remember_token", stolen["remember_token"])
    post("/logout")
    assert not replay(app, "session", stolen["session"])
    assert not replay(app, "remember_token", stolen["remember_token"])


def test_cookies_replayed_after_a_password_change_elsewhere_are_anonymous(app, ana, post):
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop, "ana", remember=True)
    stolen = captured_cookies(laptop)
    log_in(phone, "ana")
    response = post("/account/password", {
        "current_password": PASSWORD, "password": "a brand new passphrase",
        "confirm": "a brand new passphrase"}, client=phone)
    assert response.status_code == 303
    assert not replay(app, "session", stolen["session"])
    assert not replay(app, "remember_token", stolen["remember_token"])
    assert not is_signed_in(laptop)
    assert is_signed_in(phone)


# --- cookies in production --------------------------------------------------------------


def test_cookies_are_secure_httponly_and_lax_in_production(app, database_url, ana, post):
    names = [f"{kind}_COOKIE_{setting}" for kind in ("SESSION", "REMEMBER")
             for setting in ("NAME", "SECURE", "HTTPONLY", "SAMESITE")] + ["HSTS", "ENV_NAME"]
    production = create_app({"SQLALCHEMY_DATABASE_URI": database_url,
                              **{name: getattr(config.Config, name) for name in names}})
    client = production.test_client()
    https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/login"}}
    form = {"login": "ana", "password": PASSWORD, "remember": "y"}
    response = post("/login", form, client=client, **https)
    assert response.status_code == 303
    cookies = set_cookies(response)
    assert set(cookies) == {"__Host-session", "__Host-remember"}
    for header in cookies.values():
        assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header
        assert "Path=/" in header and "Domain=" not in header  # what __Host- demands
    assert is_signed_in_over_https(client, https)
    logout = post("/logout", client=client, **https)
    assert "Expires=Thu, 01 Jan 1970" in set_cookies(logout)["__Host-remember"]
    with production.app_context():
        db.engine.dispose()


def is_signed_in_over_https(client, https) -> bool:
    """Whether the client's secure cookies open the settings page."""
    return client.get("/account", **https).status_code == 200


def test_only_development_settings_allow_plain_http_cookies():
    assert config.Config.SESSION_COOKIE_SECURE and config.Config.REMEMBER_COOKIE_SECURE
    assert config.Config.SESSION_COOKIE_NAME.startswith("__Host-")
    assert config.Config.REMEMBER_COOKIE_NAME.startswith("__Host-")
    assert not config.DevelopmentConfig.SESSION_COOKIE_SECURE


# --- navigation, query counts, body size ------------------------------------------------


def test_navigation_for_visitors(client):
    page = client.get("/guides/").get_data(as_text=True)
    assert 'href="/login"' in page and 'href="/register"' in page
    assert "Log out" not in page and ">Admin<" not in page


def test_navigation_for_users(client, auth, ana):
    auth.login(ana)
    page = client.get("/guides/").get_data(as_text=True)
    assert re.search(r'<a id="account-link" href="/account"[^>]*>Ana<', page)
    assert re.search(r'<form method="post" action="/logout"[^>]*>\s*<input type="hidden" '
                     r'name="csrf_token"', page)
    assert 'href="/login"' not in page and ">Admin<" not in page


def test_navigation_for_admins(client, auth, account):
    auth.login(account(username="boss", role="admin"))
    page = client.get("/guides/").get_data(as_text=True)
    assert ">Admin<" in page and "Log out" in page


@pytest.mark.parametrize("url", ["/login", "/register", "/reset-password"])
def test_account_pages_run_a_constant_number_of_queries(client, account, count_queries, url):
    def measure() -> int:
        with count_queries() as statements:
            client.get(url)
        return len(statements)

    few = measure()
    for _ in range(15):
        account()
    assert measure() == few


@pytest.mark.parametrize("url", ["/login", "/register", "/reset-password"])
def test_account_pages_have_unique_ids(client, url):
    ids = re.findall(r'\sid="([^"]+)"', client.get(url).get_data(as_text=True))
    assert ids and len(ids) == len(set(ids))


def test_too_large_a_body_is_refused_with_413(app, client, csrf):
    token = csrf()
    too_large = app.config["MAX_CONTENT_LENGTH"] + 1
    data = registration(csrf_token=token, password="x" * too_large)
    response = client.post("/register", data=data)
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert count_users(app) == 0


def test_the_session_names_the_rotating_token_not_the_user_id(client, ana):
    log_in(client, "ana")
    with client.session_transaction() as current:
        assert current["_user_id"] == ana.session_token != str(ana.id)


def test_session_tokens_are_long_random_and_rotated_at_logout(app, client, ana, post):
    tokens = {new_session_token() for _ in range(50)}
    assert len(tokens) == 50 and all(len(t) >= 43 for t in tokens)  # 256 random bits each
    log_in(client, "ana")
    before = fetch_user(app, ana.id).session_token
    post("/logout")
    after = fetch_user(app, ana.id).session_token
    assert before == ana.session_token and after != before and len(after) >= 43
