"""The progress card drawn from plain values: its size, its tag, and titles in any script."""

import io

import pytest
from PIL import Image, ImageFont

from planner.sharing import card

PLAN = card.CardData("My plan", 3, 9, (card.TrackLine("Micro jobs", 3, 4),
                                       card.TrackLine("Freelancing", 0, 5)))


def opened(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_the_card_is_an_open_graph_sized_png():
    image = opened(card.render(PLAN))
    assert image.format == "PNG" and image.size == (1200, 630)


def test_the_tag_and_the_picture_change_with_what_is_shown():
    more = card.CardData("My plan", 4, 9, (card.TrackLine("Micro jobs", 4, 4),
                                           card.TrackLine("Freelancing", 0, 5)))
    assert card.etag(PLAN) == card.etag(card.CardData(**vars(PLAN)))
    assert card.etag(PLAN) != card.etag(more)
    assert card.etag(PLAN) != card.etag(PLAN, font_name="/fonts/Other.ttf")
    assert opened(card.render(PLAN)).tobytes() != opened(card.render(more)).tobytes()


@pytest.mark.parametrize(
    "name",
    ["مائیکرو جابز سے فری لانسنگ تک", "माइक्रो जॉब्स से फ्रीलांसिंग तक", "Café ☕ 🚀 plan",
     "\u200f\u202e\x00 zero-width\u200b", "W" * 100],
)
def test_any_title_draws_without_failing(name):
    data = card.CardData(name, 1, 2, (card.TrackLine("Micro jobs", 1, 2),))
    assert opened(card.render(data)).size == (1200, 630)


class Measured:
    """A font that counts how often a text's width is asked for."""

    def __init__(self, font):
        self.font, self.calls = font, 0

    def getlength(self, text: str) -> float:
        self.calls += 1
        return self.font.getlength(text)


@pytest.mark.parametrize("text", ["word " * 2000, "x" * 10_000])
def test_a_long_name_is_cut_to_fit_in_few_measurements(text):
    """Cutting a letter at a time measured 10,000 names of 10,000 letters: minutes per card."""
    font = Measured(ImageFont.load_default(size=60))
    fitted = card._fit(text, font, 900)
    assert fitted.endswith("…") and 600 < font.font.getlength(fitted) <= 900
    assert font.calls <= 20


def test_what_the_default_font_cannot_draw_is_left_out_or_plainer():
    font = ImageFont.load_default(size=40)
    assert card.drawable("Café plan", font) == "Cafe plan"
    assert card.drawable("مائیکرو جابز", font) == ""
    assert card.drawable("Plan: हिन्दी 2026", font) == "Plan: 2026"


def test_a_font_file_that_cannot_be_read_falls_back_to_pillows(tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    for path in (str(broken), str(tmp_path / "missing.ttf")):
        assert opened(card.render(PLAN, path)).size == (1200, 630)


def test_an_empty_roadmap_reads_zero_percent():
    empty = card.CardData("Nothing yet", 0, 0, ())
    assert empty.percent == 0
    assert opened(card.render(empty)).size == (1200, 630)


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_a_configured_font_draws_the_scripts_it_covers():
    try:
        font = ImageFont.truetype(DEJAVU, 40)
    except OSError:
        pytest.skip(f"no {DEJAVU} on this machine (Debian's fonts-dejavu-core)")
    assert card.drawable("مائیکرو جابز", font) == "مائیکرو جابز"
    default = card.render(card.CardData("مائیکرو جابز", 0, 1, ()))
    with_font = card.render(card.CardData("مائیکرو جابز", 0, 1, ()), DEJAVU)
    assert opened(default).tobytes() != opened(with_font).tobytes()
