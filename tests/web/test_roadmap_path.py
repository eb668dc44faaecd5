"""A path that leads: from "Build my roadmap" to the builder, and back to one's roadmap."""

from tests.support.roadmaps import text


def test_a_visitor_registers_and_lands_on_the_builder(client, post):
    html = text(client.get("/"))
    assert 'href="/register?next=/roadmap/new" role="button">Build my roadmap' in html
    page = text(client.get("/register?next=/roadmap/new"))
    assert 'name="next" type="hidden" value="/roadmap/new"' in page
    data = {"username": "newcomer", "email": "newcomer@example.com", "next": "/roadmap/new",
            "password": "a long walk to the market", "confirm": "a long walk to the market"}
    response = post("/register", data)
    assert response.status_code == 303
    assert response.location == "/roadmap/new"


def test_a_member_with_a_roadmap_sees_how_far_along_it_is_at_home(client, roadmap, post):
    post(roadmap.milestone_url(0, "status"), {"status": "done"})
    html = text(client.get("/"))
    assert "Your roadmap “<strong>My plan</strong>”:" in html
    assert "1 of 9 done · next: Do a few small tasks every day" in html
    assert f'href="{roadmap.url}" role="button">Open my roadmap' in html
    assert 'href="/roadmap/new" role="button" class="secondary">Build another roadmap' in html
    assert "Build my roadmap" not in html


def test_the_next_step_is_one_in_progress_before_one_to_do(client, roadmap, post):
    post(roadmap.milestone_url(5, "status"), {"status": "doing"})
    assert "next: " + "Build a portfolio" in text(client.get("/"))


def test_with_several_roadmaps_home_shows_the_newest_and_links_to_all(client, owner,
                                                                      make_roadmap):
    make_roadmap(owner, name="Old")
    make_roadmap(owner, name="New", template="freelancing")
    html = text(client.get("/"))
    assert "“<strong>New</strong>”: 0 of 5 done" in html
    assert 'href="/roadmap">all 2 roadmaps</a>' in html


def test_a_member_goes_to_the_roadmap_they_have(client, roadmap):
    guide = text(client.get("/guides/micro-jobs-vs-freelancing"))
    assert 'href="/roadmap" role="button">Go to my roadmap' in guide
    assert client.get("/roadmap").location == roadmap.url


def test_the_home_page_costs_the_same_queries_whatever_the_roadmaps(client, owner,
                                                                    make_roadmap, count_queries):
    make_roadmap(owner)
    with count_queries() as few:
        client.get("/")
    for n in range(3):
        make_roadmap(owner, name=f"Plan {n}", custom=5)
    with count_queries() as many:
        client.get("/")
    assert len(few) == len(many)
