"""A roadmap printed is a clean checklist: no navigation, forms, buttons or menus; a glyph per
status, the titles and target dates, black on white."""

from datetime import date

import pytest

from planner.extensions import db
from planner.roadmaps.models import Milestone, Roadmap
from planner.roadmaps.service import create_roadmap
from tests.browser.helpers import sign_in

GLYPHS = {"todo": "☐", "doing": "◐", "done": "☑", "skipped": "☒"}


@pytest.fixture
def printed(page, live_server, live_user):
    """A roadmap with a milestone in each status, opened as print media."""
    user = live_user()
    app = live_server.app
    with app.app_context():
        roadmap = create_roadmap(user, "Printed plan", "recommended", app.extensions["library"])
        roadmap = db.session.get(Roadmap, roadmap.id)
        for milestone, status in zip(roadmap.milestones, GLYPHS, strict=False):
            milestone.status = status
            milestone.target_date = date(2030, 6, 30) if status == "doing" else None
        db.session.commit()
        url = f"/roadmap/{roadmap.id}"
        statuses = {m.id: m.status for m in db.session.scalars(
            db.select(Milestone).where(Milestone.roadmap_id == roadmap.id))}
    sign_in(page, live_server, user)
    page.goto(url)
    page.emulate_media(media="print")
    return statuses


def test_nothing_to_press_is_printed(page, printed):
    assert page.locator(".site-header").is_hidden()
    assert page.get_by_role("navigation", name="Main").is_hidden()
    assert page.locator(".site-footer").is_hidden()
    for selector in ("form", "button", "select", "details", ".roadmap-links"):
        shown = [n for n in page.locator(selector).all() if n.is_visible()]
        assert shown == [], selector
    page.emulate_media(media="screen")
    assert page.get_by_role("navigation", name="Main").is_visible()  # the screen is unchanged


def test_each_milestone_is_a_glyph_a_title_and_its_target_date(page, printed):
    assert page.get_by_role("heading", name="Printed plan").is_visible()
    for milestone_id, status in printed.items():
        row = page.locator(f"#milestone-{milestone_id}")
        assert row.locator(".milestone-title").is_visible()
        glyph = row.evaluate("el => getComputedStyle(el, '::before').content")
        assert glyph == f'"{GLYPHS[status]}"', (milestone_id, status)
    doing = next(m for m, status in printed.items() if status == "doing")
    row = page.locator(f"#milestone-{doing}")
    assert row.locator(".target").is_visible()
    assert "30 June 2030" in row.inner_text()
    assert sorted(set(printed.values())) == sorted(GLYPHS)


def test_the_page_prints_black_on_white(page, printed):
    colours = page.evaluate("""() => [...document.querySelectorAll(
            'h1, h2, .milestone-title, .milestone-meta, .progress-figures')]
        .map(el => getComputedStyle(el).color)""")
    assert colours and set(colours) == {"rgb(0, 0, 0)"}
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in (
        "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    borders = page.evaluate("""() => [...document.querySelectorAll('.milestone')]
        .map(el => getComputedStyle(el).borderLeftWidth)""")
    assert set(borders) == {"0px"}
