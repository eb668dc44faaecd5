"""The owner's share controls: create, options, revoke and make again; full page, htmx, no JS."""

import pytest

from planner.sharing.models import ShareLink
from tests.support.html import attributes
from tests.support.roadmaps import text
from tests.support.sharing import address, make_link, path_of, share_url


def test_the_roadmap_page_links_to_its_share_page(client, roadmap):
    html = text(client.get(roadmap.url))
    assert f'href="{share_url(roadmap.id)}"' in html


def test_the_share_page_offers_a_link_and_a_feed(client, roadmap):
    response = client.get(share_url(roadmap.id))
    html = text(response)
    assert response.status_code == 200 and 'id="share-manage"' in html
    assert 'id="create-share-link"' in html and 'id="create-feed"' in html
    assert 'id="share-url"' not in html
    assert response.headers["Cache-Control"] == "no-store"  # the owner's page


def test_the_share_page_as_an_htmx_partial(client, roadmap, hx):
    response = client.get(share_url(roadmap.id), headers=hx)
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="share-manage"') and "<html" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_creating_a_link_without_javascript_redirects_to_the_share_page(client, post, roadmap,
                                                                        rows_of):
    response = post(share_url(roadmap.id), {})
    assert response.status_code == 303
    assert response.headers["Location"] == share_url(roadmap.id) + "#share-link"
    page = client.get(response.headers["Location"])
    url = address(page)
    [link] = rows_of(ShareLink)
    assert url == f"http://localhost/s/{link.token}"  # on BASE_URL
    assert len(link.token) >= 22 and link.token_digest != link.token  # 128 bits or more
    assert "Your share link is ready" in text(page)
    assert "readonly" in attributes(text(page), id="share-url")


def test_creating_a_link_with_htmx_swaps_the_link_section(post, roadmap):
    response = post(share_url(roadmap.id), {}, htmx=True)
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="share-link"')
    assert 'id="share-url"' in html and "autofocus" in attributes(html, id="share-url")
    assert response.headers["HX-Trigger"] == "share-link-changed"
    assert 'id="messages"' in html and "Your share link is ready" in html


def test_the_same_form_sent_twice_makes_one_link(client, post, roadmap, rows_of):
    page = text(client.get(share_url(roadmap.id)))
    key = attributes(page, name="idempotency_key")["value"]
    post(share_url(roadmap.id), {"idempotency_key": key})
    first = rows_of(ShareLink)
    post(share_url(roadmap.id), {"idempotency_key": key}, htmx=True)
    post(share_url(roadmap.id), {})  # another tab: the roadmap keeps its one link
    assert [r.token for r in rows_of(ShareLink)] == [first[0].token]


def test_revoking_makes_the_old_address_404_at_once_and_a_new_link_can_be_made(
    client, post, roadmap, rows_of
):
    old = make_link(client, post, roadmap.id)
    assert client.get(old).status_code == 200
    response = post(share_url(roadmap.id) + "/revoke", {})
    assert response.status_code == 303
    assert response.headers["Location"] == share_url(roadmap.id) + "#share-link"
    assert client.get(old).status_code == 404
    assert client.get(old + "/card.png").status_code == 404
    assert rows_of(ShareLink) == []
    new = make_link(client, post, roadmap.id)
    assert new != old and client.get(new).status_code == 200 and client.get(old).status_code == 404


def test_revoking_with_htmx_swaps_back_the_create_button(client, post, roadmap):
    make_link(client, post, roadmap.id)
    response = post(share_url(roadmap.id) + "/revoke", {}, htmx=True)
    html = text(response)
    assert response.status_code == 200 and html.lstrip().startswith('<section id="share-link"')
    assert 'id="share-url"' not in html
    assert "autofocus" in attributes(html, id="create-share-link")
    assert "Stopped sharing" in html


