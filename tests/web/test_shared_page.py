"""The page a share link opens: what it shows, what it never shows unless ticked, its headers."""

import re
from datetime import date, datetime

import pytest
from sqlalchemy import update

from planner.accounts.models import User
from planner.extensions import db
from planner.roadmaps.models import Milestone
from planner.sharing import public
from tests.support.html import attributes
from tests.support.roadmaps import text
from tests.support.sharing import make_link, share_url

NOTE = "Private note: my bank PIN hint is plum"
EVIDENCE = "https://evidence.example/private-portfolio"
# An email anywhere on the page: the owner's, or any other.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
# Any amount of money as Babel writes it: PKR 150.00, PKR150.00, $3.00.
MONEY = re.compile(r"(PKR|US\$|\$)\s?[\d,]+\.\d\d")


@pytest.fixture
def private(app, roadmap, make_earning, owner):
    """The roadmap with notes, evidence links, a done milestone, and earnings logged."""
    with app.app_context():
        db.session.execute(update(Milestone).where(Milestone.roadmap_id == roadmap.id)
                           .values(notes=NOTE, evidence_url=EVIDENCE))
        db.session.execute(update(Milestone).where(Milestone.id == roadmap.milestone_ids[0])
                           .values(status="done"))
        db.session.commit()
    make_earning(owner, amount=15000, currency="PKR")
    return roadmap


@pytest.fixture
def shared(client, post, private):
    """The share link's path of the private roadmap; the owner set no option yet."""
    return make_link(client, post, private.id)


@pytest.fixture
def visitor(app):
    """Another browser, signed out."""
    return app.test_client()


def options(post, roadmap, **ticked):
    data = {f"show_{name}": "y" for name, on in ticked.items() if on}
    assert post(share_url(roadmap.id) + "/options", data).status_code == 303


def test_the_shared_page_shows_name_titles_statuses_and_progress(visitor, shared, private):
    response = visitor.get(shared)
    html = text(response)
    assert response.status_code == 200
    assert "<h1>My plan</h1>" in html
    assert "Micro jobs" in html and "Freelancing" in html
    assert html.count('class="milestone shared-milestone') == 9
    assert html.count(">Done</span>") == 1 and html.count(">To do</span>") == 8
    assert "1 done · 0 in progress · 0 skipped · 9 total" in html  # overall
    assert 'id="bar-micro-jobs"' in html and 'id="bar-freelancing"' in html


def test_nothing_private_is_shown_by_default(visitor, shared, owner):
    for url in (shared, shared + "/card.png"):
        body = visitor.get(url).get_data()
        for secret in (NOTE, EVIDENCE, "evidence.example", owner.email, "PKR", "150.00"):
            assert secret.encode() not in body, (url, secret)
    html = text(visitor.get(shared))
    assert EMAIL.search(html) is None and MONEY.search(html) is None
    assert "owner" not in html  # not even the username


@pytest.mark.parametrize(
    ("ticked", "shown", "hidden"),
    [
        ({"notes": True}, [NOTE], [EVIDENCE, "PKR"]),
        ({"evidence": True}, [EVIDENCE], [NOTE, "PKR"]),
        ({"earnings": True}, ["PKR"], [NOTE, EVIDENCE]),
        ({"notes": True, "evidence": True, "earnings": True}, [NOTE, EVIDENCE, "PKR"], []),
    ],
)
def test_ticked_options_show_exactly_what_was_ticked(visitor, post, shared, private, ticked,
                                                     shown, hidden):
    options(post, private, **ticked)
    html = text(visitor.get(shared))
    for value in shown:
        assert value in html
    for value in hidden:
        assert value not in html
    assert EMAIL.search(html) is None  # never an email, whatever is ticked
    if ticked.get("earnings"):
        assert MONEY.search(html) and "In all: <strong>PKR" in html
    else:
        assert MONEY.search(html) is None
    if ticked.get("evidence"):
        link = attributes(html, href=EVIDENCE)
        assert set(link["rel"].split()) >= {"nofollow", "noopener", "noreferrer"}


def test_unticking_hides_them_again(visitor, post, shared, private):
    options(post, private, notes=True, evidence=True, earnings=True)
    options(post, private)
    html = text(visitor.get(shared))
    assert NOTE not in html and EVIDENCE not in html and MONEY.search(html) is None


def test_the_shared_page_is_unlisted_and_keeps_its_address_to_itself(visitor, shared):
    response = visitor.get(shared)
    html = text(response)
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert attributes(html, name="robots")["content"] == "noindex, nofollow"
    assert "Content-Security-Policy" in response.headers  # the usual headers stay


