"""Security headers on every answer, and error pages that know about htmx."""

import re

import pytest
from flask import request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import InternalServerError

from planner import create_app
from planner.accounts.models import load_user
from planner.extensions import db

PAGES = ["/", "/guides/", "/guides/micro-jobs-vs-freelancing", "/guides/micro-jobs",
         "/guides/freelancing", "/guides/no-such-guide"]


def assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'",
                      "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe" not in csp
    assert re.search(r"script-src 'self' 'nonce-[\w-]{16,}'", csp)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "HX-Request" in response.headers.get("Vary", "")


@pytest.mark.parametrize("url", PAGES)
def test_pages_and_error_pages_carry_the_security_headers(client, url):
    assert_security_headers(client.get(url))


@pytest.mark.parametrize("url", PAGES)
def test_htmx_answers_carry_the_security_headers_too(client, hx, url):
    assert_security_headers(client.get(url, headers=hx))


def test_script_tags_carry_this_requests_nonce(client):
    first, second = client.get("/"), client.get("/")
    nonce = re.search(r"'nonce-([\w-]+)'", first.headers["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script[^>]*>", first.get_data(as_text=True))
    assert scripts and all(f'nonce="{nonce}"' in tag and "src=" in tag for tag in scripts)
    assert nonce not in second.headers["Content-Security-Policy"]


def test_no_inline_styles_or_handlers_in_pages(client):
    for url in PAGES:
        html = client.get(url).get_data(as_text=True)
        assert "<style" not in html
        assert not re.search(r"\sstyle=", html)
        assert not re.search(r"\son[a-z]+=", html)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_htmx_config_is_strict(client):
    html = client.get("/").get_data(as_text=True)
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html).group(1)
    for setting in ('"selfRequestsOnly": true', '"allowScriptTags": false',
                    '"allowEval": false', '"includeIndicatorStyles": false',
                    '"historyCacheSize": 0', '"code": "422", "swap": true'):
        assert setting in meta


def test_csrf_header_sits_on_a_wrapper_inside_body(client):
    html = client.get("/").get_data(as_text=True)
    body = html[html.index("<body>"):]
    wrapper = r"""<div id="app" hx-boost="true" hx-headers='\{"X-CSRFToken": "[^"]+"\}'>"""
    assert re.search(wrapper, body)


def test_no_hsts_in_development_but_hsts_in_production(app, database_url):
    assert "Strict-Transport-Security" not in app.test_client().get("/").headers
    production = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "HSTS": True,
                             "ENV_NAME": "production"})
    response = production.test_client().get("/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_404_for_htmx_is_a_fragment_aimed_at_the_message_area(client, hx):
    response = client.get("/guides/no-such-guide", headers=hx)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="error-message"' in html
    assert response.headers["HX-Retarget"] == "#messages"
    assert response.headers["HX-Reswap"] == "innerHTML"


def test_boosted_navigation_to_a_missing_page_gets_the_whole_error_page(client):
    response = client.get("/guides/nope", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert response.status_code == 404
    assert "<html" in response.get_data(as_text=True)
    assert "HX-Retarget" not in response.headers


def test_405_names_the_allowed_methods(client):
    response = client.post("/guides/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "That action is not allowed here." in response.get_data(as_text=True)
    assert_security_headers(response)


def test_500_rolls_back_and_shows_a_friendly_page(app):
    @app.get("/boom")
    def boom():
        db.session.execute(db.text(
            "INSERT INTO users (username, username_key, email, display_name, password_hash,"
            " role, session_token, created_at) VALUES ('a', 'a', 'a@example.com', 'a', 'x',"
            " 'user', 't', CURRENT_TIMESTAMP)"))
        raise RuntimeError("kaput")

    client = app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong on our side" in html and "kaput" not in html
    assert_security_headers(response)
    with app.app_context():
        assert db.session.execute(db.text("SELECT count(*) FROM users")).scalar() == 0
    partial = client.get("/boom", headers={"HX-Request": "true"})
    assert partial.status_code == 500 and "<html" not in partial.get_data(as_text=True)


def test_abort_500_is_also_the_friendly_page(app):
    @app.get("/abort")
    def abort_500():
        raise InternalServerError()

    response = app.test_client().get("/abort")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)


def test_too_large_body_answers_413(app):
    @app.post("/echo")
    def echo():
        return str(len(request.form))

    response = app.test_client().post("/echo", data={"comment": "x" * (1100 * 1024)})
    assert response.status_code == 413
    assert_security_headers(response)


def test_unknown_url_answers_404_page_with_navigation(client):
    response = client.get("/no/such/place")
    assert response.status_code == 404
    assert 'aria-label="Main"' in response.get_data(as_text=True)


def test_a_lost_database_answers_503_even_for_a_signed_in_user(app, client, auth, make_user):
    """The error page itself must not need the database that just failed."""
    auth.login(make_user())

    def database_gone(token):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    app.login_manager.user_loader(database_gone)
    try:
        page = client.get("/guides/micro-jobs")
        partial = client.get("/guides/micro-jobs", headers={"HX-Request": "true"})
    finally:
        app.login_manager.user_loader(load_user)
    assert page.status_code == 503 and partial.status_code == 503
    assert page.headers["Retry-After"] == "5"
    assert "briefly unavailable" in page.get_data(as_text=True)
    assert "Log in" in page.get_data(as_text=True)  # rendered for an anonymous visitor
    assert_security_headers(page)
