"""The "save my details" box: a signed HttpOnly cookie, only when ticked, and caching."""

import pytest

from tests.support.comments import GUIDE_URL, THREAD_URL

COOKIE = "comment_author"


def details_cookie(response) -> str | None:
    """The Set-Cookie header for the details cookie, if the response has one."""
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{COOKIE}="):
            return header
    return None


def form_values(html: str) -> str:
    start = html.index('id="respond-introduction"')
    return html[start : html.index("</form>", start)]


def test_ticking_the_box_keeps_the_details_in_a_signed_httponly_cookie(client, post_comment):
    response = post_comment(author="Ana Reader", url="https://ana.example", save_details="y")
    cookie = details_cookie(response)
    assert cookie is not None
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=31536000" in cookie
    assert "ana.reader@example.com" not in cookie  # signed and encoded, not plain text
    form = form_values(client.get(THREAD_URL).get_data(as_text=True))
    assert 'value="Ana Reader"' in form
    assert 'value="ana.reader@example.com"' in form
    assert 'value="https://ana.example"' in form
    assert 'id="respond-introduction-save_details" name="save_details" value="y" checked' in form


def test_without_the_box_nothing_is_kept(client, post_comment):
    response = post_comment()
    assert details_cookie(response) is None
    form = form_values(client.get(THREAD_URL).get_data(as_text=True))
    assert 'value="Ana Reader"' not in form
    assert "checked" not in form


def test_unticking_the_box_clears_the_saved_details(client, post_comment):
    post_comment(save_details="y", ip="10.2.0.1")
    response = post_comment(comment="Another one", email="new@example.com", ip="10.2.0.2")
    cookie = details_cookie(response)
    assert cookie is not None and ("Max-Age=0" in cookie or "1970" in cookie)
    assert 'value="Ana Reader"' not in form_values(client.get(THREAD_URL).get_data(as_text=True))


def test_the_htmx_answer_prefills_the_fresh_form_from_what_was_saved(post_comment):
    response = post_comment(htmx=True, save_details="y")
    fresh = response.get_data(as_text=True).split("hx-swap-oob")[0]
    assert 'value="Ana Reader"' in fresh and "checked" in fresh
    assert details_cookie(response) is not None


def test_a_form_with_errors_leaves_the_cookie_alone(client, post_comment):
    post_comment(save_details="y")
    response = post_comment(comment="", ip="10.3.0.1")
    assert response.status_code == 422
    assert details_cookie(response) is None


def test_a_tampered_cookie_is_ignored(client):
    client.set_cookie(COOKIE, "eyJhdXRob3IiOiJFdmUifQ.forged-signature")
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert "Eve" not in html
    assert client.get(THREAD_URL).status_code == 200


def test_the_cookie_is_secure_outside_development(app, client, post):
    app.config["SESSION_COOKIE_SECURE"] = True
    # Over HTTPS the CSRF check also wants a same-site Referer.
    https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/"}}
    response = post(
        "/guides/micro-jobs/register/comments",
        {"comment": "hi", "author": "A", "email": "a@example.com", "save_details": "y"},
        **https,
    )
    assert response.status_code == 303
    assert "Secure" in details_cookie(response)


def test_a_members_post_neither_sets_nor_clears_the_cookie(auth, make_user, post_comment):
    auth.login(make_user())
    response = post_comment(author=None, email=None, save_details="y")
    assert response.status_code == 303
    assert details_cookie(response) is None


@pytest.mark.parametrize("personal", ["details", "pending"])
@pytest.mark.parametrize("url", [GUIDE_URL, THREAD_URL], ids=["guide", "thread"])
def test_pages_with_a_guests_own_data_are_not_stored_by_caches(client, post_comment, personal,
                                                                url):
    assert client.get(url).headers.get("Cache-Control") != "no-store"
    if personal == "details":
        client.set_cookie(COOKIE, "anything")
    else:
        post_comment()
    assert client.get(url).headers["Cache-Control"] == "no-store"
