"""The progress card: a 1200 by 630 PNG (Open Graph's size) drawn with Pillow from plain values.

No Flask and no database: the caller reads the figures, this module draws them. A card is
known by its etag(), a digest of everything drawn on it, so it changes exactly when what it
shows changes and needs no invalidation when a milestone moves.
"""

import hashlib
import io
import json
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
# Bump when the drawing changes, so browsers holding an old card's ETag fetch the new one.
DESIGN_VERSION = "1"
# Cards are drawn again only for data no recent request showed: a few dozen in memory per
# process (about 30 KB each) cover the links being passed around at any moment.
CACHE_SIZE = 64
TRACKS_SHOWN = 3
FALLBACK_NAME = "My roadmap"
MARGIN = 72
BAR_HEIGHT = 22
INK, MUTED, PAPER = (27, 38, 49), (78, 90, 101), (255, 255, 255)
DONE_FILL, REST_FILL, ACCENT = (22, 120, 78), (222, 228, 233), (22, 120, 78)


@dataclass(frozen=True)
class TrackLine:
    """One track on the card: its label and how many of its milestones are done."""

    label: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        """Done over total, rounded down (0 for an empty track)."""
        return self.done * 100 // self.total if self.total else 0


@dataclass(frozen=True)
class CardData:
    """Everything the card shows, and nothing else: its etag is a digest of these values."""

    name: str
    done: int
    total: int
    tracks: tuple[TrackLine, ...]

    @property
    def percent(self) -> int:
        """Done over total of the whole roadmap, rounded down."""
        return self.done * 100 // self.total if self.total else 0


def etag(data: CardData, font_name: str = "") -> str:
    """A digest of what the card shows, the design and the font: equal cards, equal tags."""
    shown = json.dumps([DESIGN_VERSION, font_name, asdict(data)], ensure_ascii=False)
    return hashlib.sha256(shown.encode()).hexdigest()[:32]


def render(data: CardData, font_path: str | None = None) -> bytes:
    """The card as PNG bytes; the same data (and font) is drawn once per process."""
    return _render(data, font_path or None)


@lru_cache(maxsize=CACHE_SIZE)
def _render(data: CardData, font_path: str | None) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    title_font = _font(font_path, 60)
    name = _fit(drawable(data.name, title_font) or FALLBACK_NAME, title_font,
                WIDTH - 2 * MARGIN - 260)
    draw.text((MARGIN, 70), name, font=title_font, fill=INK)
    _percent(draw, data, font_path)
    top = 200
    for line in data.tracks[:TRACKS_SHOWN]:
        _track(draw, line, top, font_path)
        top += 110
    footer = _font(font_path, 28)
    draw.text((MARGIN, HEIGHT - 70), "Learning-Path Planner", font=footer, fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _percent(draw: ImageDraw.ImageDraw, data: CardData, font_path: str | None) -> None:
    """The overall percentage at the top right, with done/total under it."""
    big, small = _font(font_path, 96), _font(font_path, 30)
    right = WIDTH - MARGIN
    draw.text((right, 40), f"{data.percent}%", font=big, fill=ACCENT, anchor="ra")
    draw.text((right, 150), f"{data.done} of {data.total} done", font=small, fill=MUTED,
              anchor="ra")


def _track(draw: ImageDraw.ImageDraw, line: TrackLine, top: int, font_path: str | None) -> None:
    """One track: its label and figures, then its bar."""
    font = _font(font_path, 36)
    draw.text((MARGIN, top), drawable(line.label, font) or "Track", font=font, fill=INK)
    draw.text((WIDTH - MARGIN, top), f"{line.done}/{line.total} · {line.percent}%", font=font,
              fill=MUTED, anchor="ra")
    bar_top, width = top + 52, WIDTH - 2 * MARGIN
    draw.rounded_rectangle((MARGIN, bar_top, MARGIN + width, bar_top + BAR_HEIGHT),
                           radius=BAR_HEIGHT // 2, fill=REST_FILL)
    filled = width * line.done // line.total if line.total else 0
    if filled:
        draw.rounded_rectangle((MARGIN, bar_top, MARGIN + max(filled, BAR_HEIGHT),
                                bar_top + BAR_HEIGHT), radius=BAR_HEIGHT // 2, fill=DONE_FILL)


@lru_cache(maxsize=16)
def _font(font_path: str | None, size: int) -> ImageFont.FreeTypeFont:
    """The configured font at this size, or Pillow's own scalable one (no system fonts)."""
    if font_path:
        try:
            return ImageFont.truetype(font_path, size)
        except OSError:
            pass  # a missing or broken file must not break the card: draw with the default
    return ImageFont.load_default(size=size)


def drawable(text: str, font: ImageFont.FreeTypeFont) -> str:
    """text with what the font cannot draw left out, accents dropped where that helps.

    Pillow's own font covers ASCII only; a title in Urdu or Hindi would otherwise come out as
    a row of empty boxes. "Café" becomes "Cafe"; letters with no plain form are left out.
    """
    kept = []
    for char in text:
        if _has_glyph(font, char):
            kept.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)
        kept.extend(c for c in base if not unicodedata.combining(c) and _has_glyph(font, c))
    return " ".join("".join(kept).split())


def _has_glyph(font: ImageFont.FreeTypeFont, char: str) -> bool:
    """True when the font draws char as something other than its missing-glyph box."""
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return False
    return char.isspace() or _mask(font, char) != _mask(font, "\U0010fffd")


@lru_cache(maxsize=4096)
def _mask(font: ImageFont.FreeTypeFont, char: str) -> tuple:
    """The glyph's bitmap and box, to compare with the missing-glyph box."""
    mask = font.getmask(char)
    return mask.size, bytes(mask), font.getbbox(char)


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """text, cut with an ellipsis at a word where it can, so it fits width pixels."""
    if font.getlength(text) <= width:
        return text
    # The longest start that fits with the ellipsis, found by halving: cutting a letter at a
    # time measures as many texts as the name has letters, each as long as the name.
    fits, too_long = 0, len(text)
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if font.getlength(text[:middle] + "…") <= width:
            fits = middle
        else:
            too_long = middle
    text = text[:fits]
    cut = text.rsplit(" ", 1)[0] if " " in text[len(text) // 2:] else text
    return cut.rstrip() + "…"
