"""The Host header is the client's to choose: links in mail never come from it."""


import pytest

import config
from planner import create_app
from planner.database import utcnow
from tests.support.accounts import PASSWORD, password_hash
from tests.support.forms import token_in

ORIGIN = "https://planner.example"
HOSTILE_HOSTS = [
    "evil.example",
    "localhost.evil.example",
    "a" * 300,
    "a" * 70 + ".example",
    "exa mple",
    "[::1",
    "localhost:abc",
    "localhost:" + "9" * 300,
    "a..b",
    "\u00e9.example",
    "local\u00adhost",
]
ROUTES = ["/", "/login", "/guides/micro-jobs-vs-freelancing", "/roadmap", "/no-such-page",
          "/admin/comments?status=pending"]


@pytest.fixture
def app_config(database_url):
    """The app under test answers to BASE_URL's host, and to loopback as in development."""
    return {"SQLALCHEMY_DATABASE_URI": database_url, "BASE_URL": ORIGIN}


def test_a_reset_link_is_on_base_url_whatever_host_the_request_named(
    client, make_user, outbox
):
    make_user(username="ana", email="ana@example.com", password_hash=password_hash())
    loopback = {"Host": "127.0.0.1:5000"}  # served, as in development, but not BASE_URL's
    page = client.get("/reset-password", headers=loopback).get_data(as_text=True)
    token = token_in(page)
    response = client.post(
        "/reset-password",
        data={"email": "ana@example.com", "csrf_token": token},
        headers=loopback,
    )
    assert response.status_code == 303
    [message] = outbox.messages()
    body = message.get_content()
    assert f"{ORIGIN}/reset-password/" in body
    assert "127.0.0.1" not in body and "localhost" not in body


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example"])
def test_a_forged_host_gets_400_and_no_mail(client, make_user, csrf, outbox, host):
    make_user(username="ana", email="ana@example.com", password_hash=password_hash())
    token = csrf()
    response = client.post(
        "/reset-password",
        data={"email": "ana@example.com", "csrf_token": token},
        headers={"Host": host},
    )
    assert response.status_code == 400
    assert outbox.messages() == []


def test_the_moderation_mail_links_to_base_url(post_comment, make_user, outbox):
    make_user(role="admin", email="admin@example.com")
    post_comment(comment="Please look at this", author="Zed", email="zed@example.com")
    [message] = outbox.messages()
    assert f"{ORIGIN}/admin/comments?status=pending" in message.get_content()


def test_the_approval_mail_links_to_base_url(post, admin, make_user, make_comment, outbox):
    member = make_user(email="member@example.com", email_verified_at=utcnow())
    held = make_comment(status="pending", user_id=member.id, author_email=member.email)
    post(f"/admin/comments/{held.id}/moderate", {"action": "approve"})
    [message] = outbox.messages()
    body = message.get_content()
    assert f"{ORIGIN}/guides/{held.guide_slug}/{held.section_key}/comments/{held.id}" in body
    assert f"{ORIGIN}/mail/stop/" in body
    assert "localhost" not in body


@pytest.mark.parametrize("host", HOSTILE_HOSTS)
@pytest.mark.parametrize("route", ROUTES)
def test_an_odd_or_unknown_host_is_400_on_every_route(client, route, host):
    response = client.get(route, headers={"Host": host})
    assert response.status_code == 400
    assert "The request could not be understood." in response.get_data(as_text=True)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:5000", "planner.example"])
def test_the_configured_hosts_are_served(client, host):
    assert client.get("/", headers={"Host": host}).status_code == 200


def test_a_forged_forwarded_host_is_400_behind_a_proxy(database_url):
    proxied = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "BASE_URL": ORIGIN,
                          "TRUSTED_PROXIES": 1})
    client = proxied.test_client()
    assert client.get("/", headers={"X-Forwarded-Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"X-Forwarded-Host": "planner.example"}).status_code == 200


def test_extra_hosts_are_served_too(database_url):
    extra = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "BASE_URL": ORIGIN,
                        "EXTRA_TRUSTED_HOSTS": ("www.planner.example",)})
    assert extra.test_client().get("/", headers={"Host": "www.planner.example"}).status_code \
        == 200


def test_an_htmx_log_in_sends_a_non_ascii_next_percent_encoded(client, make_user, post):
    make_user(username="ana", email="ana@example.com", password_hash=password_hash())
    response = post(
        "/login?next=/guides/%C3%A9t%C3%A9", {"login": "ana", "password": PASSWORD}, htmx=True
    )
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/guides/%C3%A9t%C3%A9"


# --- settings -----------------------------------------------------------------------------


def production_settings(**overrides) -> dict:
    """The settings finalize() sees in production, with a secret key."""
    values = {name: getattr(config.Config, name) for name in dir(config.Config) if name.isupper()}
    values.update({"SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": "sqlite://"}, **overrides)
    return values


def test_production_refuses_to_start_without_base_url():
    with pytest.raises(RuntimeError, match="BASE_URL must be set"):
        config.finalize(production_settings(BASE_URL=None))


@pytest.mark.parametrize(
    "url", ["planner.example", "ftp://planner.example", "https://", "https://x.example/app",
            "https://x.example/?q=1", "javascript:alert(1)"]
)
def test_a_base_url_that_is_not_an_origin_is_refused(url):
    with pytest.raises(RuntimeError, match="BASE_URL must be"):
        config.finalize(production_settings(BASE_URL=url))


def test_production_answers_only_to_base_urls_host():
    settings = production_settings(BASE_URL="https://planner.example/")
    config.finalize(settings)
    assert settings["BASE_URL"] == "https://planner.example"
    assert settings["TRUSTED_HOSTS"] == ["planner.example"]


@pytest.mark.parametrize("hops", [-1, 6, 2**40])
def test_trusted_proxies_out_of_range_is_refused_at_start_up(hops):
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        config.finalize(production_settings(BASE_URL=ORIGIN, TRUSTED_PROXIES=hops))


def test_development_links_default_to_loopback_and_port(monkeypatch):
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "5077")
    import importlib

    reloaded = importlib.reload(config)
    try:
        assert reloaded.DevelopmentConfig.BASE_URL == "http://127.0.0.1:5077"
    finally:
        monkeypatch.undo()
        importlib.reload(config)
