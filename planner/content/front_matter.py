"""Read and check the YAML front matter of a guide file."""

import re
from pathlib import Path

import yaml

from .model import TRACKS, ContentError

REQUIRED_META = ("slug", "title", "summary", "order")
KNOWN_META = (*REQUIRED_META, "track")
KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# The YAML starts on the line after the opening '---': its line 0 is the file's line 2.
_FIRST_LINE = 2


def read_meta(source: str, closing_line: int, path: Path) -> dict[str, tuple[str, int]]:
    """Return {key: (value, line)} from the front matter; closing_line is that of its '---'."""
    root = _compose(source, path)
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise ContentError(path, _FIRST_LINE, "front matter must be 'key: value' lines")
    meta: dict[str, tuple[str, int]] = {}
    for key_node, value_node in root.value if root else ():
        number = key_node.start_mark.line + _FIRST_LINE
        key = str(key_node.value)
        if not isinstance(value_node, yaml.ScalarNode) or not value_node.value.strip():
            raise ContentError(path, number, f"{key!r} needs a one-line value ('key: value')")
        if key not in KNOWN_META:
            raise ContentError(path, number, f"unknown front-matter key {key!r}")
        if key in meta:
            raise ContentError(path, number, f"duplicate front-matter key {key!r}")
        value = value_node.value.strip()
        _check_value(key, value, number, path)
        meta[key] = (value, number)
    for key in REQUIRED_META:
        if key not in meta:
            raise ContentError(path, closing_line, f"missing front-matter key {key!r}")
    return meta


def _compose(source: str, path: Path) -> yaml.Node | None:
    """Parse the YAML into nodes, which keep the line of every key."""
    try:
        return yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        # A line without a colon is only noticed on the next one; the key's own mark is better.
        if "simple key" in (getattr(err, "context", None) or ""):
            mark = err.context_mark
        line = mark.line + _FIRST_LINE if mark else _FIRST_LINE
        problem = getattr(err, "problem", None) or str(err)
        raise ContentError(path, line, f"front matter is not valid YAML: {problem}") from err


def _check_value(key: str, value: str, number: int, path: Path) -> None:
    """Reject a slug, order or track value that the app could not use."""
    if key == "slug" and not KEY.fullmatch(value):
        raise ContentError(path, number, f"bad slug {value!r}: use a-z, 0-9 and '-'")
    if key == "order" and not re.fullmatch(r"[0-9]+", value):
        raise ContentError(path, number, f"order must be a whole number, got {value!r}")
    if key == "track" and value not in TRACKS:
        raise ContentError(path, number, f"track must be one of {TRACKS}, got {value!r}")
