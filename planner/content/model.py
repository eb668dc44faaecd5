"""The guides as immutable objects, built once at start-up by the loader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import ClassVar

TRACKS = ("micro-jobs", "freelancing")


class ContentError(Exception):
    """A content file is malformed; the message names the file and the line."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class Paragraph:
    """Plain text shown as one paragraph."""

    text: str
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class ItemList:
    """A bulleted or numbered list of plain-text items."""

    items: tuple[str, ...]
    ordered: bool
    kind: ClassVar[str] = "list"


@dataclass(frozen=True)
class Table:
    """A captioned table; the first cell of each row names the row."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kind: ClassVar[str] = "table"


Block = Paragraph | ItemList | Table


@dataclass(frozen=True)
class Section:
    """One titled part of a guide; steps of a step-by-step guide carry their number."""

    key: str
    title: str
    blocks: tuple[Block, ...]
    step: int | None


@dataclass(frozen=True)
class Guide:
    """A whole guide: its metadata and its ordered sections."""

    slug: str
    title: str
    summary: str
    order: int
    track: str | None
    sections: tuple[Section, ...]

    @property
    def steps(self) -> tuple[Section, ...]:
        """Return the step sections in order."""
        return tuple(s for s in self.sections if s.step is not None)

    def section(self, key: str) -> Section | None:
        """Return the section with this key, or None."""
        return next((s for s in self.sections if s.key == key), None)


@dataclass(frozen=True)
class Library:
    """All guides, sorted by their order, with lookups by slug and by track."""

    guides: tuple[Guide, ...]
    _by_slug: Mapping[str, Guide] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Frozen, so the sorted tuple and the lookup maps are set once, here.
        guides = tuple(sorted(self.guides, key=lambda g: g.order))
        object.__setattr__(self, "guides", guides)
        object.__setattr__(self, "_by_slug", MappingProxyType({g.slug: g for g in guides}))

    def get(self, slug: str) -> Guide | None:
        """Return the guide with this slug, or None."""
        return self._by_slug.get(slug)

    def step(self, track: str, key: str) -> Section | None:
        """Return the step with this key in the guide of this track, or None."""
        guide = next((g for g in self.guides if g.track == track), None)
        section = guide.section(key) if guide else None
        return section if section is not None and section.step is not None else None
