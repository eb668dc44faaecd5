"""The guide pages keep the text they had when it was recorded (tests/guide_snapshot.py)."""

import pytest

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
