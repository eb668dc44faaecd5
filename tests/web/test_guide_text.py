"""The guide pages keep the text they had when it was recorded (tests/guide_snapshot.py)."""

from pathlib import Path

import pytest
from flask import render_template

from planner.content import parse_guide
from tests.guide_snapshot import PAGES, page_sections, recorded


@pytest.mark.parametrize("url", PAGES)
def test_page_shows_the_recorded_guide_text(client, url):
    page = page_sections(client.get(url).get_data(as_text=True))
    expected = recorded()[url]
    assert [s["section"] for s in page] == [s["section"] for s in expected]
    for shown, wanted in zip(page, expected, strict=True):
        assert shown["blocks"] == wanted["blocks"], shown["section"]


def test_the_record_covers_every_section_of_every_guide(app):
    pages = recorded()
    for guide in app.extensions["library"].guides:
        sections = {s["section"]: s["blocks"] for s in pages[f"/guides/{guide.slug}"]}
        for section in guide.sections:
            title, *blocks = sections[section.key]
            assert title.startswith(f'<h2 id="{section.key}-title">')
            assert len(blocks) == len(section.blocks), section.key


def test_raw_html_from_a_file_is_shown_escaped(app):
    text = "\n".join(
        [
            "---",
            "slug: sample",
            "title: Sample",
            "summary: A sample.",
            "order: 1",
            "---",
            "",
            "{#intro}",
            "## Intro",
            "",
            "<script>alert(1)</script>",
            "",
            '{caption="A <b>caption</b>"}',
            "| <i>A</i> | B |",
            "| --- | --- |",
            "| <img src=x onerror=alert(1)> | y |",
        ]
    )
    section = parse_guide(text, Path("sample.md")).section("intro")
    with app.test_request_context():
        html = "".join(render_template("guides/_block.html", block=b) for b in section.blocks)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "<i>" not in html and "<img" not in html
    assert "<caption>A &lt;b&gt;caption&lt;/b&gt;</caption>" in html
    assert '<th scope="row">&lt;img src=x onerror=alert(1)&gt;</th>' in html