def test_options_are_all_off_by_default_and_saved_when_ticked(client, post, roadmap, rows_of):
    make_link(client, post, roadmap.id)
    [link] = rows_of(ShareLink)
    assert (link.show_notes, link.show_evidence, link.show_earnings) == (False, False, False)
    page = text(client.get(share_url(roadmap.id)))
    for name in ("show_notes", "show_evidence", "show_earnings"):
        assert "checked" not in attributes(page, name=name)
    response = post(share_url(roadmap.id) + "/options", {"show_notes": "y", "show_earnings": "y"})
    assert response.status_code == 303
    [link] = rows_of(ShareLink)
    assert (link.show_notes, link.show_evidence, link.show_earnings) == (True, False, True)
    page = text(client.get(share_url(roadmap.id)))
    assert "checked" in attributes(page, name="show_notes")
    assert "checked" not in attributes(page, name="show_evidence")


def test_saving_options_with_htmx_swaps_the_link_section(client, post, roadmap, rows_of):
    make_link(client, post, roadmap.id)
    response = post(share_url(roadmap.id) + "/options", {"show_evidence": "y"}, htmx=True)
    html = text(response)
    assert response.status_code == 200 and html.lstrip().startswith('<section id="share-link"')
    assert "checked" in attributes(html, name="show_evidence")
    assert rows_of(ShareLink)[0].show_evidence is True


def test_options_of_a_revoked_link_say_so(client, post, roadmap, rows_of):
    make_link(client, post, roadmap.id)
    post(share_url(roadmap.id) + "/revoke", {})
    response = post(share_url(roadmap.id) + "/options", {"show_notes": "y"}, htmx=True)
    assert response.status_code == 200 and "no share link now" in text(response)
    assert rows_of(ShareLink) == []


ROUTES = [
    ("GET", "/roadmap/{r}/share"),
    ("POST", "/roadmap/{r}/share"),
    ("POST", "/roadmap/{r}/share/options"),
    ("POST", "/roadmap/{r}/share/revoke"),
    ("GET", "/roadmap/{r}/share/card.png"),
    ("POST", "/roadmap/{r}/share/feed"),
    ("POST", "/roadmap/{r}/share/feed/renew"),
    ("POST", "/roadmap/{r}/share/feed/revoke"),
]


def test_the_matrix_covers_every_owner_route(app):
    declared = {
        (method, rule.rule.replace("<id:roadmap_id>", "{r}"))
        for rule in app.url_map.iter_rules() if rule.endpoint.startswith("sharing.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert declared == set(ROUTES)


@pytest.fixture
def theirs(make_roadmap, make_user):
    """Another user's roadmap."""
    return make_roadmap(make_user(username="stranger"))


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("method", "pattern"), ROUTES)
def test_another_users_roadmap_answers_404(client, post, owner, theirs, rows_of, method,
                                           pattern, htmx):
    url = pattern.format(r=theirs.id)
    if method == "GET":
        response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
    else:
        response = post(url, {"show_notes": "y"}, htmx=htmx)
    assert response.status_code == 404
    assert rows_of(ShareLink) == []


@pytest.mark.parametrize(("method", "pattern"), ROUTES)
def test_signed_out_visitors_are_sent_to_log_in(client, post, roadmap, auth, method, pattern):
    auth.logout()
    url = pattern.format(r=roadmap.id)
    response = client.get(url) if method == "GET" else post(url, {})
    assert response.status_code == 303 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("pattern", [p for m, p in ROUTES if m == "POST"])
def test_posts_without_the_csrf_token_are_refused(client, roadmap, rows_of, pattern):
    response = client.post(pattern.format(r=roadmap.id), data={})
    assert response.status_code == 400
    assert rows_of(ShareLink) == []


def test_deleting_the_roadmap_deletes_its_link(client, post, roadmap, rows_of):
    shared = make_link(client, post, roadmap.id)
    assert post(f"/roadmap/{roadmap.id}/delete", {}).status_code == 303
    assert rows_of(ShareLink) == []
    assert client.get(shared).status_code == 404


def test_the_page_links_to_the_shared_page_on_base_url(client, post, roadmap):
    shared = make_link(client, post, roadmap.id)
    html = text(client.get(share_url(roadmap.id)))
    assert f'href="http://localhost{shared}"' in html
    assert path_of(address(client.get(share_url(roadmap.id)))) == shared
