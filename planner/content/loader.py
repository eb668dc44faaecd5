"""Parse guide files (CommonMark with front matter and block attributes) into guide objects.

A guide file is YAML front matter, then sections. Each section is a level-2 heading with its
key on the line above (`{#key}`, or `{#key .step}` for a step), followed by paragraphs, lists
and tables; a table has its caption on the line above (`{caption="..."}`). Guide text is
plain: inline markup is refused, and raw HTML (the html option is off) stays text that the
templates escape. The first mistake stops start-up with `file:line: reason`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .front_matter import KEY, read_meta
from .model import Block, ContentError, Guide, ItemList, Paragraph, Section, Table

_MARKDOWN = (
    MarkdownIt("commonmark", {"html": False})
    .enable("table")
    .use(front_matter_plugin)
    .use(attrs_block_plugin)
)
# markdown-it splits lines the same way, so our line numbers match its line maps.
_NEWLINE = re.compile(r"\r\n?|\n")
_INLINE_BREAKS = ("softbreak", "hardbreak")


@dataclass
class _Draft:
    """A section being read: its heading and the blocks found so far."""

    key: str
    title: str
    step: int | None
    line: int
    blocks: list[Block] = field(default_factory=list)


def parse_guide(text: str, path: Path) -> Guide:
    """Parse the text of one content file; raise ContentError naming path and line."""
    return read_guide(text, path)[0]


def read_guide(text: str, path: Path) -> tuple[Guide, dict[str, int]]:
    """Parse one content file; return the guide and the line of each front-matter key."""
    nodes = SyntaxTreeNode(_MARKDOWN.parse(text)).children
    if not nodes or nodes[0].type != "front_matter":
        closed = "missing front matter: the first line must be '---'"
        if _NEWLINE.split(text, maxsplit=1)[0].strip() == "---":
            closed = "front matter is never closed with '---'"
        raise ContentError(path, 1, closed)
    closing_line = nodes[0].map[1]
    meta = read_meta(nodes[0].content, closing_line, path)
    drafts = _read_sections(nodes[1:], _NEWLINE.split(text), path)
    if not drafts:
        raise ContentError(path, closing_line, "no sections after the front matter")
    guide = _build_guide(meta, drafts, path)
    return guide, {key: line for key, (_, line) in meta.items()}


def _line(node: SyntaxTreeNode) -> int:
    """The file line (from 1) where a block starts."""
    return node.map[0] + 1


def _read_sections(nodes: list[SyntaxTreeNode], lines: list[str], path: Path) -> list[_Draft]:
    """Group the blocks after the front matter into sections."""
    drafts: list[_Draft] = []
    for node in nodes:
        if node.type == "heading":
            if drafts:
                _check_not_empty(drafts[-1], path)
            drafts.append(_read_heading(node, drafts, path))
        elif not drafts:
            raise ContentError(path, _line(node), "text before the first section")
        else:
            drafts[-1].blocks.append(_read_block(node, drafts[-1].blocks, lines, path))
    if drafts:
        _check_not_empty(drafts[-1], path)
    return drafts


def _check_not_empty(draft: _Draft, path: Path) -> None:
    """Reject a section that ended without any block."""
    if not draft.blocks:
        raise ContentError(path, draft.line, f"section {draft.key!r} is empty")


def _check_attrs(node: SyntaxTreeNode, allowed: tuple[str, ...], path: Path) -> None:
    """Reject attributes this block does not use, so a typo cannot pass unnoticed."""
    names = [*node.attrs, *node.meta.get("insecure_attrs", {})]
    unknown = [name for name in names if name not in allowed]
    if unknown:
        where = node.type.replace("_", " ")
        raise ContentError(path, _line(node), f"unknown attribute {unknown[0]!r} on this {where}")


def _read_heading(node: SyntaxTreeNode, drafts: list[_Draft], path: Path) -> _Draft:
    """Turn a '## Title' heading with '{#key}' or '{#key .step}' above it into a draft."""
    number = _line(node)
    if node.tag != "h2":
        raise ContentError(path, number, "sections start with a level-2 heading ('## Title')")
    _check_attrs(node, ("id", "class"), path)
    key = str(node.attrs.get("id", ""))
    if not key:
        raise ContentError(path, number, "section without a key: put '{#key}' above its heading")
    if not KEY.fullmatch(key):
        raise ContentError(path, number, f"bad section key {key!r}: use a-z, 0-9 and '-'")
    if any(d.key == key for d in drafts):
        raise ContentError(path, number, f"duplicate section key {key!r}")
    classes = str(node.attrs.get("class", "")).split()
    for name in classes:
        if name != "step":
            raise ContentError(path, number, f"unknown section class {name!r}: only '.step'")
    step = 1 + sum(1 for d in drafts if d.step is not None) if classes else None
    return _Draft(key, _plain(node.children[0], path), step, number)


def _read_block(
    node: SyntaxTreeNode, earlier: list[Block], lines: list[str], path: Path
) -> Block:
    """Turn a paragraph, list or table node into its block."""
    if node.type == "paragraph":
        return _read_paragraph(node, lines, path)
    if node.type in ("bullet_list", "ordered_list"):
        _check_attrs(node, ("start",), path)
        if earlier and isinstance(earlier[-1], ItemList) and lines[node.map[0] - 1].strip():
            # CommonMark starts a new list where the marker changes; without a blank line
            # between them, two lists are a slip of the marker.
            raise ContentError(path, _line(node), "list items mixing markers ('-', '1.', ...)")
        return _read_list(node, path)
    if node.type == "table":
        return _read_table(node, lines, path)
    reason = f"unsupported block ({node.type}): use paragraphs, lists and tables"
    raise ContentError(path, _line(node), reason)


def _read_paragraph(node: SyntaxTreeNode, lines: list[str], path: Path) -> Paragraph:
    """Return a paragraph, refusing lines shaped like a broken table or attribute line."""
    # Without a blank line above it, an attribute line or a table joins the paragraph.
    for number in range(node.map[0] + 1, node.map[1] + 1):
        start = lines[number - 1].lstrip()[:1]
        if start == "|":
            raise ContentError(path, number, "table row without a '| --- |' line under a header")
        if start == "{":
            raise ContentError(path, number, "attributes not understood (a blank line missing?)")
    _check_attrs(node, (), path)
    return Paragraph(_plain(node.children[0], path))


def _read_list(node: SyntaxTreeNode, path: Path) -> ItemList:
    """Return a list whose items each hold one paragraph of plain text."""
    ordered = node.type == "ordered_list"
    if ordered and node.attrs.get("start", 1) != 1:
        raise ContentError(path, _line(node), "a numbered list starts at 1")
    items = []
    for item in node.children:
        if [child.type for child in item.children] != ["paragraph"]:
            raise ContentError(path, _line(item), "a list item holds one paragraph of text")
        items.append(_plain(item.children[0].children[0], path))
    return ItemList(tuple(items), ordered)


def _read_table(node: SyntaxTreeNode, lines: list[str], path: Path) -> Table:
    """Return a captioned table with a header row and at least one row under it."""
    number = _line(node)
    _check_attrs(node, ("caption",), path)
    caption = str(node.attrs.get("caption", "")).strip()
    if not caption:
        raise ContentError(path, number, "table without a caption: put '{caption=\"...\"}' above")
    head, *body = node.children
    if not body:
        raise ContentError(path, number, "table needs a header row and at least one row")
    rows = [_read_row(row, lines, path) for row in (*head.children, *body[0].children)]
    return Table(caption, rows[0], tuple(rows[1:]))


def _read_row(row: SyntaxTreeNode, lines: list[str], path: Path) -> tuple[str, ...]:
    """Return the cells of a row, refusing a row with more, fewer or empty cells."""
    number = _line(row)
    cells = tuple(_plain(cell.children[0], path) for cell in row.children)
    # markdown-it pads a short row and drops what a long one has past the header's width.
    written = escapedSplit(lines[number - 1].strip())
    written = written[1:] if written[:1] == [""] else written
    written = written[:-1] if written[-1:] == [""] else written
    if len(written) != len(cells):
        raise ContentError(path, number, f"row has {len(written)} cells, header {len(cells)}")
    if not all(cells):
        raise ContentError(path, number, "empty table cell")
    return cells


def _plain(inline: SyntaxTreeNode, path: Path) -> str:
    """Return the text of an inline node, line breaks as spaces; markup in it is a mistake."""
    parts = []
    for child in inline.children:
        if child.type not in ("text", *_INLINE_BREAKS):
            reason = f"inline markup ({child.type}) in guide text, which is plain"
            raise ContentError(path, _line(inline), reason)
        parts.append(" " if child.type in _INLINE_BREAKS else child.content)
    return "".join(parts).strip()


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