def test_the_owner_viewing_it_signed_in_gets_no_store(client, shared):
    response = client.get(shared)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_open_graph_image_is_the_card_on_base_url(visitor, shared):
    html = text(visitor.get(shared))
    assert attributes(html, property="og:image")["content"] == f"http://localhost{shared}/card.png"
    assert attributes(html, property="og:image:width")["content"] == "1200"
    assert attributes(html, property="og:image:height")["content"] == "630"
    assert attributes(html, property="og:title")["content"] == "My plan"
    assert attributes(html, property="og:description")["content"] == (
        "1 of 9 milestones done (11%)")


def test_the_open_graph_image_ignores_the_requests_host(visitor, shared):
    response = visitor.get(shared, base_url="http://127.0.0.1")  # a host we answer to
    assert response.status_code == 200
    image = attributes(text(response), property="og:image")["content"]
    assert image.startswith("http://localhost/s/")


@pytest.mark.parametrize("token", ["x" * 32, "short", "a" * 100, "bad$token" + "a" * 20])
def test_unknown_tokens_answer_404(visitor, shared, token):
    for url in (f"/s/{token}", f"/s/{token}/card.png", f"/feed/{token}.ics"):
        assert visitor.get(url).status_code == 404


def test_a_404_for_a_share_token_is_unlisted_too(visitor, shared):
    response = visitor.get("/s/" + "x" * 32)
    assert response.status_code == 404
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_the_token_is_looked_up_by_its_digest(visitor, shared, count_queries):
    token = shared.rsplit("/", 1)[1]
    with count_queries() as statements:
        visitor.get(shared)
    lookup = next(s for s in statements if "share_links" in s)
    assert "token_digest" in lookup and token not in lookup


def test_the_shared_page_has_none_of_the_owners_controls(visitor, shared, private):
    html = text(visitor.get(shared))
    assert f"/roadmap/{private.id}" not in html and "hx-post" not in html


@pytest.mark.parametrize("earnings", [False, True])
def test_the_shared_page_costs_the_same_for_5_and_200_milestones(
    visitor, client, post, make_roadmap, owner, count_queries, make_earning, earnings
):
    counts = []
    for size in (5, 200):
        made = make_roadmap(owner, template="empty", custom=size)
        link = make_link(client, post, made.id)
        options(post, made, earnings=earnings)
        for n in range(size // 5):
            make_earning(owner, platform=f"P{n}")
        visitor.get(link)  # the first visit of a session sets its cookie: count the second
        with count_queries() as statements:
            response = visitor.get(link)
        assert response.status_code == 200
        assert text(response).count('class="milestone shared-milestone') == size
        counts.append(len([s for s in statements if not s.lstrip().upper().startswith("BEGIN")]))
    assert counts[0] == counts[1] == (3 if earnings else 2), counts


@pytest.mark.parametrize("htmx", [False, True])
def test_the_owners_share_page_costs_the_same_for_5_and_200_milestones(
    client, post, make_roadmap, owner, count_queries, htmx
):
    counts = []
    for size in (5, 200):
        made = make_roadmap(owner, template="empty", custom=size)
        make_link(client, post, made.id)
        with count_queries() as statements:
            response = client.get(share_url(made.id), headers={"HX-Request": "true"} if htmx
                                  else {})
        assert response.status_code == 200
        counts.append(len([s for s in statements if not s.lstrip().upper().startswith("BEGIN")]))
    # The user, the roadmap, its link, the feed; a whole page also the navigation's line.
    assert counts[0] == counts[1] == (4 if htmx else 5), counts


def test_a_stored_address_that_is_not_a_web_link_is_never_linked(app, visitor, post, shared,
                                                                 private):
    with app.app_context():
        db.session.execute(update(Milestone).where(Milestone.roadmap_id == private.id)
                           .values(evidence_url="javascript:alert(1)"))
        db.session.commit()
    options(post, private, evidence=True)
    assert "javascript:" not in text(visitor.get(shared))


def test_this_month_on_the_shared_page_is_the_owners_month(
    app, visitor, post, shared, private, owner, make_earning, monkeypatch
):
    with app.app_context():
        db.session.execute(update(User).where(User.id == owner.id)
                           .values(time_zone="Asia/Karachi"))
        db.session.commit()
    make_earning(owner, day=date(2026, 4, 1), amount=70000, currency="PKR")
    options(post, private, earnings=True)
    # 00:30 on 1 April in Karachi, still 31 March in UTC: April's earning is this month's.
    monkeypatch.setattr(public, "utcnow", lambda: datetime(2026, 3, 31, 19, 30))
    html = text(visitor.get(shared))
    assert re.search(r"This month: PKR\s?700\.00", html), html[-2000:]
