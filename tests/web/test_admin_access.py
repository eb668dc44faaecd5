"""Every /admin route, every method: visitors go to log in, members get 403, admins get in."""

import re

import pytest


def admin_routes(app) -> list[tuple[str, str]]:
    """(method, url) for every rule under /admin, with sample values for its arguments."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        url = re.sub(r"<id:[^>]+>", "1", rule.rule)
        url = re.sub(r"<[^>]+>", "spam", url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, url))
    return found


def test_the_walk_finds_every_admin_route(app):
    """The walk covers the console's pages and actions (a guard against an empty walk)."""
    routes = admin_routes(app)
    assert ("GET", "/admin") in routes
    assert ("POST", "/admin/comments/bulk") in routes
    assert len(routes) >= 15


@pytest.mark.parametrize("who", ["visitor", "member", "admin"])
def test_every_admin_route_checks_the_role(app, client, auth, make_user, make_comment, csrf, who):
    """Visitors are sent to log in, members get 403, admins never do."""
    make_comment(status="spam")
    if who != "visitor":
        auth.login(make_user(role="admin" if who == "admin" else "user"))
    token = csrf()
    for method, url in admin_routes(app):
        response = client.open(url, method=method, data={"csrf_token": token})
        if who == "visitor":
            assert response.status_code in (302, 303), (method, url)
            assert "/login" in response.headers["Location"], (method, url)
        elif who == "member":
            assert response.status_code == 403, (method, url)
        else:
            assert response.status_code not in (302, 401, 403), (method, url)
            assert response.status_code < 500, (method, url)


def test_admin_link_in_the_nav_only_for_admins(client, auth, make_user):
    """Admins see the Admin link; members do not."""
    member = make_user()
    auth.login(member)
    assert 'href="/admin"' not in client.get("/").get_data(as_text=True)
    auth.login(make_user(role="admin"))
    assert 'href="/admin"' in client.get("/").get_data(as_text=True)


def test_actions_need_the_csrf_token(client, admin, make_comment, statuses):
    """A post without the token changes nothing."""
    comment = make_comment(status="pending")
    response = client.post(f"/admin/comments/{comment.id}/moderate", data={"action": "approve"})
    assert response.status_code == 400
    assert statuses()[comment.id] == "pending"


def test_admin_pages_are_not_cached(client, admin):
    """Admin pages are signed-in pages: no-store."""
    assert client.get("/admin/comments").headers["Cache-Control"] == "no-store"
