"""The guides: content files in guides/ and the loader that turns them into a Library."""

from pathlib import Path

from .loader import parse_guide, read_guide
from .model import (
    TRACKS,
    Block,
    ContentError,
    Guide,
    ItemList,
    Library,
    Paragraph,
    Section,
    Table,
)

__all__ = [
    "CONTENT_DIR",
    "TRACKS",
    "Block",
    "ContentError",
    "Guide",
    "ItemList",
    "Library",
    "Paragraph",
    "Section",
    "Table",
    "load_library",
    "parse_guide",
]

CONTENT_DIR = Path(__file__).parent / "guides"


def load_library(folder: Path = CONTENT_DIR) -> Library:
    """Parse every *.md file in folder (by name) into a Library; raise ContentError on a mistake."""
    paths = sorted(folder.glob("*.md"))
    if not paths:
        # An empty library is almost always a packaging mistake, so refuse to start.
        raise ContentError(folder, 1, "no guide files (*.md) found")
    guides: list[Guide] = []
    for path in paths:
        guide, meta_lines = read_guide(_read_text(path), path)
        _check_unique(guide, guides, path, meta_lines)
        guides.append(guide)
    return Library(tuple(guides))


def _read_text(path: Path) -> str:
    """Read a content file as UTF-8 (a byte-order mark is tolerated)."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ContentError(path, 1, f"not valid UTF-8 ({err.reason})") from err
    except OSError as err:
        raise ContentError(path, 1, f"cannot read file ({err.strerror or err})") from err


def _check_unique(guide: Guide, earlier: list[Guide], path: Path, lines: dict[str, int]) -> None:
    """Reject a guide whose slug or track an earlier file already uses."""
    if any(g.slug == guide.slug for g in earlier):
        raise ContentError(path, lines["slug"], f"duplicate slug {guide.slug!r}")
    # Library.step finds a step guide by its track, so two guides may not share one.
    if guide.track is not None and any(g.track == guide.track for g in earlier):
        raise ContentError(path, lines["track"], f"duplicate track {guide.track!r}")
