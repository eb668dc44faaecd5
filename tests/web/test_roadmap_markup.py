"""The roadmap's rows render the same markup, byte for byte, on the page and in each partial.

The expected markup lives in tests/web/markup/roadmap/; ids and tokens are replaced by names
so the files hold only what a template decides. REWRITE_MARKUP=1 writes them afresh.
"""

import os
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from planner.extensions import db
from planner.roadmaps.models import Milestone
from tests.support.roadmaps import text

EXPECTED = Path(__file__).parent / "markup" / "roadmap"
# The guide's steps first (4 micro jobs, 5 freelancing), then the three of one's own.
CUSTOM = {
    9: {"status": "done", "done_at": datetime(2026, 3, 4, 10, 0), "notes": "Two <b>lines</b>",
        "evidence_url": "https://example.com/work?a=1&b=2", "minutes_spent": 95},
    10: {"status": "doing", "target_date": date(2020, 1, 2)},
    11: {"status": "skipped", "target_date": date(2099, 12, 31)},
}


@pytest.fixture
def varied(app, make_roadmap, owner):
    """The signed-in user's recommended roadmap, one guide step done, and three of one's own
    milestones: done with notes, evidence and time; overdue; skipped with a far target."""
    made = make_roadmap(owner, custom=3)
    with app.app_context():
        first = made.milestone_ids[0]
        db.session.execute(update(Milestone).where(Milestone.id == first).values(
            status="done", done_at=datetime(2026, 2, 1, 9, 30), target_date=date(2020, 5, 6)))
        for index, values in CUSTOM.items():
            db.session.execute(update(Milestone)
                               .where(Milestone.id == made.milestone_ids[index]).values(**values))
        db.session.commit()
    return made


def named(html: str, made) -> str:
    """html with tokens, nonces and ids replaced by stable names."""
    html = re.sub(r'(name="csrf_token" value=")[^"]+', r"\1CSRF", html)
    html = re.sub(r'(name="idempotency_key" type="hidden" value=")[^"]+', r"\1KEY", html)
    html = re.sub(r'(&#34;X-CSRFToken&#34;: &#34;)[^&]+', r"\1CSRF", html)
    html = re.sub(rf"(?<=/roadmap/){made.id}(?=[/\"#?])", "R", html)
    for index, milestone_id in enumerate(made.milestone_ids):
        html = as_name(html, milestone_id, f"M{index}")
    return html


def as_name(html: str, number: int, name: str) -> str:
    """html with the id number, where it ends an id ("tick-7") or a path part, as name."""
    return re.sub(rf"(?:(?<=[a-z]-)|(?<=/)){number}(?=[-/\"#\s?&])", name, html)


def piece(html: str, start: str, end: str) -> str:
    """From the first start to the end of the first end after it."""
    begin = html.index(start)
    return html[begin:html.index(end, begin) + len(end)]


def row(html: str) -> str:
    """The first milestone row in html."""
    return piece(html, '<li id="milestone-', "</li>")


def check(name: str, markup: str) -> None:
    """markup equals the expected file of that name, line by line.

    Indentation and blank lines are the templates' layout, not the page's: they are left out.
    """
    markup = "\n".join(line.strip() for line in markup.splitlines() if line.strip()) + "\n"
    path = EXPECTED / f"{name}.html"
    if os.environ.get("REWRITE_MARKUP"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markup)
    assert markup == path.read_text()


def test_the_page_renders_the_same_rows_tracks_and_forms(client, varied):
    html = text(client.get(varied.url))
    check("page", named(piece(html, '<div class="roadmap">', "</main>"), varied))


def test_the_page_landed_on_a_row_renders_the_same(client, varied):
    anchor = f"milestone-{varied.milestone_ids[10]}"
    html = text(client.get(f"{varied.url}?landed={anchor}"))
    check("landed", named(piece(html, f'<li id="{anchor}"', "</li>"), varied))


@pytest.mark.parametrize("index", [0, 4, 9, 10, 11])
@pytest.mark.parametrize("focus", ["", "edit"])
def test_one_row_as_htmx_asks_for_it_renders_the_same(client, varied, hx, index, focus):
    url = varied.milestone_url(index) + (f"?focus={focus}" if focus else "")
    check(f"row-{index}-{focus or 'none'}", named(text(client.get(url, headers=hx)), varied))


@pytest.mark.parametrize(("index", "status"), [(4, "doing"), (10, "skipped"), (11, "todo")])
def test_the_row_after_a_status_change_renders_the_same(post, varied, index, status):
    response = post(varied.milestone_url(index, "status"), {"status": status}, htmx=True)
    check(f"status-{index}-{status}", named(row(text(response)), varied))


def test_a_refused_status_renders_the_row_with_its_message(post, varied):
    response = post(varied.milestone_url(9, "status"), {"status": "bogus"}, htmx=True)
    assert response.status_code == 422
    check("status-refused", named(row(text(response)), varied))


@pytest.mark.parametrize(("index", "direction"), [(1, "up"), (9, "down"), (11, "down")])
def test_the_track_after_a_move_renders_the_same(post, varied, index, direction):
    response = post(varied.milestone_url(index, "move"), {"direction": direction}, htmx=True)
    html = text(response)
    check(f"move-{index}-{direction}",
          named(piece(html, "<section", "</section>"), varied))


def test_both_tracks_after_a_move_to_another_track_render_the_same(post, varied):
    response = post(varied.milestone_url(10, "track"), {"track": "freelancing"}, htmx=True)
    html = text(response)
    first = piece(html, "<section", "</section>")
    rest = html[html.index(first) + len(first):]
    check("to-track", named(first + piece(rest, "<section", "</section>"), varied))


@pytest.mark.parametrize("action", ["edit", "delete", "time"])
def test_the_forms_in_place_of_a_row_render_the_same(client, varied, hx, action):
    response = client.get(varied.milestone_url(9, action), headers=hx)
    check(f"in-place-{action}", named(row(text(response)), varied))


def test_an_added_milestone_answers_its_track_the_same(post, varied):
    response = post(varied.url + "/milestones",
                    {"track": "custom", "title": "Added one", "position": "2"}, htmx=True)
    html = text(response)
    section = piece(html, "<section", "</section>")
    # The new milestone's id is not the fixture's: it reads as ADDED.
    new_id = max(int(n) for n in re.findall(r'id="milestone-(\d+)"', section))
    section = as_name(section, new_id, "ADDED")
    check("added", named(section, varied))


@pytest.mark.parametrize(("case", "data"), [
    ("no-title", {"title": "", "position": "1"}),
    ("bad-date", {"title": "Kept title", "target_date": "31/12/2030", "notes": "Kept notes"}),
    ("bad-position", {"title": "Kept title", "position": "0"}),
])
def test_a_refused_add_form_renders_the_same(post, varied, case, data):
    response = post(varied.url + "/milestones", {"track": "freelancing", **data}, htmx=True)
    assert response.status_code == 422
    check(f"add-refused-{case}", named(piece(text(response), "<details", "</details>"), varied))


def test_a_refused_add_form_without_javascript_renders_the_page_the_same(post, varied):
    response = post(varied.url + "/milestones", {"track": "custom", "title": ""})
    assert response.status_code == 422
    html = text(response)
    check("add-refused-page", named(piece(html, '<section id="track-custom"', "</section>"),
                                    varied))
