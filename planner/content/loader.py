"""Parse guide content files into immutable objects, failing loudly on the first mistake."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .model import TRACKS, Block, ContentError, Guide, ItemList, Paragraph, Section, Table

REQUIRED_META = ("slug", "title", "summary", "order")
KNOWN_META = (*REQUIRED_META, "track")

_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HEADER = re.compile(r"##\s+(?:(step)\s+)?([^\s|]+)\s*\|\s*(\S.*?)\s*")
_BULLET = re.compile(r"-\s+(\S.*)")
_ORDERED = re.compile(r"\d+\.\s+(\S.*)")
_CAPTION = re.compile(r"Table:\s*(.*)")


@dataclass
class _Draft:
    """A section being read: its header and the blocks found so far."""

    key: str
    title: str
    step: int | None
    line: int
    blocks: list[Block] = field(default_factory=list)


def parse_guide(text: str, path: Path) -> Guide:
    """Parse the text of one content file; raise ContentError naming path and line."""
    # split("\n") rather than splitlines(), which also breaks on form feeds and
    # other separators and would make our line numbers disagree with editors.
    lines = [line.strip() for line in text.split("\n")]
    meta, end = _parse_front_matter(lines, path)
    drafts = _parse_body(lines, end + 1, path)
    if not drafts:
        raise ContentError(path, end + 1, "no sections after the front matter")
    return _build_guide(meta, drafts, path)


def _parse_front_matter(lines: list[str], path: Path) -> tuple[dict[str, tuple[str, int]], int]:
    """Return {key: (value, line)} and the index of the closing '---'."""
    if not lines or lines[0] != "---":
        raise ContentError(path, 1, "missing front matter: the first line must be '---'")
    if "---" not in lines[1:]:
        raise ContentError(path, 1, "front matter is never closed with '---'")
    end = lines.index("---", 1)
    meta: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line:
            continue
        key, colon, value = (part.strip() for part in line.partition(":"))
        if not colon or not value:
            raise ContentError(path, number, f"expected 'key: value', got {line!r}")
        if key not in KNOWN_META:
            raise ContentError(path, number, f"unknown front-matter key {key!r}")
        if key in meta:
            raise ContentError(path, number, f"duplicate front-matter key {key!r}")
        _check_meta_value(key, value, number, path)
        meta[key] = (value, number)
    for key in REQUIRED_META:
        if key not in meta:
            raise ContentError(path, end + 1, f"missing front-matter key {key!r}")
    return meta, end


def _check_meta_value(key: str, value: str, number: int, path: Path) -> None:
    """Reject a slug, order or track value that the app could not use."""
    if key == "slug" and not _KEY.fullmatch(value):
        raise ContentError(path, number, f"bad slug {value!r}: use a-z, 0-9 and '-'")
    if key == "order" and not re.fullmatch(r"[0-9]+", value):
        raise ContentError(path, number, f"order must be a whole number, got {value!r}")
    if key == "track" and value not in TRACKS:
        raise ContentError(path, number, f"track must be one of {TRACKS}, got {value!r}")


def _parse_body(lines: list[str], start: int, path: Path) -> list[_Draft]:
    """Read sections and their blocks from lines[start:]."""
    drafts: list[_Draft] = []
    index = start
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
        elif line.startswith("#"):
            drafts.append(_parse_header(line, index + 1, drafts, path))
            index += 1
        elif not drafts:
            raise ContentError(path, index + 1, "text before the first section")
        else:
            block, index = _read_block(lines, index, path)
            drafts[-1].blocks.append(block)
    if drafts:
        _check_not_empty(drafts[-1], path)
    return drafts


def _check_not_empty(draft: _Draft, path: Path) -> None:
    """Reject a section that ended without any block."""
    if not draft.blocks:
        raise ContentError(path, draft.line, f"section {draft.key!r} is empty")


def _parse_header(line: str, number: int, drafts: list[_Draft], path: Path) -> _Draft:
    """Turn '## key | Title' or '## step key | Title' into a new section draft."""
    match = _HEADER.fullmatch(line)
    if not match:
        raise ContentError(path, number, "bad section header: expected '## [step] key | Title'")
    if drafts:
        _check_not_empty(drafts[-1], path)
    is_step, key, title = match.groups()
    if not _KEY.fullmatch(key):
        raise ContentError(path, number, f"bad section key {key!r}: use a-z, 0-9 and '-'")
    if any(d.key == key for d in drafts):
        raise ContentError(path, number, f"duplicate section key {key!r}")
    step = None
    if is_step:
        step = 1 + sum(1 for d in drafts if d.step is not None)
    return _Draft(key, title, step, number)


def _line_kind(line: str) -> str:
    """Classify a non-blank body line by the block it belongs to."""
    if line.startswith(("#", "|")):
        return "header" if line[0] == "#" else "row"
    for kind, pattern in (("caption", _CAPTION), ("bullet", _BULLET), ("ordered", _ORDERED)):
        if pattern.fullmatch(line):
            return kind
    return "text"


def _read_block(lines: list[str], index: int, path: Path) -> tuple[Block, int]:
    """Read the block starting at lines[index]; return it and the index after it."""
    kind = _line_kind(lines[index])
    if kind == "caption":
        return _read_table(lines, index, path)
    if kind == "row":
        raise ContentError(path, index + 1, "table row without a 'Table: caption' line")
    if kind in ("bullet", "ordered"):
        return _read_list(lines, index, path)
    end = _run_end(lines, index, ("text",))
    return Paragraph(" ".join(lines[index:end])), end


def _run_end(lines: list[str], index: int, kinds: tuple[str, ...]) -> int:
    """Return the index just past the consecutive non-blank lines of these kinds."""
    while index < len(lines) and lines[index] and _line_kind(lines[index]) in kinds:
        index += 1
    return index


def _read_list(lines: list[str], index: int, path: Path) -> tuple[ItemList, int]:
    """Read consecutive list items, all bullets or all numbered."""
    ordered = _line_kind(lines[index]) == "ordered"
    pattern = _ORDERED if ordered else _BULLET
    end = _run_end(lines, index, ("bullet", "ordered"))
    items = []
    for number, line in enumerate(lines[index:end], start=index + 1):
        match = pattern.fullmatch(line)
        if not match:
            raise ContentError(path, number, "bullet and numbered items mixed in one list")
        items.append(match.group(1))
    return ItemList(tuple(items), ordered), end


def _read_table(lines: list[str], index: int, path: Path) -> tuple[Table, int]:
    """Read a 'Table: caption' line and the '|' rows under it."""
    caption = _CAPTION.fullmatch(lines[index]).group(1).strip()
    if not caption:
        raise ContentError(path, index + 1, "table without a caption")
    end = _run_end(lines, index + 1, ("row",))
    if end - index < 3:
        raise ContentError(path, index + 1, "table needs a header row and at least one row")
    rows = [
        tuple(cell.strip() for cell in line.strip("|").split("|"))
        for line in lines[index + 1 : end]
    ]
    header = rows[0]
    for number, row in enumerate(rows, start=index + 2):
        if len(row) != len(header):
            raise ContentError(path, number, f"row has {len(row)} cells, header {len(header)}")
        if not all(row):
            raise ContentError(path, number, "empty table cell")
    return Table(caption, header, tuple(rows[1:])), end


def _build_guide(meta: dict[str, tuple[str, int]], drafts: list[_Draft], path: Path) -> Guide:
    """Check the track against the steps and assemble the Guide."""
    track, track_line = meta.get("track", (None, 0))
    steps = [d for d in drafts if d.step is not None]
    if track is None and steps:
        raise ContentError(path, steps[0].line, "step section in a guide without a track")
    if track is not None and not steps:
        raise ContentError(path, track_line, f"guide has track {track!r} but no step sections")
    sections = tuple(Section(d.key, d.title, tuple(d.blocks), d.step) for d in drafts)
    title, summary = meta["title"][0], meta["summary"][0]
    return Guide(meta["slug"][0], title, summary, int(meta["order"][0]), track, sections)
