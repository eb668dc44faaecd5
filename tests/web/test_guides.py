"""The home page and the guide pages, as a visitor sees them."""

import re
from html.parser import HTMLParser

import pytest

PAGES = [
    "/",
    "/guides/",
    "/guides/micro-jobs-vs-freelancing",
    "/guides/micro-jobs",
    "/guides/freelancing",
]


class Outline(HTMLParser):
    """Collects ids, links, sections and table cells of a page."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.sections: list[dict] = []
        self.cells: list[tuple[str, str | None, bool]] = []  # (tag, scope, inside tbody)
        self.captions = 0
        self._in_tbody = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag == "section":
            self.sections.append(attrs)
        if tag == "tbody":
            self._in_tbody = True
        if tag in ("th", "td"):
            self.cells.append((tag, attrs.get("scope"), self._in_tbody))
        if tag == "caption":
            self.captions += 1

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_tbody = False


def outline(response) -> Outline:
    parser = Outline()
    parser.feed(response.get_data(as_text=True))
    return parser


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_a_whole_document(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith("<!doctype html>")
    assert 'href="#main"' in html and 'id="main"' in html
    assert re.search(r"<title>[^<]+</title>", html)


def test_home_shows_the_comparison_at_a_glance_and_a_call_to_action(client):
    page = outline(client.get("/"))
    body_rows = [c for c in page.cells if c[0] == "th" and c[1] == "row"]
    assert len(body_rows) == 8
    assert "/register?next=/roadmap/new" in page.links
    assert "/guides/micro-jobs-vs-freelancing" in page.links


def test_guide_list_links_to_all_three_guides(client):
    links = outline(client.get("/guides/")).links
    for slug in ("micro-jobs-vs-freelancing", "micro-jobs", "freelancing"):
        assert f"/guides/{slug}" in links


def test_comparison_table_is_a_real_table_with_eight_rows(client):
    page = outline(client.get("/guides/micro-jobs-vs-freelancing"))
    column_heads = [c for c in page.cells if c[0] == "th" and not c[2]]
    row_heads = [c for c in page.cells if c[0] == "th" and c[2]]
    data_cells = [c for c in page.cells if c[0] == "td"]
    assert page.captions == 1
    assert [c[1] for c in column_heads] == ["col"] * 3
    assert [c[1] for c in row_heads] == ["row"] * 8
    assert len(data_cells) == 16


@pytest.mark.parametrize(
    ("slug", "keys"),
    [
        ("micro-jobs", ["register", "daily-tasks", "cash-out", "save-for-skills"]),
        (
            "freelancing",
            ["learn-a-skill", "build-portfolio", "create-profiles", "small-projects",
             "grow-client-base"],
        ),
    ],
)
def test_step_guides_show_their_steps_in_order(client, slug, keys):
    html = client.get(f"/guides/{slug}").get_data(as_text=True)
    steps = re.findall(r'<section id="([a-z0-9-]+)" class="guide-section guide-step"', html)
    assert steps == keys
    numbers = re.findall(r'<span class="step-number">Step (\d+):</span>', html)
    assert numbers == [str(n) for n in range(1, len(keys) + 1)]


@pytest.mark.parametrize("slug", ["micro-jobs-vs-freelancing", "micro-jobs", "freelancing"])
def test_every_section_has_an_anchor_listed_in_the_contents(app, client, slug):
    guide = app.extensions["library"].get(slug)
    page = outline(client.get(f"/guides/{slug}"))
    section_ids = [s.get("id") for s in page.sections if "guide-section" in s.get("class", "")]
    assert section_ids == [s.key for s in guide.sections]
    for key in section_ids:
        assert f"#{key}" in page.links
    assert len(page.ids) == len(set(page.ids)), "ids must be unique on the page"


def test_comparison_ends_with_a_call_to_register(client):
    html = client.get("/guides/micro-jobs-vs-freelancing").get_data(as_text=True)
    verdict = html.index('id="verdict"')
    call = html.index('class="call-to-action"')
    assert call > verdict
    assert 'href="/register?next=/roadmap/new"' in html[call:]


def test_unknown_guide_answers_a_404_page(client):
    response = client.get("/guides/no-such-guide")
    assert response.status_code == 404
    assert "We could not find that page." in response.get_data(as_text=True)


def test_guide_pages_run_a_constant_number_of_queries(client, count_queries):
    counts = []
    for slug in ("micro-jobs-vs-freelancing", "micro-jobs", "freelancing"):
        with count_queries() as statements:
            client.get(f"/guides/{slug}")
        counts.append(len(statements))
    # Comment threads are read in a fixed number of queries, whatever the guide's size.
    assert len(set(counts)) == 1 and counts[0] <= 6
