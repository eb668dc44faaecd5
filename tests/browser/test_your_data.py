"""The account page's "Your data" in a real browser: downloads, an import with and without
JavaScript, a refused file, at phone and desk widths, by keyboard, without axe violations."""

import json
from pathlib import Path

import pytest

from planner.roadmaps.service import create_roadmap
from tests.browser.helpers import axe_violations, horizontal_overflow, sign_in, tab_stops

WIDTHS = [320, 390, 1280]
GOOD = {"format": "learning-path-planner", "version": 1, "roadmaps": [
    {"name": "Brought along", "milestones": [
        {"title": "Learn Figma", "track": "custom", "status": "doing"}]}]}
BAD = {**GOOD, "roadmaps": [{"name": "Broken", "milestones": [
    {"title": "x", "track": "custom", "status": "finished"}]}]}


def export_file(tmp_path, data, name="export.json"):
    """data written to a file the page can pick."""
    path = tmp_path / name
    path.write_text(json.dumps(data) if isinstance(data, dict) else data)
    return str(path)


@pytest.fixture
def member(page, live_server, live_user):
    """A signed-in user with a roadmap, on the account page."""
    user = live_user()
    with live_server.app.app_context():
        create_roadmap(user, "My plan", "recommended", live_server.app.extensions["library"])
    sign_in(page, live_server, user)
    return user


@pytest.mark.parametrize("width", WIDTHS)
def test_the_controls_fit_and_pass_axe(page, member, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/account")
    for name in ("Download all my data (JSON)", "Download my milestones (CSV)"):
        link = page.get_by_role("link", name=name)
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.get_by_label("Data export file (.json)").is_visible()
    assert page.get_by_role("button", name="Import").is_visible()
    assert horizontal_overflow(page) == []
    assert axe_violations(page) == []


def test_every_control_is_reached_by_keyboard(page, member):
    page.goto("/account")
    stops = tab_stops(page)
    ids = [stop.split("|")[1] for stop in stops]
    assert "export-json" in ids and "export-csv" in ids and "import-file" in ids
    assert ids.index("export-json") < ids.index("export-csv") < ids.index("import-file")
    assert any(stop.startswith("button||") and stop.endswith("|Import") for stop in stops)


def test_the_json_and_csv_download_from_the_links(page, member):
    page.goto("/account")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download all my data (JSON)").click()
    download = info.value
    assert download.suggested_filename.startswith(f"planner-{member.username}-")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["account"]["username"] == member.username
    assert data["roadmaps"][0]["name"] == "My plan"
    with page.expect_download() as info:
        page.get_by_role("link", name="Download my milestones (CSV)").click()
    assert info.value.suggested_filename.endswith(".csv")
    assert page.url.endswith("/account")  # the page stayed as it was


def test_a_refused_file_says_where_and_keeps_the_focus_on_the_field(page, member, tmp_path):
    page.goto("/account")
    page.wait_for_function("() => window.htmx !== undefined")
    page.get_by_label("Data export file (.json)").set_input_files(export_file(tmp_path, BAD))
    page.get_by_role("button", name="Import").click()
    error = page.locator("#import-file-error")
    error.wait_for()
    assert "roadmaps[0].milestones[0].status" in error.inner_text()
    assert page.evaluate("document.activeElement.id") == "import-file"
    assert page.url.endswith("/account")
    assert axe_violations(page) == []
    # A file that is not JSON at all: the line and column of the break.
    page.get_by_label("Data export file (.json)").set_input_files(
        export_file(tmp_path, '{"format":\n  ]', "broken.json"))
    page.get_by_role("button", name="Import").click()
    page.get_by_text("at line 2, column 3.").wait_for()


def test_an_import_with_javascript_lands_on_the_roadmaps(page, member, tmp_path, live_server):
    page.goto("/account")
    page.wait_for_function("() => window.htmx !== undefined")
    page.get_by_label("Data export file (.json)").set_input_files(export_file(tmp_path, GOOD))
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(live_server.url + "/roadmap")
    assert page.get_by_text("Imported 1 roadmap with 1 milestone.").is_visible()
    assert page.get_by_role("link", name="Brought along").is_visible()


def test_an_import_without_javascript(nojs_page, live_server, live_user, tmp_path):
    user = live_user()
    sign_in(nojs_page, live_server, user)
    nojs_page.goto("/account")
    nojs_page.get_by_label("Data export file (.json)").set_input_files(
        export_file(tmp_path, GOOD))
    nojs_page.get_by_role("button", name="Import").click()
    nojs_page.wait_for_url("**/roadmap/*")
    assert nojs_page.get_by_text("Imported 1 roadmap with 1 milestone.").is_visible()
    assert nojs_page.get_by_role("heading", name="Learn Figma").is_visible()
