"""The progress card over HTTP: the owner's download and the shared one, ETag and 304."""

import io

import pytest
from PIL import Image

from tests.support.sharing import make_link, share_url


def image_of(response) -> Image.Image:
    image = Image.open(io.BytesIO(response.get_data()))
    image.load()
    return image


@pytest.fixture
def card_url(roadmap):
    return share_url(roadmap.id) + "/card.png"


def test_the_owner_downloads_a_1200_by_630_png(client, card_url):
    response = client.get(card_url)
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert image_of(response).size == (1200, 630)
    assert response.headers["ETag"]
    assert "filename=" in response.headers["Content-Disposition"]


def test_the_share_page_offers_the_card_for_download(client, roadmap, card_url):
    html = client.get(share_url(roadmap.id)).get_data(as_text=True)
    assert f'src="{card_url}"' in html and f'href="{card_url}" download=' in html


def test_the_card_changes_when_progress_changes(client, post, roadmap, card_url):
    before = client.get(card_url)
    same = client.get(card_url)
    assert same.headers["ETag"] == before.headers["ETag"]
    post(roadmap.milestone_url(0, "status"), {"status": "done"})
    after = client.get(card_url)
    assert after.headers["ETag"] != before.headers["ETag"]
    assert image_of(after).tobytes() != image_of(before).tobytes()
    post(f"/roadmap/{roadmap.id}/edit", {"name": "Renamed plan"})
    renamed = client.get(card_url)
    assert renamed.headers["ETag"] not in (before.headers["ETag"], after.headers["ETag"])


def test_a_status_that_changes_nothing_shown_keeps_the_card(client, post, roadmap, card_url):
    before = client.get(card_url).headers["ETag"]
    post(roadmap.milestone_url(0, "status"), {"status": "doing"})  # the card counts done only
    assert client.get(card_url).headers["ETag"] == before


def test_the_shared_card_answers_304_to_its_own_etag(client, post, roadmap, app):
    link = make_link(client, post, roadmap.id)
    visitor = app.test_client()
    first = visitor.get(link + "/card.png")
    assert first.status_code == 200 and image_of(first).size == (1200, 630)
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert first.headers["X-Robots-Tag"] == "noindex, nofollow"
    again = visitor.get(link + "/card.png", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    post(roadmap.milestone_url(0, "status"), {"status": "done"})
    changed = visitor.get(link + "/card.png", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]


def test_the_shared_card_is_the_owners_card(client, post, roadmap, app, card_url):
    link = make_link(client, post, roadmap.id)
    shared = app.test_client().get(link + "/card.png")
    assert shared.headers["ETag"] == client.get(card_url).headers["ETag"]
    assert shared.get_data() == client.get(card_url).get_data()


def test_a_304_draws_nothing(client, card_url, monkeypatch):
    tag = client.get(card_url).headers["ETag"]
    from planner.sharing import links

    monkeypatch.setattr(links, "card_png", lambda data: pytest.fail("drawn for a 304"))
    assert client.get(card_url, headers={"If-None-Match": tag}).status_code == 304


def test_an_urdu_or_hindi_name_draws_a_card(client, post, roadmap, card_url):
    for name in ("مائیکرو جابز سے فری لانسنگ", "माइक्रो जॉब्स से फ्रीलांसिंग"):
        assert post(f"/roadmap/{roadmap.id}/edit", {"name": name}).status_code == 303
        response = client.get(card_url)
        assert response.status_code == 200 and image_of(response).size == (1200, 630)


@pytest.mark.parametrize("size", [5, 200])
def test_the_card_costs_the_same_whatever_the_size(client, post, make_roadmap, owner,
                                                   count_queries, app, size):
    made = make_roadmap(owner, template="empty", custom=size)
    link = make_link(client, post, made.id)
    visitor = app.test_client()
    for url, c, expected in ((share_url(made.id) + "/card.png", client, 3),
                             (link + "/card.png", visitor, 2)):
        with count_queries() as statements:
            assert c.get(url).status_code == 200
        sql = [s for s in statements if not s.lstrip().upper().startswith("BEGIN")]
        assert len(sql) == expected, sql  # (the user,) the roadmap or link, the progress
